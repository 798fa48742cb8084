"""Spelling in the window: wavy lines under misspelled words in view, checked after a pause and
never on the keystroke path; suggestions, Add to Dictionary and Ignore in the context menu."""

from PySide6.QtWidgets import QMenu

from creagen_desktop.paths import personal_dictionary_file


def ready(qtbot, w):
    w.spelling.load()  # now, not after the start-up delay
    qtbot.waitUntil(lambda: w.spelling.checker is not None, timeout=30000)


def flagged(w, block=None):
    block = block or w.editor.document().firstBlock()
    return [block.text()[a:b] for a, b in (w.spelling.underlines(w.editor, block) or [])]


def test_a_misspelled_word_is_underlined_after_the_pause(qtbot, make_window):
    w = make_window()
    ready(qtbot, w)
    qtbot.keyClicks(w.editor, "The boats were in the harobour")
    assert w.spelling.underlines(w.editor, w.editor.document().firstBlock()) is None  # not on the keystroke
    qtbot.waitUntil(lambda: flagged(w) == ["harobour"], timeout=3000)
    assert w.editor.underlines is not None
    w.menus.action("tools.spelling").trigger()  # F7 turns it off
    assert w.editor.underlines is None and not w.preferences.current.spelling
    w.menus.action("tools.spelling").trigger()
    assert w.editor.underlines is not None


def context_menu_at_word(w, word):
    text = w.editor.toPlainText()
    c = w.editor.textCursor()
    c.setPosition(text.index(word) + 2)
    pos = w.editor.cursorRect(c).center()
    menu = QMenu()
    w.spelling.context_actions(menu, w.editor, pos)
    return menu


def test_the_context_menu_offers_suggestions_and_replaces_as_one_step(qtbot, make_window):
    w = make_window()
    ready(qtbot, w)
    qtbot.keyClicks(w.editor, "She will recieve it")
    menu = context_menu_at_word(w, "recieve")
    texts = [a.text() for a in menu.actions()]
    assert "receive" in texts and "Add “recieve” to Dictionary" in texts and "Ignore" in texts
    next(a for a in menu.actions() if a.text() == "receive").trigger()
    assert w.editor.toPlainText() == "She will receive it" and w.editor.marks.spans == []
    w.editor.undo()
    assert w.editor.toPlainText() == "She will recieve it"
    assert context_menu_at_word(w, "will").actions() == []  # a correct word: nothing added


def test_add_to_dictionary_is_remembered_in_the_data_folder(qtbot, make_window):
    w = make_window()
    ready(qtbot, w)
    qtbot.keyClicks(w.editor, "Zorblax came home")
    qtbot.waitUntil(lambda: flagged(w) == ["Zorblax"], timeout=3000)
    menu = context_menu_at_word(w, "Zorblax")
    next(a for a in menu.actions() if a.text().startswith("Add")).trigger()
    qtbot.waitUntil(lambda: flagged(w) == [], timeout=3000)
    assert "Zorblax" in personal_dictionary_file().read_text()


def test_only_the_lines_in_view_of_a_long_document_are_checked(qtbot, make_window, tmp_path):
    w = make_window()
    ready(qtbot, w)
    doc = tmp_path / "novel.txt"
    doc.write_text("".join(f"Line {i} of the harobour story, told again.\n" for i in range(200_000)))  # ~9 MB
    assert w.desk.open_path(doc)
    qtbot.waitUntil(lambda: w.spelling.check_visible() == 0 and bool(w.spelling.underlines(w.editor, w.editor.firstVisibleBlock())),
                    timeout=5000)
    checked = w.spelling.checked_lines
    assert 0 < checked < 200  # the screenful, not 200,000 lines
    qtbot.keyClicks(w.editor, "x")  # a keystroke checks nothing by itself
    assert w.spelling.timer.isActive()
