"""When the ghost may speak unasked. No Qt: GhostEditor tells it what happened and asks it.

No ghost on an empty line or at the start of a paragraph (Tab there means indent), in a Markdown
heading, or right after a deletion or an undo (the writer is taking text out, not asking for more).
A writer who dismisses suggestion after suggestion is asked less often: after DISMISSALS in a row
the pause before a suggestion doubles, and again after as many more, up to BACKOFF_LIMIT times the
pause; an accepted suggestion resets it. Ctrl+Space (Suggest now) is always answered.
"""

from __future__ import annotations

import re

DISMISSALS = 5  # dismissals in a row before the pause doubles
BACKOFF_LIMIT = 8  # the pause grows to at most this many times the writer's own
TYPING, DELETION, UNDO = "typing", "deletion", "undo"
_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")  # an ATX heading: "# Title", "### Part two"


def quiet_reason(line: str, column: int, markdown: bool = False) -> str | None:
    """Why no ghost may show unasked with the cursor at `column` of `line`, or None when it may."""
    if not line[:column].strip():
        return "the start of a paragraph"
    if markdown and _HEADING.match(line):
        return "a heading"
    return None


class Etiquette:
    def __init__(self, back_off: bool = True):
        self.back_off = back_off
        self.dismissed = 0  # dismissals in a row
        self.last_edit = TYPING
        self._undo_steps = 0

    def edited(self, kind: str) -> None:
        self.last_edit = kind

    def edit_seen(self, removed: int, added: int, undo_steps: int, own: bool) -> None:
        """An edit of the document: text put in by Creagen (or the writer typing what the ghost said)
        is typing; otherwise an undo (the undo stack shrank), a deletion, or typing."""
        if own:
            kind = TYPING
        elif undo_steps < self._undo_steps:
            kind = UNDO
        else:
            kind = DELETION if removed and not added else TYPING
        self._undo_steps = undo_steps
        self.edited(kind)

    def dismissed_one(self) -> None:
        self.dismissed += 1

    def accepted(self) -> None:
        self.dismissed = 0

    def pause_factor(self) -> int:
        """How many times the writer's pause to wait now: 1, 2, 4, ... up to BACKOFF_LIMIT."""
        if not self.back_off:
            return 1
        return min(2 ** (self.dismissed // DISMISSALS), BACKOFF_LIMIT)

    def may_ask(self, line: str, column: int, markdown: bool = False) -> bool:
        """May a ghost be asked for after a pause here (the writer did not ask)?"""
        return self.last_edit == TYPING and quiet_reason(line, column, markdown) is None
