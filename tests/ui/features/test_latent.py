"""Variations and Blend driven as a writer would: select, open, choose, undo."""

import threading

from fakes import FakeEngine, FakeLatentEngine
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication

TEXT = "The old man walked to the river. She opened the door."


def _type_and_select(w, qtbot, text=TEXT, start=0, end=None):
    ed = w.editor
    ed.setPlainText(text)
    c = ed.textCursor()
    c.setPosition(start)
    c.setPosition(len(text) if end is None else end, QTextCursor.MoveMode.KeepAnchor)
    ed.setTextCursor(c)
    return ed


def test_actions_hidden_when_the_pack_has_no_vae(make_window):
    w = make_window(FakeEngine())
    assert not w.latent.vary_action.isVisible() and not w.latent.blend_action.isVisible()
    w.latent.open_variations()
    assert w.latent.panel.isHidden()


def test_actions_listed_with_shortcuts_when_the_pack_has_a_vae(make_window):
    w = make_window(FakeLatentEngine())
    assert w.latent.vary_action.isVisible() and w.latent.blend_action.isVisible()
    assert w.latent.vary_action.shortcut().toString() == "Ctrl+Shift+V"
    assert w.latent.vary_action in w.menus.menu("generate").actions()


def test_variations_replace_the_selection_as_one_undo_step(make_window, qtbot):
    engine = FakeLatentEngine()
    w = make_window(engine)
    ed = _type_and_select(w, qtbot)
    w.latent.vary_action.trigger()
    panel = w.latent.panel
    qtbot.waitUntil(lambda: panel.list.count() == 5, timeout=5000)
    assert panel.isVisible()
    text, n, creativity, _seed, cursor = engine.vary_calls[-1]
    assert (text, n, creativity, cursor) == (TEXT, 5, 1.0, None)
    assert threading.get_ident() not in engine.threads  # the model ran off the GUI thread
    item = panel.list.item(1)
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ed.toPlainText() == "Variation 2 of call 1."
    ed.undo()
    assert ed.toPlainText() == TEXT


def test_moving_the_creativity_slider_rerolls(make_window, qtbot):
    engine = FakeLatentEngine()
    w = make_window(engine)
    _type_and_select(w, qtbot)
    w.latent.open_variations()
    qtbot.waitUntil(lambda: len(engine.vary_calls) == 1, timeout=5000)
    w.latent.panel.set_creativity(2.0)
    qtbot.waitUntil(lambda: len(engine.vary_calls) == 2, timeout=5000)
    assert engine.vary_calls[-1][2] == 2.0
    w.latent.panel.reroll_button.click()
    qtbot.waitUntil(lambda: len(engine.vary_calls) == 3, timeout=5000)
    assert engine.vary_calls[-1][3] != engine.vary_calls[-2][3]  # a new seed each time
    qtbot.waitUntil(lambda: w.latent.panel.list.count() == 5 and "call 3" in w.latent.panel.list.item(0).text())


def test_without_a_selection_the_sentence_at_the_cursor_varies(make_window, qtbot):
    engine = FakeLatentEngine()
    w = make_window(engine)
    ed = w.editor
    ed.setPlainText("First paragraph.\n" + TEXT)
    c = ed.textCursor()
    c.setPosition(len("First paragraph.\n") + TEXT.index("opened"))
    ed.setTextCursor(c)
    w.latent.open_variations()
    qtbot.waitUntil(lambda: bool(engine.vary_calls), timeout=5000)
    text, *_rest, cursor = engine.vary_calls[-1]
    assert text == TEXT and cursor == TEXT.index("opened")
    assert w.latent.panel.only_cursor_sentence


def test_an_edited_passage_is_not_overwritten(make_window, qtbot):
    engine = FakeLatentEngine()
    w = make_window(engine)
    ed = _type_and_select(w, qtbot)
    w.latent.open_variations()
    qtbot.waitUntil(lambda: w.latent.panel.list.count() == 5, timeout=5000)
    c = ed.textCursor()
    c.setPosition(4)
    c.insertText("very ")
    w.latent.panel.chosen.emit(w.latent.panel.variations()[0])
    assert ed.toPlainText() == "The very old man walked to the river. She opened the door."
    assert "changed" in w.latent.panel.status.text()


def test_variation_marks_model_text(make_window, qtbot):
    w = make_window(FakeLatentEngine())
    ed = _type_and_select(w, qtbot)
    seen = []
    ed.generated.connect(lambda feature, text: seen.append((feature, text)))
    w.latent.open_variations()
    qtbot.waitUntil(lambda: w.latent.panel.list.count() == 5, timeout=5000)
    w.latent.panel.chosen.emit(w.latent.panel.variations()[0])
    assert seen == [("variation", "Variation 1 of call 1.")]


def test_blend_dialog_slides_along_the_path_and_replaces(make_window, qtbot):
    engine = FakeLatentEngine()
    w = make_window(engine)
    QGuiApplication.clipboard().setText("A cat sat on the wall.")
    ed = _type_and_select(w, qtbot, end=TEXT.index(" She"))
    dlg = w.latent.open_blend()
    assert dlg is not None and dlg.b == "A cat sat on the wall."
    qtbot.waitUntil(lambda: dlg.list.count() == 8, timeout=5000)
    assert engine.blend_calls[-1] == ("The old man walked to the river.", "A cat sat on the wall.", 8, "slerp")
    dlg.slider.setValue(0)
    assert dlg.current.text() == "Step 1 of 8 (slerp)."
    dlg.slider.setValue(6)
    assert dlg.current.text() == "Step 7 of 8 (slerp)." and dlg.list.currentRow() == 6
    dlg.replace_button.click()
    assert ed.toPlainText() == "Step 7 of 8 (slerp). She opened the door."
    ed.undo()
    assert ed.toPlainText() == TEXT


def test_blend_inserts_after_a_and_takes_b_from_a_second_selection(make_window, qtbot):
    engine = FakeLatentEngine()
    w = make_window(engine)
    QGuiApplication.clipboard().setText("")
    ed = _type_and_select(w, qtbot, end=TEXT.index(" She"))
    dlg = w.latent.open_blend()
    assert dlg.b == ""
    c = ed.textCursor()  # the writer selects passage B in the editor while the dialog is open
    c.setPosition(TEXT.index("She"))
    c.setPosition(len(TEXT), QTextCursor.MoveMode.KeepAnchor)
    ed.setTextCursor(c)
    dlg.take_button.click()
    qtbot.waitUntil(lambda: dlg.list.count() == 8, timeout=5000)
    assert engine.blend_calls[-1][1] == "She opened the door."
    dlg.path.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "(lerp)" in dlg.current.text(), timeout=5000)
    dlg.slider.setValue(2)
    dlg.insert_button.click()
    assert ed.toPlainText() == "The old man walked to the river. Step 3 of 8 (lerp). She opened the door."


def test_blend_needs_a_selection(make_window):
    w = make_window(FakeLatentEngine())
    w.editor.setPlainText(TEXT)
    assert w.latent.open_blend() is None
    assert "Select passage A" in w.statusBar().currentMessage()


def test_a_variation_clicked_after_its_document_closed_is_refused_plainly(make_window, qtbot):
    w = make_window(FakeLatentEngine())
    _type_and_select(w, qtbot)
    w.latent.vary_action.trigger()
    panel = w.latent.panel
    qtbot.waitUntil(lambda: panel.list.count() == 5, timeout=5000)
    w.desk.new_tab()
    closing = w.desk.tabs.currentIndex() - 1
    w.desk.tabs.widget(closing).editor.document().setModified(False)
    assert w.desk.close_tab(closing)
    qtbot.waitUntil(lambda: w.desk.tabs.count() == 1)
    QApplication.processEvents()  # the closed tab's widgets are deleted now
    panel.chosen.emit(panel.list.item(0).text())  # used to raise: the editor was a deleted C++ object
    assert panel.list.count() == 0 and "was closed" in panel.status.text()


def test_a_variation_of_a_selection_without_its_full_stop_adds_none(real_window, qtbot):
    """Once varying "... three days" (the selection stopping before its full stop) gave "... days.." in the document."""
    w = real_window
    text = "The old man walked to the river in the morning. She opened the door."
    ed = _type_and_select(w, qtbot, text=text, end=text.index("."))  # the full stop is not in the selection
    w.latent.vary_action.trigger()
    panel = w.latent.panel
    qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=20000)
    panel.chosen.emit(panel.variations()[0])
    assert ed.toPlainText() != text and ".." not in ed.toPlainText()
    assert ed.toPlainText().endswith(". She opened the door.")


def test_the_real_blend_starts_at_a_and_ends_at_b(real_window, qtbot):
    """Once the blend dialog showed steps 5-8 identical, and step 1 differed from A."""
    w = real_window
    a, b = "The old man walked to the river.", "Mary opened the red house at night."
    QGuiApplication.clipboard().setText(b)
    _type_and_select(w, qtbot, text=a + " She opened the door.", end=len(a))
    dlg = w.latent.open_blend()
    qtbot.waitUntil(lambda: dlg.list.count() == 8, timeout=20000)
    steps = dlg.path_texts
    assert steps[0] == a and steps[-1] == b and len(set(steps)) >= 7
