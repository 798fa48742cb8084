"""Spell checking with real Hunspell dictionaries, offline: spylls (a complete pure-Python port of
Hunspell) reads the .aff/.dic files shipped in resources/dictionaries, and the writer's own words
live in a personal dictionary in the data folder. No Qt: the editor asks which words of a line are
misspelled and paints them.

Lookups are cached (a novel repeats its words), so checking a screenful costs a few milliseconds
once and nothing after. Words in scripts without spaces between words (Chinese, Japanese) are not
checked, nor are words with digits, URLs or ALL-CAPS abbreviations.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from threading import Lock

from creagen_desktop.documents.files import atomic_write

ENGLISH = ("en_US", "en_GB")  # a word either dictionary accepts is correct: fiction mixes the two
SUGGESTIONS = 6  # offered in the context menu
# A word: letters (any script), inner apostrophes and hyphens ("don't", "well-known").
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CACHE_LIMIT = 200_000


def dictionaries_dir() -> Path:
    from creagen_desktop.paths import resources_dir

    return resources_dir() / "dictionaries"


def _unchecked(word: str) -> bool:
    """Words a spell checker should leave alone: CJK text, abbreviations, single letters."""
    if len(word) < 2 or (word.isupper() and len(word) <= 6):
        return True
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in word)


_loaded: dict[str, object] = {}
_loading = Lock()


def _dictionary(stem: Path):
    """A Hunspell dictionary read once per process (seconds for English): every window shares it."""
    from spylls.hunspell import Dictionary

    with _loading:
        if str(stem) not in _loaded:
            _loaded[str(stem)] = Dictionary.from_files(str(stem))
        return _loaded[str(stem)]


class SpellChecker:
    """A language's dictionaries (a word any of them accepts is correct) plus the writer's personal
    word list."""

    def __init__(self, languages: tuple[str, ...] = ENGLISH, folder: Path | None = None, personal: Path | None = None):
        folder = Path(folder or dictionaries_dir())
        for language in languages:
            if not (folder / f"{language}.dic").is_file():
                raise FileNotFoundError(f"No {language} dictionary in {folder}")
        self.languages = languages
        self.dictionaries = [_dictionary(folder / language) for language in languages]
        self.personal_path = personal
        self.personal: set[str] = set()
        if personal is not None and personal.is_file():
            try:
                self.personal = {w.strip() for w in personal.read_text(encoding="utf-8").splitlines() if w.strip()}
            except (OSError, UnicodeDecodeError):
                self.personal = set()  # a damaged list must not stop the checking
        self.ignored: set[str] = set()  # "Ignore" for this session
        self._known: dict[str, bool] = {}

    def correct(self, word: str) -> bool:
        if word in self.personal or word in self.ignored or _unchecked(word):
            return True
        known = self._known.get(word)
        if known is None:
            word_ = word.replace("’", "'")
            known = any(d.lookup(word_) for d in self.dictionaries)
            if len(self._known) > _CACHE_LIMIT:
                self._known.clear()
            self._known[word] = known
        return known

    def misspelled(self, line: str) -> list[tuple[int, int]]:
        """(start, end) of each misspelled word in a line, as Python string offsets."""
        out = []
        for m in WORD.finditer(line):
            word = m.group(0)
            if not self.correct(word):
                out.append((m.start(), m.end()))
        return out

    def suggestions(self, word: str, n: int = SUGGESTIONS) -> list[str]:
        out: list[str] = []
        for d in self.dictionaries:
            for s in d.suggest(word.replace("’", "'")):
                if s not in out:
                    out.append(s)
                if len(out) >= n:
                    return out
        return out

    def add(self, word: str) -> None:
        """Add a word to the personal dictionary (kept in the data folder; raises OSError)."""
        self.personal.add(word)
        self._known.pop(word, None)
        if self.personal_path is not None:
            self.personal_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.personal_path, ("\n".join(sorted(self.personal)) + "\n").encode("utf-8"))

    def ignore(self, word: str) -> None:
        self.ignored.add(word)


def word_at(line: str, col: int) -> tuple[int, int] | None:
    """The (start, end) of the word at column col of a line, if there is one."""
    for m in WORD.finditer(line):
        if m.start() <= col <= m.end():
            return m.start(), m.end()
    return None
