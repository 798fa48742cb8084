"""Each document gets the pack of its language: detected from its text, changed per document; an English
and a Chinese document side by side both get suggestions, each from its own engine on its own thread."""

import threading

from fakes import FakeEngine, LanguageFactory
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier


def write(qtbot, w, text):
    w.editor.setPlainText(text)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.desk.current_tab().redetect_language()


def ghost_now(qtbot, w):
    w.editor.clear_ghost()  # a ghost left from before is not this request's answer
    assert w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    return w.editor.ghost_text


def test_an_english_and_a_chinese_document_side_by_side_each_get_their_own_suggestions(qtbot, make_window):
    factory = LanguageFactory(en=FakeEngine(candidates=[" the end of the road."]))
    w = make_window(factory=factory)
    write(qtbot, w, "She walked to")
    assert w.current_language() == "en" and ghost_now(qtbot, w) == " the end of the road."
    english = w.desk.current_tab()
    chinese = w.desk.new_tab()
    write(qtbot, w, "床前明月光，")
    assert chinese.language.code == "zh" and english.language.code == "en"
    qtbot.waitUntil(lambda: w.engines.engine("zh") is not None, timeout=5000)  # loaded when first needed
    assert ghost_now(qtbot, w) == "疑是地上霜。"
    assert set(factory.zh.calls) == {"床前明月光，"} and set(factory.en.calls) == {"She walked to"}
    en_calls = len(factory.en.calls)
    assert w.status.model.text() == "Model: fake-zh" and w.menus.action("generate.poem").isVisible()
    assert w.status.counts.text() == "5 字"  # Chinese is counted in 字
    # back to the English document: its engine, its menus, its counts
    w.tabs.setCurrentWidget(english)
    assert w.status.model.text() == "Model: fake-pack" and not w.menus.action("generate.poem").isVisible()
    assert ghost_now(qtbot, w) == " the end of the road." and len(factory.en.calls) > en_calls
    assert "words" in w.status.counts.text()
    # two engine threads, neither of them the GUI thread
    assert set(w.engines.threads) == {"en", "zh"}
    assert threading.get_ident() not in factory.zh.threads | factory.en.threads | factory.threads
    zh_pack = [p for p, _ in factory.calls if p is not None]
    assert len(zh_pack) == 1 and zh_pack[0].endswith("zh-poetry")  # the bundled Chinese pack


def test_a_documents_language_can_be_chosen_and_set_back_to_detection(qtbot, make_window):
    w = make_window(factory=LanguageFactory())
    write(qtbot, w, "The moon, the frost: 床前明月光")
    assert w.current_language() == "en" and w.languages.button.text() == "English"
    w.menus.action("language.zh").trigger()
    assert w.current_language() == "zh" and w.languages.button.text() == "中文 ✓"
    assert w.menus.action("language.zh").isChecked()
    qtbot.waitUntil(lambda: w.engines.engine("zh") is not None, timeout=5000)
    assert ghost_now(qtbot, w) == "疑是地上霜。"  # the Chinese engine now answers this document
    w.menus.action("language.auto").trigger()
    assert w.current_language() == "en" and "now: English" in w.menus.action("language.auto").text()


def test_typing_chinese_into_a_new_document_switches_it_after_a_pause(qtbot, make_window):
    w = make_window(factory=LanguageFactory())
    assert w.current_language() == "en"  # an empty document follows the app's language (English here)
    for ch in "白日依山尽，":  # as an input method commits them, one at a time
        event = QInputMethodEvent("", [])
        event.setCommitString(ch)
        QApplication.sendEvent(w.editor, event)
    qtbot.waitUntil(lambda: w.current_language() == "zh", timeout=5000)
    assert w.languages.button.text() == "中文"


def test_an_answer_for_the_other_language_is_dropped(qtbot, make_window):
    factory = LanguageFactory(en=FakeEngine(delays=[0.4]))
    w = make_window(factory=factory)
    write(qtbot, w, "She walked to")
    w.editor.suggest_now()
    qtbot.waitUntil(lambda: factory.en.running == 1, timeout=5000)
    w.menus.action("language.zh").trigger()  # the document is Chinese now: the English answer is stale
    qtbot.wait(700)
    assert "road" not in w.editor.ghost_text and factory.zh.calls  # only the Chinese engine's answer may show


def test_a_language_without_a_pack_says_so_and_the_other_keeps_working(qtbot, make_window):
    from creagen_desktop.pack import ModelPackError

    def factory(pack_dir=None, device="auto"):
        if pack_dir is not None:
            raise ModelPackError("The model pack at /x/zh-poetry was not found.")
        return FakeEngine()

    w = make_window(factory=factory)
    write(qtbot, w, "She walked to")
    w.menus.action("language.zh").trigger()
    qtbot.waitUntil(lambda: w.model_error is not None, timeout=5000)
    assert "zh-poetry was not found" in w.status.model.toolTip()
    assert "zh-poetry" in w.continuation.panel.notice.text()
    w.menus.action("language.en").trigger()
    assert w.model_error is None and ghost_now(qtbot, w) == " the end of the road."


def test_a_missing_chinese_font_is_said_once(qtbot, make_window, monkeypatch):
    said = []
    monkeypatch.setattr("creagen_desktop.ui.languages.chinese_fonts", lambda: [])
    w = make_window(factory=LanguageFactory())
    monkeypatch.setattr(w.languages, "say", lambda text, ms=0: said.append(text))
    w.menus.action("language.zh").trigger()
    w.menus.action("language.en").trigger()
    w.menus.action("language.zh").trigger()
    assert len(said) == 1 and "fonts-noto-cjk" in said[0]

