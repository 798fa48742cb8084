"""The tint behind text the model wrote: one soft colour per feature, from the authorship marks."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QTextEdit

from creagen_desktop.documents.authorship import Span

# Alpha keeps the writer's text colour readable on light and dark themes alike.
TINTS = {"continuation": (70, 130, 230), "variation": (60, 170, 90), "blend": (160, 90, 200), "spark": (230, 140, 40)}
TINT_ALPHA = 45


def tint_selections(document: QTextDocument, spans: list[Span]) -> list[QTextEdit.ExtraSelection]:
    """Extra selections that tint each marked span (clamped to the document) and name its feature."""
    selections = []
    length = document.characterCount() - 1
    for span in spans:
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(QColor(*TINTS[span.feature], TINT_ALPHA))
        sel.format.setToolTip(f"Written by the model ({span.feature})")
        sel.format.setProperty(QTextFormat.Property.UserProperty, span.feature)
        cursor = QTextCursor(document)
        cursor.setPosition(min(span.start, length))
        cursor.setPosition(min(span.end, length), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        selections.append(sel)
    return selections
