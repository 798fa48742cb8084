"""Rhyme groups and tones (平仄) of characters, from the pack's prosody table (prosody.json).

Two rhyme tables, each mapping a character to its readings, a reading being (rhyme group, 平 or 仄):

* "xin", 中华新韵 (the 14 groups of the 中华诗词学会), from the characters' modern Mandarin readings
  (tones 1-2 平, 3-4 仄), most common reading first;
* "pingshui", 平水韵 (106 groups), the rhyme book of Tang regulated verse, every reading it lists.

The table is built at pack time (training.prosody_table), so the app needs neither a pinyin library
nor rhyme-book data at run time. A character with several readings (多音字) can be read three ways:

  "any"      it fits a tone or a group if any of its readings does (the permissive rule: the poet
             chose the reading);
  "primary"  新韵: only its common modern reading (its rare and archaic ones would let it pass as
             both 平 and 仄); 平水韵: every reading the rhyme book gives (they are Tang usage);
  "context"  新韵: the reading its phrase gives it (长安 -> cháng), from the table's phrase list,
             else the primary one; 平水韵: as "primary".

A character the 平水韵 table lacks (variant spellings, mostly) takes its modern tone with no rhyme
group ("?"), so a checker can still read the line; the decoder treats it as toneless.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from creagen_desktop.pack.format import ModelPackError

PING, ZE = "平", "仄"
TONES = (PING, ZE)
TABLES = ("xin", "pingshui")
TABLE_TITLES = {"xin": "中华新韵", "pingshui": "平水韵"}
READINGS = ("any", "primary", "context")
UNKNOWN_GROUP = "?"
TABLE_FORMAT = 1

Reading = tuple[str, str]  # (rhyme group, 平 or 仄)


class RhymeTable:
    """The readings of characters under one rhyme table."""

    def __init__(self, name: str, groups: list[str], readings: dict[str, tuple[Reading, ...]],
                 phrases: dict[str, tuple[Reading, ...]] | None = None, fallback: "RhymeTable | None" = None):
        self.name = name
        self.title = TABLE_TITLES.get(name, name)
        self.groups = list(groups)
        self._readings = readings
        self._phrases = phrases or {}
        self._fallback = fallback  # 平水韵: the modern tone of a character the rhyme book lacks

    def known(self, ch: str) -> bool:
        """Whether the table itself lists the character."""
        return ch in self._readings

    def readings(self, ch: str) -> tuple[Reading, ...]:
        r = self._readings.get(ch, ())
        if not r and self._fallback is not None:
            return tuple((UNKNOWN_GROUP, t) for t in TONES if t in self._fallback.tones(ch))
        return r

    def primary(self, ch: str) -> tuple[Reading, ...]:
        """The readings a decoder relies on: 新韵 the first, 平水韵 all the table lists (none for a
        character it lacks, whose 入声 the modern tone may hide)."""
        r = self._readings.get(ch, ())
        return r[:1] if self.name == "xin" else r

    def tones(self, ch: str, reading: str = "any") -> set[str]:
        r = self.primary(ch) if reading != "any" else self.readings(ch)
        return {t for _, t in r}

    def rhyme_groups(self, ch: str, ping_only: bool = True, reading: str = "any") -> set[str]:
        """The groups a character can rhyme in (regulated verse rhymes on 平 only, by default)."""
        r = self.primary(ch) if reading != "any" else self.readings(ch)
        return {g for g, t in r if (t == PING or not ping_only) and g != UNKNOWN_GROUP}

    def in_context(self, line: str) -> list[Reading | None]:
        """One reading per character as the line's phrases read it (新韵), else the primary one."""
        out: list[Reading | None] = []
        i = 0
        while i < len(line):
            pair = self._phrases.get(line[i : i + 2]) if i + 1 < len(line) else None
            if pair is not None:
                out += list(pair)
                i += 2
                continue
            first = self.primary(line[i]) or self.readings(line[i])
            out.append(first[0] if first else None)
            i += 1
        return out

    def line_tones(self, line: str, reading: str = "any") -> list[set[str]]:
        """Per character, the tones it may take under `reading` (an empty set: unknown)."""
        if reading not in READINGS:
            raise ValueError(f"reading must be one of {', '.join(READINGS)}")
        if reading == "context" and self.name == "xin":
            return [{r[1]} if r else set() for r in self.in_context(line)]
        if reading == "any":
            return [self.tones(c) for c in line]
        # primary, and 平水韵 in context: the listed readings, else the fallback's tone
        return [self.tones(c, "primary") or self.tones(c) for c in line]

    def last_rhymes(self, line: str, reading: str = "any", ping_only: bool = True) -> set[str]:
        """The groups the line's last character rhymes in, read as `reading` says."""
        if not line:
            return set()
        if reading == "context" and self.name == "xin":
            r = self.in_context(line)[-1]
            return {r[0]} if r and (r[1] == PING or not ping_only) else set()
        return self.rhyme_groups(line[-1], ping_only, "any" if reading == "any" else "primary")


@dataclass
class Prosody:
    """The pack's rhyme tables and how often each character was seen in training."""

    tables: dict[str, RhymeTable]
    counts: dict[str, int]
    doubles: frozenset[str] = frozenset()  # characters the corpus doubles (叠字), which a poem may double

    def table(self, name: str) -> RhymeTable:
        if name not in self.tables:
            raise ValueError(f"no rhyme table {name!r}: this pack has {', '.join(self.tables)}")
        return self.tables[name]

    @classmethod
    def load(cls, path: Path) -> "Prosody":
        """Read prosody.json; ValueError saying what is wrong with it."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise ValueError(f"it cannot be read ({type(exc).__name__})") from None
        return cls.from_dict(data)

    @classmethod
    def from_pack(cls, pack) -> "Prosody":
        info = pack.manifest.poem
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no rhyme and tone tables for poems.")
        try:
            prosody = cls.load(pack.file(info.files.prosody))
        except ValueError as exc:
            raise ModelPackError(f"The rhyme and tone tables of the model pack {pack.name} are unusable ({exc}).") from None
        if sorted(prosody.tables) != sorted(info.tables):
            raise ModelPackError(f"The rhyme tables of the model pack {pack.name} are not the ones its manifest names.")
        return prosody

    @classmethod
    def from_dict(cls, data) -> "Prosody":
        if not isinstance(data, dict) or data.get("format") != TABLE_FORMAT:
            raise ValueError(f"not a prosody table of format {TABLE_FORMAT}")
        tables, chars, phrases = data.get("tables"), data.get("chars"), data.get("phrases", {})
        if not isinstance(tables, dict) or not tables or not isinstance(chars, dict) or not isinstance(phrases, dict):
            raise ValueError("it lacks its tables or characters")
        unknown = sorted(set(tables) - set(TABLES))
        if unknown or "xin" not in tables:
            raise ValueError(f"it names unknown rhyme tables ({', '.join(unknown)})" if unknown else "it has no 新韵 table")
        counts: dict[str, int] = {}
        readings: dict[str, dict[str, tuple[Reading, ...]]] = {name: {} for name in tables}
        for ch, rec in chars.items():
            if not isinstance(ch, str) or len(ch) != 1 or not isinstance(rec, dict):
                raise ValueError(f"a bad character entry ({str(ch)[:8]!r})")
            n = rec.get("n", 0)
            counts[ch] = n if isinstance(n, int) and not isinstance(n, bool) else 0
            for name in tables:
                if rec.get(name):
                    readings[name][ch] = _readings(rec[name], ch)
        xin_phrases = {k: _readings(v, k) for k, v in phrases.get("xin", {}).items()
                       if isinstance(k, str) and len(k) == 2}
        if any(len(v) != 2 for v in xin_phrases.values()):
            raise ValueError("a phrase reading does not have one reading a character")
        doubles = data.get("doubles", [])
        if not isinstance(doubles, list) or not all(isinstance(c, str) and len(c) == 1 for c in doubles):
            raise ValueError("its doubled characters are not a list of characters")
        out = {"xin": RhymeTable("xin", _groups(tables["xin"]), readings["xin"], xin_phrases)}
        if "pingshui" in tables:
            out["pingshui"] = RhymeTable("pingshui", _groups(tables["pingshui"]), readings["pingshui"],
                                         fallback=out["xin"])
        return cls(out, counts, frozenset(doubles))


def _groups(table) -> list[str]:
    groups = table.get("groups") if isinstance(table, dict) else None
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        raise ValueError("a table without its list of rhyme groups")
    return groups


def _readings(value, what: str) -> tuple[Reading, ...]:
    if not isinstance(value, list) or not all(
            isinstance(r, list) and len(r) == 2 and isinstance(r[0], str) and r[1] in TONES for r in value):
        raise ValueError(f"bad readings for {what[:8]!r}")
    return tuple((g, t) for g, t in value)
