"""Chinese in the editor: an input method's composition (preedit) never asks for, moves or garbles the
ghost; Ctrl+Right takes one character; a pause after any character may ask."""

from fakes import FakePoemEngine, LanguageFactory
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier


def ime(editor, preedit="", commit=""):
    """What an input method sends: the composition so far, or the characters it commits."""
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(editor, event)


def chinese_window(qtbot, make_window, text="床前明月光，", pause_ms=30):
    w = make_window(factory=LanguageFactory(zh=FakePoemEngine()), pause_ms=pause_ms)
    w.menus.action("language.zh").trigger()
    qtbot.waitUntil(lambda: w.engines.engine("zh") is not None, timeout=5000)
    w.editor.setPlainText(text)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.setFocus()
    return w


def ghost_now(qtbot, w):
    assert w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def test_a_composition_never_asks_moves_or_covers_the_ghost(qtbot, make_window):
    w = chinese_window(qtbot, make_window)
    ghost_now(qtbot, w)
    engine = w.engines.engine("zh")
    asked = len(engine.calls)
    where = w.editor.ghost.pos
    for preedit in ("y", "yi", "yis", "yi'shi"):  # the writer spells pinyin; nothing is text yet
        ime(w.editor, preedit=preedit)
        assert w.editor.composing and w.editor.ghost_lines() == []  # the ghost waits, not painted over
        assert w.editor.ghost_text == "疑是地上霜。" and w.editor.ghost.pos == where
        assert not w.editor.pause.isActive()
    assert w.editor.toPlainText() == "床前明月光，"
    ime(w.editor, preedit="")  # the writer gives the composition up: the ghost is back, where it was
    assert not w.editor.composing and w.editor.ghost_lines()[0][2] == "疑是地上霜。"
    qtbot.wait(150)
    assert len(engine.calls) == asked  # no pause during the composition asked for anything


def test_committing_what_the_ghost_says_keeps_the_rest(qtbot, make_window):
    w = chinese_window(qtbot, make_window)
    ghost_now(qtbot, w)
    ime(w.editor, preedit="yishi")
    ime(w.editor, commit="疑是")
    assert w.editor.toPlainText() == "床前明月光，疑是" and w.editor.ghost_text == "地上霜。"
    assert w.editor.ghost_lines() and not w.editor.pause.isActive()


def test_committing_other_characters_is_the_writers_text(qtbot, make_window):
    w = chinese_window(qtbot, make_window, pause_ms=5000)
    ghost_now(qtbot, w)
    ime(w.editor, preedit="ye")
    ime(w.editor, commit="夜")
    assert w.editor.toPlainText() == "床前明月光，夜" and not w.editor.has_ghost()
    assert w.editor.pause.isActive()  # a pause after the committed character may ask again


def test_ctrl_right_takes_one_character_and_its_punctuation(qtbot, make_window):
    w = chinese_window(qtbot, make_window, pause_ms=5000)
    ghost_now(qtbot, w)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, CTRL)
    assert w.editor.toPlainText() == "床前明月光，疑" and w.editor.ghost_text == "是地上霜。"
    for _ in range(3):
        qtbot.keyClick(w.editor, Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, CTRL)
    assert w.editor.toPlainText() == "床前明月光，疑是地上霜。" and not w.editor.has_ghost()


def test_a_pause_in_the_middle_of_chinese_text_may_ask(qtbot, make_window):
    w = chinese_window(qtbot, make_window, text="床前明月光")
    cursor = w.editor.textCursor()
    cursor.setPosition(2)  # between 前 and 明: no word spaces in Chinese, so this is a boundary
    w.editor.setTextCursor(cursor)
    assert w.editor.can_suggest_here()
