"""Words: what counts as one, the pack's lexicon, and the words a feature may write.

Every feature writes only real words: words of the pack's lexicon (the training text's words seen
a few times) or words already in the writer's text (names they invented). The generators ask
`KnownWords` before taking a piece, so a candidate never spells an unknown word in the first place
instead of being cut or redrawn afterwards.

A word, for the lexicon, is a run of letters with inner apostrophes ("don't", "o’er"); hyphenated
compounds count as their parts, and a run of letters touching digits ("2nd") is no word. Chinese
and Japanese characters are units of their own (char_class, IDEOGRAPH): a lexicon counts them
one by one, so a Chinese pack's lexicon is its characters; where a lexicon holds none (an English
pack), it says nothing about them.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter

WHITESPACE, WORD, PUNCT, IDEOGRAPH = 0, 1, 2, 3

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_LETTER = rf"[^\W\d_{_CJK}]"
_WORD = re.compile(rf"(?<![^\W_]){_LETTER}+(?:['’]{_LETTER}+)*(?![^\W_])")
# the word being spelled at the end of a text (letters, perhaps an apostrophe still waiting for more)
_TRAIL = re.compile(rf"(?<![^\W_]){_LETTER}+(?:['’]{_LETTER}*)*$")
_CJK_RE = re.compile(f"[{_CJK}]")
_WORD_EXTRA = set("'’-")
MIN_COUNT = 3  # a training word seen fewer times may be a typo or an OCR slip: not in the lexicon
# Longer runs of letters in the writer's text are not words to write back (and knowing every prefix
# of a 100,000-letter run would take gigabytes).
MAX_WORD_CHARS = 40


def char_class(ch: str) -> int:
    """WHITESPACE, WORD (letters, digits, apostrophes, hyphens), PUNCT, or IDEOGRAPH (a unit alone)."""
    if ch.isspace():
        return WHITESPACE
    if _CJK_RE.match(ch):
        return IDEOGRAPH
    if ch.isalnum() or ch in _WORD_EXTRA:
        return WORD
    return PUNCT


def norm_word(w: str) -> str:
    """The lexicon's key for a word: lower case, straight apostrophes, none at either end."""
    return w.lower().replace("’", "'").strip("'")


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def ideographs_of(text: str) -> list[str]:
    return _CJK_RE.findall(text)


class Lexicon:
    """The words of a pack's training text. Stored as a gzipped sorted list, one word a line (79 KB
    for the bundled pack's 28,809 words); in memory a set of words and a set of their prefixes."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if w)
        self.prefixes = frozenset(w[:i] for w in self.words for i in range(1, len(w) + 1))
        # characters are checked only against a lexicon that lists some (a Chinese pack's)
        self.ideographs = frozenset(w for w in self.words if len(w) == 1 and _CJK_RE.match(w))

    def __len__(self) -> int:
        return len(self.words)

    @classmethod
    def from_text(cls, text: str, min_count: int = MIN_COUNT) -> "Lexicon":
        counts = Counter(norm_word(w) for w in words_of(text))
        counts.update(ideographs_of(text))
        return cls(w for w, c in counts.items() if c >= min_count)

    def to_bytes(self) -> bytes:
        # mtime 0: the same words always give the same bytes (and the same checksum in the manifest)
        return gzip.compress("\n".join(sorted(self.words)).encode("utf-8"), 9, mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> "Lexicon":
        """ValueError when the data is not a gzipped UTF-8 word list."""
        try:
            text = gzip.decompress(data).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise ValueError(f"not a gzipped word list ({exc})") from None
        return cls(text.split("\n"))


class KnownWords:
    """The words a feature may write here: the lexicon's and those of the writer's own text.

    Without a lexicon (a pack that has none) every word is known."""

    def __init__(self, lexicon: Lexicon | None, text: str = ""):
        self.lexicon = lexicon
        self.own: set[str] = set()  # the writer's words the lexicon lacks (few: most are in it)
        self.own_prefixes: set[str] = set()
        self.add(text)

    def add(self, text: str) -> None:
        """Know the words of more of the writer's text."""
        if self.lexicon is None:
            return
        known = self.lexicon.words
        for w in set(words_of(text)):
            k = norm_word(w)
            if k and len(k) <= MAX_WORD_CHARS and k not in known and k not in self.own:
                self.own.add(k)
                self.own_prefixes.update(k[:i] for i in range(1, len(k) + 1))
        if self.lexicon.ideographs:
            self.own.update(c for c in set(ideographs_of(text)) if c not in known)

    def word_ok(self, w: str) -> bool:
        k = norm_word(w)
        return self.lexicon is None or not k or k in self.lexicon.words or k in self.own

    def ideograph_ok(self, ch: str) -> bool:
        return self.lexicon is None or not self.lexicon.ideographs or ch in self.lexicon.words or ch in self.own

    def _ideographs_ok(self, text: str) -> bool:
        return self.lexicon is None or not self.lexicon.ideographs or all(map(self.ideograph_ok, ideographs_of(text)))

    def partial_ok(self, p: str) -> bool:
        """Can `p`, a word still being spelled, become a known word?"""
        if self.lexicon is None:
            return True
        k = p.lower().replace("’", "'").lstrip("'")
        if not k or k in self.lexicon.prefixes or k in self.own_prefixes:
            return True
        # a trailing apostrophe may be a closing quote after a whole word
        return k.endswith("'") and self.word_ok(k.rstrip("'"))

    def text_ok(self, text: str) -> bool:
        return all(self.word_ok(w) for w in words_of(text)) and self._ideographs_ok(text)

    def piece_ok(self, before: str, piece: str, final: bool = False) -> bool:
        """May `piece` follow `before` (the text so far)? Every word it finishes must be known and the
        word it leaves unfinished must still be able to become one; with final (nothing follows),
        that word must be whole."""
        if self.lexicon is None:
            return True
        if not self._ideographs_ok(piece):
            return False
        context = before[-64:]
        joined = context + piece
        tail = None if final else _TRAIL.search(joined, len(context) - len(trailing_partial(context)))
        end = tail.start() if tail else len(joined)
        for m in _WORD.finditer(joined[:end]):
            if m.end() >= len(context) and not self.word_ok(m.group(0)):  # a word this piece finishes
                return False
        return tail is None or self.partial_ok(tail.group(0))

    def cut_before_unknown(self, text: str) -> str:
        """`text` up to the whitespace before its first unknown word, or up to its first unknown
        character (all of it when every word and character is known)."""
        cut = len(text)
        for m in _WORD.finditer(text):
            if not self.word_ok(m.group(0)):
                cut = max(text.rfind(" ", 0, m.start()), 0)
                break
        for m in _CJK_RE.finditer(text, 0, cut):
            if not self.ideograph_ok(m.group(0)):
                cut = m.start()
                break
        return text if cut == len(text) else text[:cut].rstrip()


def load_lexicon(pack) -> Lexicon:
    """The lexicon of a verified pack; ModelPackError when its file does not hold what the manifest says."""
    from creagen_desktop.pack import ModelPackError

    info = pack.manifest.lexicon
    try:
        lexicon = Lexicon.from_bytes(pack.file(info.file).read_bytes())
    except (OSError, ValueError) as exc:
        raise ModelPackError(f"The word list of the model pack {pack.name} is unusable ({exc}).") from None
    if len(lexicon) != info.words:
        raise ModelPackError(f"The word list of the model pack {pack.name} holds {len(lexicon)} words where its "
                             f"manifest says {info.words}.")
    return lexicon


def trailing_partial(text: str) -> str:
    """The word being spelled at the end of text ("" after a space or punctuation)."""
    m = _TRAIL.search(text[-64:])
    return m.group(0) if m else ""
