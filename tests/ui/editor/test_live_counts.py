import random

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from creagen_desktop.documents.counts import count_words
from creagen_desktop.ui.editor.live_counts import LiveCounts

PIECES = ["word", " ", "\n", "two words", "\n\n", "  spaced  out  ", "x", "春眠", "\t"]


def _document() -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentLayout(QPlainTextDocumentLayout(doc))  # as in the editor: Qt reports edits only with a layout
    return doc


def test_counts_follow_random_edits_exactly(qtbot):
    doc = _document()
    doc.setPlainText("The old man\nwalked to the river.\n\nShe opened the door.")
    counts = LiveCounts(doc)
    rng = random.Random(7)
    for step in range(1500):
        c = QTextCursor(doc)
        n = doc.characterCount() - 1
        a, b = sorted(rng.randint(0, n) for _ in range(2))
        c.setPosition(a)
        c.setPosition(b if rng.random() < 0.4 else a, QTextCursor.MoveMode.KeepAnchor)
        kind = rng.random()
        if kind < 0.6:
            c.insertText("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4))))
        elif kind < 0.8:
            c.removeSelectedText()
        elif kind < 0.9:
            doc.undo()
        else:
            doc.redo()
        text = doc.toPlainText()
        assert counts.words == count_words(text), (step, repr(text[-80:]))
        assert counts.chars == len(text) - text.count("\n")


def test_a_big_load_is_counted_once_and_typing_after_it_is_cheap(qtbot):
    doc = _document()
    counts = LiveCounts(doc)
    para = "It was late in the autumn, and the evenings were growing long.\n\n"
    doc.setPlainText(para * 20_000)
    assert counts.words == 12 * 20_000
    QTextCursor(doc).insertText("Once ")
    assert counts.words == 12 * 20_000 + 1
