"""Reading the chinese-poetry collections (全唐诗, 唐诗三百首, 全宋词, 宋词三百首) into a work folder.

The JSON records are {title or rhythmic, author, paragraphs[]}; 全唐诗 is in Traditional characters,
the ci in Simplified with leftovers. Every poem is converted to Simplified with OpenCC (t2s, also on
the ci), and dropped when its raw text holds a missing-character mark, an editorial note (any
bracket: supplied characters "[爽]", variants "（一作…）", composed glyphs "{…/…}"), a character that
is neither Chinese nor verse punctuation (mojibake), or no sentence end; the same body under two
titles or authors is one poem. A poem is held out for validation by a hash of its title, author and
text, so the split does not depend on the order of the files or the machine.

The training text has one poem a paragraph and one sentence (ending 。？！) a text line, which puts
a regulated poem one couplet a line. Titles stay out of it (long, administrative, nothing a writer
continues); they are kept, with the author, source, split and shape, in poems.jsonl.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from creagen_desktop.engine.verse import FORM_NAMES, SENTENCE_ENDS, is_cjk, shape_of
from training.corpus import CorpusError, join_paragraphs
from training.workdir import WorkDir, write_json

# (source name, files under the corpus folder), read in this order: the full collections first, so an
# anthology's copy of a poem is the one dropped as a duplicate
COLLECTIONS = (
    ("tang", "quan_tang_shi/poet.tang.*.json"),
    ("tang300", "tangshi_300.json"),
    ("ci", "song_ci/ci.song.*.json"),
    ("ci300", "songci_300.json"),
)
MISSING_MARKS = set("□■〇○◯◻▢�")
NOTE_BRACKETS = set("[]{}()（）【】〔〕「」『』<>")
PUNCTUATION = set("，。、？！；：《》“”‘’…·")


class PoetryReport:
    """What reading the collections kept and dropped, by source and reason."""

    def __init__(self):
        self.read: Counter = Counter()
        self.dropped: Counter = Counter()
        self.kept: Counter = Counter()
        self.split: Counter = Counter()
        self.forms: Counter = Counter()  # shapes of the kept Tang poems
        self.chars: dict = {}
        self.validation = ""

    @property
    def paragraphs_kept(self) -> int:
        return sum(self.kept.values())

    def summary(self) -> str:
        def counts(c: Counter) -> str:
            return ", ".join(f"{k} {v:,}" for k, v in c.most_common())

        lines = [
            f"poems read:               {sum(self.read.values()):,} ({counts(self.read)})",
            *(f"dropped, {reason + ':':<17} {n:,}" for reason, n in self.dropped.most_common()),
            f"poems kept:               {self.paragraphs_kept:,} ({counts(self.kept)})",
            f"train / validation poems: {self.split['train']:,} / {self.split['val']:,} ({self.validation})",
            f"Chinese characters:       {self.chars.get('cjk', 0):,} ({self.chars.get('distinct', 0):,} distinct)",
            "Tang poems by shape:      " + ", ".join(f"{FORM_NAMES.get(k, 'other')} {self.forms[k]:,}"
                                                     for k in (*FORM_NAMES, None)),
        ]
        return "\n".join(lines)

    def record(self, corpus: list[str]) -> dict:
        """The work folder's corpus.json (the manifest's top-level `training`)."""
        return {"corpus": [Path(c).name for c in corpus], "format": "chinese-poetry",
                "collections": sorted(self.kept), "paragraphs": self.paragraphs_kept,
                "validation": self.validation, "dropped": dict(self.dropped), "simplified_by": "OpenCC t2s"}


@dataclass
class Poem:
    source: str
    title: str
    author: str
    text: str  # Simplified, one sentence a line
    split: str = "train"
    form: str | None = field(default=None)

    def key(self) -> int:
        digest = hashlib.blake2b(f"{self.title}\x1f{self.author}\x1f{self.text}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")


def _files(root: Path, pattern: str) -> list[Path]:
    # poet.tang.1000.json before poet.tang.10000.json: in the collection's own order
    return sorted(root.glob(pattern), key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.name)])


def read_records(root: Path) -> list[tuple[str, dict]]:
    """(source, record) for every record of the collections found under `root`."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"{root}: no such folder (give the chinese-poetry folder)")
    out = []
    for source, pattern in COLLECTIONS:
        for path in _files(root, pattern):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CorpusError(f"{path}: not a readable JSON file ({exc})") from None
            if not isinstance(data, list):
                raise CorpusError(f"{path}: expected a list of poems")
            out += [(source, r) for r in data]
    if not out:
        raise CorpusError(f"{root}: no chinese-poetry JSON files found ({', '.join(p for _, p in COLLECTIONS)})")
    return out


def reject_reason(raw: str) -> str | None:
    """Why a poem's raw text is not kept, or None."""
    if not raw.strip():
        return "empty"
    if any(c in MISSING_MARKS for c in raw):
        return "missing character"
    if any(c in NOTE_BRACKETS for c in raw):
        return "editorial note"
    if any(not (is_cjk(c) or c in PUNCTUATION or c.isspace()) for c in raw):
        return "foreign character"
    if not any(c in SENTENCE_ENDS for c in raw) or raw.rstrip()[-1] not in SENTENCE_ENDS + "，；：":
        return "no sentence end"
    return None


def one_sentence_a_line(text: str) -> str:
    """NFC, no whitespace, a line break after every sentence end."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFC", text))
    return re.sub(f"(?<=[{SENTENCE_ENDS}])(?=.)", "\n", s)


def body_key(text: str) -> bytes:
    """The characters of a poem without its punctuation: what makes two records the same poem."""
    return hashlib.blake2b("".join(c for c in text if is_cjk(c)).encode(), digest_size=16).digest()


def read_poems(root: Path, val_fraction: float = 0.05) -> tuple[list[Poem], PoetryReport]:
    """Convert, filter, deduplicate and split the collections under `root`."""
    import opencc

    if not 0 < val_fraction < 1:
        raise CorpusError("the validation share must be between 0 and 1")
    every = max(2, round(1 / val_fraction))
    t2s = opencc.OpenCC("t2s")
    report, seen, poems = PoetryReport(), set(), []
    for source, r in read_records(root):
        report.read[source] += 1
        paras = r.get("paragraphs") if isinstance(r, dict) else None
        if not isinstance(paras, list) or not all(isinstance(p, str) for p in paras):
            report.dropped["malformed record"] += 1
            continue
        reason = reject_reason("".join(paras))  # on the raw text: t2s passes marks and brackets through
        if reason:
            report.dropped[reason] += 1
            continue
        text = one_sentence_a_line(t2s.convert("".join(paras)))
        key = body_key(text)
        if key in seen:
            report.dropped["duplicate"] += 1
            continue
        seen.add(key)
        title = r.get("title") or r.get("rhythmic") or ""
        poem = Poem(source, t2s.convert(str(title)), t2s.convert(str(r.get("author") or "")), text)
        poem.form = shape_of(text)
        poem.split = "val" if poem.key() % every == 0 else "train"
        poems.append(poem)
        report.kept[source] += 1
        report.split[poem.split] += 1
        if source.startswith("tang"):
            report.forms[poem.form] += 1
    if not poems:
        raise CorpusError(f"{root}: no usable poem (dropped: {dict(report.dropped)})")
    freq = Counter(c for p in poems for c in p.text if is_cjk(c))
    report.chars = {"cjk": sum(freq.values()), "distinct": len(freq)}
    report.validation = f"{1 / every:.0%} of poems (blake2b of title, author and text, modulo {every})"
    return poems, report


def prepare_poetry(corpus: list[str], work: WorkDir, val_fraction: float = 0.05) -> PoetryReport:
    """Write train.txt, val.txt, poems.jsonl and report.txt into the work folder."""
    if len(corpus) != 1:
        raise CorpusError("give one chinese-poetry folder")
    poems, report = read_poems(Path(corpus[0]), val_fraction)
    work.root.mkdir(parents=True, exist_ok=True)
    for split, path in (("train", work.train), ("val", work.val)):
        path.write_text(join_paragraphs([p.text for p in poems if p.split == split]), encoding="utf-8")
    with work.poems.open("w", encoding="utf-8") as f:
        for p in poems:
            f.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
    work.clean_report.write_text(report.summary() + "\n", encoding="utf-8")
    write_json(work.corpus, report.record(corpus))
    return report


def load_poems(work: WorkDir, split: str | None = None, form: str | None = None) -> list[Poem]:
    """poems.jsonl's poems, optionally of one split and one shape."""
    out = []
    with work.need(work.poems).open(encoding="utf-8") as f:
        for line in f:
            p = Poem(**json.loads(line))
            if (split is None or p.split == split) and (form is None or p.form == form):
                out.append(p)
    return out
