"""Telling assistive technology what the ghost says: it is painted, so a screen reader cannot read it
from the text. As an announcement, and as the editor's description meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

from creagen_desktop.ui.editor.ghost import Ghost
from creagen_desktop.ui.menus import keys_text

try:
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # Qt before 6.8: the changed description is what screen readers hear
    QAccessibleAnnouncementEvent = None


def describe(ghost: Ghost) -> str:
    n = len(ghost.candidates)
    which = (QCoreApplication.translate("GhostEditor", " (%1 of %2; %3 for the next)").replace("%1", str(ghost.index + 1)).replace("%2", str(n))
             .replace("%3", keys_text("generate.next")) if n > 1 else "")
    said = ghost.text.strip()
    said += "" if said.endswith((".", "!", "?", "…", "。", "！", "？")) else "."
    return (QCoreApplication.translate("GhostEditor", "Suggestion%1: %2 %3 to accept, %4 to dismiss.").replace("%1", which).replace("%2", said)
            .replace("%3", keys_text("generate.accept")).replace("%4", keys_text("generate.dismiss")))


def announce(editor: QWidget, ghost: Ghost, aloud: bool = True) -> str:
    """Set the editor's description to what the ghost says (and say it aloud); returns the text."""
    text = describe(ghost)
    editor.setAccessibleDescription(text)
    if aloud and QAccessible.isActive():
        event = (QAccessibleAnnouncementEvent(editor, text) if QAccessibleAnnouncementEvent is not None
                 else QAccessibleEvent(editor, QAccessible.Event.DescriptionChanged))
        QAccessible.updateAccessibility(event)
    return text
