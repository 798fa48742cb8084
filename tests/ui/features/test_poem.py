"""Generate ▸ Poem… over a fake poetry engine: the dialog's choices reach Engine.poem off the GUI thread,
the poem is inserted as the model's text; Suggest the next line; Revise this line."""

import threading

from fakes import FakePoemEngine, LanguageFactory


def poem_window(qtbot, make_window, engine=None):
    factory = LanguageFactory(zh=engine or FakePoemEngine())
    w = make_window(factory=factory, pause_ms=5000)
    w.menus.action("language.zh").trigger()
    qtbot.waitUntil(lambda: w.engines.engine("zh") is not None and not w.model_loading, timeout=5000)
    return w, factory.zh


def test_the_poem_dialog_writes_with_the_chosen_form_and_inserts_as_model_text(qtbot, make_window):
    w, engine = poem_window(qtbot, make_window, FakePoemEngine(poem_delay=0.2))
    assert w.menus.action("generate.poem").isVisible()
    w.menus.action("generate.poem").trigger()
    dlg = w.poems.dialog
    qtbot.addWidget(dlg)
    assert [dlg.rhyme.itemData(i) for i in range(dlg.rhyme.count())] == ["xin", "pingshui"]
    dlg.form.setCurrentIndex(dlg.form.findData("wujue"))
    dlg.acrostic.setText("春江花月")
    dlg.rhyme.setCurrentIndex(1)
    dlg.write_button.click()
    assert not dlg.write_button.isEnabled() and dlg.note.text() == "Writing…"  # the window does not wait
    qtbot.waitUntil(lambda: dlg.insert_button.isEnabled(), timeout=5000)
    assert engine.poem_calls == [("wujue", "春江花月", None, "pingshui")]
    assert threading.get_ident() not in engine.threads
    assert dlg.poem.toPlainText() == "春风吹绿柳，江水映晴天。\n花落无人见，月明照客眠。"
    assert dlg.note.text() == "form ✓ · rhyme ✓ (an) · tones ✓"
    dlg.insert_button.click()
    assert w.editor.toPlainText() == "春风吹绿柳，江水映晴天。\n花落无人见，月明照客眠。"
    shares = w.desk.current_tab().authorship().report(w.desk.current_tab().length())
    assert shares["poem"] > 0.95  # every character (the line break is no character's)


def test_a_request_the_engine_refuses_is_explained_in_the_dialog(qtbot, make_window):
    w, engine = poem_window(qtbot, make_window)
    dlg = w.poems.open()
    qtbot.addWidget(dlg)
    dlg.acrostic.setText("春江")
    dlg.write_button.click()
    qtbot.waitUntil(lambda: dlg.write_button.isEnabled(), timeout=5000)
    assert "needs 4 characters" in dlg.note.text() and not dlg.insert_button.isEnabled()


def test_traditional_output_is_converted(qtbot, make_window):
    import pytest

    pytest.importorskip("opencc")
    w, engine = poem_window(qtbot, make_window)
    dlg = w.poems.open()
    qtbot.addWidget(dlg)
    dlg.traditional.setChecked(True)
    dlg.write_button.click()
    qtbot.waitUntil(lambda: dlg.insert_button.isEnabled(), timeout=5000)
    assert dlg.poem.toPlainText().startswith("春風吹綠柳")


def test_suggest_the_next_line_shows_the_matching_line_as_ghost(qtbot, make_window):
    w, engine = poem_window(qtbot, make_window)
    w.editor.setPlainText("床前明月光，")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.menus.action("generate.next_line").trigger()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert engine.next_calls == ["床前明月光，"] and w.editor.ghost_text == "疑是地上霜。"
    assert w.editor.candidates == ["疑是地上霜。", "清辉满画堂。"]


def test_revise_a_line_replaces_it_with_the_chosen_version(qtbot, make_window):
    w, engine = poem_window(qtbot, make_window)
    w.editor.setPlainText("春风吹绿柳，江水映晴天。\n花落无人见，月明照客眠。\n\nAfter the poem.")
    cursor = w.editor.textCursor()
    cursor.setPosition(8)  # in 江水映晴天, the second line
    w.editor.setTextCursor(cursor)
    w.menus.action("generate.revise_line").trigger()
    qtbot.waitUntil(lambda: getattr(w.poems, "revisions", None) is not None, timeout=5000)
    assert engine.revise_calls == [("春风吹绿柳，江水映晴天。\n花落无人见，月明照客眠。", 1)]
    versions = w.poems.revisions.actions()
    assert [a.text() for a in versions] == ["江流映远天", "江声入暮天"]
    versions[0].trigger()
    assert w.editor.toPlainText() == "春风吹绿柳，江流映远天。\n花落无人见，月明照客眠。\n\nAfter the poem."
    w.poems.revisions.close()
