"""One document tab: its text, file, format and authorship sidecar."""

from PySide6.QtCore import Qt

from creagen_desktop.documents.authorship import sidecar_path
from creagen_desktop.ui.editor.document_tab import DocumentTab


def marks(w):
    return [(s.start, s.end, s.feature) for s in w.editor.marks.spans]


def test_marks_survive_save_and_reopen_and_edits_make_text_the_writers(qtbot, make_window, tmp_path):
    w = make_window()
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    doc = tmp_path / "story.txt"
    assert w.desk.save_to(doc)
    assert doc.read_text() == "She walked to the end of the road."  # the document stays plain text
    assert sidecar_path(doc).is_file()
    w.desk.close_tab(0)
    assert w.desk.open_path(doc) and marks(w) == [(13, 34, "continuation")]
    assert "Continuation: 61.8%" in w.reports.authorship_text() and "You: 38.2%" in w.reports.authorship_text()
    c = w.editor.textCursor()
    c.setPosition(20)
    w.editor.setTextCursor(c)
    qtbot.keyClicks(w.editor, "very ")  # the writer's letters inside the model's sentence are theirs
    assert marks(w) == [(13, 20, "continuation"), (25, 39, "continuation")]
    c.setPosition(13)
    c.setPosition(39, c.MoveMode.KeepAnchor)
    w.editor.setTextCursor(c)
    qtbot.keyClicks(w.editor, "home.")  # typed over the model's words: the writer's now
    assert marks(w) == []
    assert w.desk.save() and not sidecar_path(doc).exists()


def test_a_tab_loads_saves_and_colours_markdown_by_its_name(qtbot, tmp_path):
    src = tmp_path / "notes.txt"
    src.write_bytes(b"one\r\ntwo\r\n")
    tab = DocumentTab()
    qtbot.addWidget(tab)
    assert tab.is_pristine() and tab.title == "Untitled"
    assert tab.load(src) is None and tab.text() == "one\ntwo\n" and tab.title == "notes.txt"
    assert not tab.is_modified() and tab.highlighter is None and not tab.is_pristine()
    assert tab.editor.document().availableUndoSteps() == 0  # loading is not an edit to undo
    tab.editor.insertPlainText("# three\n")  # at the end, where loading left the cursor
    assert tab.is_modified() and tab.revision > 0
    md = tmp_path / "notes.md"
    assert tab.save(md) is None and tab.path == md and not tab.is_modified()
    assert md.read_bytes() == b"one\r\ntwo\r\n# three\r\n" and tab.highlighter is not None  # its line endings kept
    assert not tab.changed_on_disk()
    md.write_text("changed elsewhere, and longer")
    assert tab.changed_on_disk()
