"""The ghost text's state: the candidates of the latest suggestion, which one shows, what is left of
it and the cursor position it belongs to. No Qt: GhostEditor asks it and then emits and repaints.

The ghost shows only while the cursor stands where it was offered; taking a word or typing the
predicted letters moves that position along with the cursor, keeping the rest.
"""

from __future__ import annotations

import re

_NEXT_WORD = re.compile(r"^\s*\S+")
# Chinese has no spaces between words: Ctrl+Right takes one character, with the marks right after it
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NEXT_CJK = re.compile(f"^\\s*[{_CJK}][^{_CJK}\\w\\s]*")


class Ghost:
    def __init__(self):
        self.candidates: list[str] = []
        self.index = 0  # which candidate shows
        self.text = ""  # what is left to show of it
        self.pos = -1  # cursor position the ghost belongs to

    def shows_at(self, pos: int) -> bool:
        return bool(self.text) and self.pos == pos

    def offered_at(self, pos: int) -> bool:
        """Candidates are on offer at pos (even when the one showing was taken down to nothing)."""
        return bool(self.candidates) and self.pos == pos

    def show(self, candidates: list[str], pos: int) -> bool:
        """Offer the candidates at pos, the first one showing (when it is empty, the model was not
        sure enough: nothing shows until the writer cycles to another); False when none is left."""
        first = candidates[0] if candidates else ""
        rest = [c for c in candidates[1:] if c and c != first]
        if not first and not rest:
            return False
        self.candidates = ([first] if first else []) + rest
        self.index, self.text, self.pos = (0 if first else -1), first, pos
        return True

    def offer_more(self, candidates: list[str], pos: int) -> bool:
        """Add candidates to those on offer at pos (or offer them there, none showing, if none were
        on offer); False when the cursor has moved on or nothing is new."""
        if self.candidates and self.pos != pos:
            return False
        new = [c for c in dict.fromkeys(candidates) if c and c not in self.candidates]
        if not new:
            return False
        if not self.candidates:
            self.index, self.text, self.pos = -1, "", pos
        self.candidates = self.candidates + new
        return True

    def clear(self) -> bool:
        """Forget everything; True if there was something to forget."""
        had = bool(self.text) or bool(self.candidates)
        self.candidates, self.text, self.pos = [], "", -1
        return had

    def cycle(self, step: int, pos: int) -> int | None:
        """Show the next (step 1) or previous (-1) candidate, wrapping; its index, or None if none is offered here."""
        if not self.offered_at(pos):
            return None
        if self.index < 0:  # none showing yet: the first (or the last) one
            self.index = 0 if step > 0 else len(self.candidates) - 1
        else:
            self.index = (self.index + step) % len(self.candidates)
        self.text = self.candidates[self.index]
        return self.index

    def candidate(self, index: int, pos: int) -> str | None:
        """Candidate `index` in full, if candidates are on offer at pos."""
        if not (0 <= index < len(self.candidates)) or self.pos != pos:
            return None
        return self.candidates[index]

    def take_word(self) -> tuple[str, str]:
        """(the next word with the space before it, the rest; in Chinese the next character and the
        marks after it). The ghost is emptied until keep()."""
        m = _NEXT_CJK.match(self.text) or _NEXT_WORD.match(self.text)
        word = m.group(0) if m else self.text
        rest = self.text[len(word):]
        self.text = ""
        return word, rest

    def typed_through(self, typed: str) -> str | None:
        """What is left when the writer types `typed` and the ghost predicted it; else None."""
        if typed and (typed.isprintable() or typed == "\n") and self.text.startswith(typed):
            return self.text[len(typed):]
        return None

    def keep(self, rest: str, pos: int) -> bool:
        """After a partial accept or typing along: `rest` shows at the new cursor. False if nothing is left."""
        if not rest:
            return False
        self.text, self.pos = rest, pos
        return True
