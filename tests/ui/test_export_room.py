"""The export room: the document in view or the project's chapters in order, on a worker thread;
an open chapter goes out as its tab holds it (unsaved words and marks too)."""

import docx


def test_the_whole_project_exports_in_order_with_the_open_tab_as_it_is(qtbot, make_window, tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "01 Harbour.md").write_text("# Harbour\n\nBoats in the *harbour*.\n")
    (tmp_path / "book" / "02 Storm.txt").write_text("Rain fell.\n")
    w = make_window()
    w.project.open_folder(tmp_path / "book")
    w.project.open_chapter("02 Storm.txt")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.insert_generated("The wind rose.", "spark")  # not saved: exported as the tab holds it
    dlg = w.export.open_dialog()
    qtbot.addWidget(dlg)
    assert dlg.scope_project.isChecked() and dlg.title_edit.text() == "book"
    dlg.format.setCurrentIndex(dlg.format.findData("docx"))
    dlg.authorship.setCurrentIndex(dlg.authorship.findData("comment"))
    dlg.path_edit.setText(str(tmp_path / "book.docx"))
    with qtbot.waitSignal(w.export.jobs.fresh_result, timeout=20000):
        dlg.export_b.click()
    assert "Exported to" in dlg.status.text()
    d = docx.Document(str(tmp_path / "book.docx"))
    texts = [p.text for p in d.paragraphs if p.text]
    assert texts == ["Harbour", "Boats in the harbour.", "02 Storm", "Rain fell.", "The wind rose."]
    assert [c.text for c in d.comments] == ["Written by the model (spark)"]


def test_a_failed_export_says_why(qtbot, make_window, tmp_path):
    w = make_window()
    dlg = w.export.open_dialog()
    qtbot.addWidget(dlg)
    assert dlg.scope_doc.isChecked() and not dlg.scope_project.isEnabled()
    dlg.path_edit.setText(str(tmp_path / "out.epub"))
    with qtbot.waitSignal(w.export.jobs.fresh_failed, timeout=20000):
        dlg.export_b.click()  # an empty Untitled document
    assert dlg.status.text() == "Export failed: There is nothing to export: the text is empty."
