"""The app in Simplified Chinese: the zh_CN translation loads (Qt Linguist's .qm, built from the committed
.ts), the menus and dialogs speak Chinese, the system locale is followed and Preferences can override it."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QLocale

from creagen_desktop.ui.i18n import APP_FILE, Translation, document_language, i18n_dir, resolve, translation
from creagen_desktop.ui.settings import Preferences


@pytest.fixture
def chinese(qapp):
    """The app's translation in Chinese, as run_app installs it (and English again after)."""
    assert translation.install("zh_CN", qapp) == "zh_CN"
    yield translation
    translation.remove(qapp)


def test_the_chinese_translation_loads_and_the_menus_are_chinese(chinese, make_window):
    w = make_window()
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "生成(&G)", "视图(&V)", "工具(&T)", "帮助(&H)"]
    assert w.menus.action("generate.poem").text() == "作诗(&P)…"
    assert w.status.model.text() == "模型：fake-pack"
    assert w.current_language() == "zh"  # a new, empty document is taken to be in the app's language


def test_the_chinese_preferences_and_poem_dialogs(chinese, qtbot):
    from creagen_desktop.ui.dialogs.poem import PoemDialog
    from creagen_desktop.ui.dialogs.preferences import PreferencesDialog

    prefs = PreferencesDialog(Preferences(), lambda name: "Ctrl+Space")
    qtbot.addWidget(prefs)
    assert prefs.windowTitle() == "偏好设置" and prefs.ui_language.itemText(0) == "跟随系统"
    poem = PoemDialog(["xin", "pingshui"])
    qtbot.addWidget(poem)
    assert poem.windowTitle() == "作诗" and poem.form.itemText(0) == "五言绝句（四句，每句五字）"


def test_the_system_locale_is_followed_unless_preferences_say_otherwise():
    zh, en, zh_tw = QLocale(QLocale.Language.Chinese, QLocale.Country.China), QLocale("en_GB"), QLocale("zh_TW")
    assert resolve("system", zh) == "zh_CN" and resolve("system", zh_tw) == "zh_CN"
    assert resolve("system", en) == "en"
    assert resolve("en", zh) == "en" and resolve("zh_CN", en) == "zh_CN"
    assert document_language("zh_CN") == "zh" and document_language("en") == "en"


def test_the_language_preference_is_kept_and_a_bad_one_is_ignored(settings):
    p = Preferences.load(settings)
    assert p.ui_language == "system"
    p.ui_language = "zh_CN"
    p.save(settings)
    assert Preferences.load(settings).ui_language == "zh_CN"
    settings.setValue("suggestions/ui_language", "xx_YY")
    assert Preferences.load(settings).ui_language == "system"


def test_the_preferences_dialog_sets_the_language(qtbot):
    from creagen_desktop.ui.dialogs.preferences import PreferencesDialog

    dlg = PreferencesDialog(Preferences(), lambda name: "Ctrl+Space")
    qtbot.addWidget(dlg)
    dlg.ui_language.setCurrentIndex(dlg.ui_language.findText("简体中文"))
    assert dlg.preferences().ui_language == "zh_CN"


def test_a_missing_translation_leaves_english(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr("creagen_desktop.ui.i18n.i18n_dir", lambda: tmp_path)
    t = Translation()
    assert t.install("zh_CN", qapp) == "en" and t.translators == []


def test_every_string_is_translated_and_the_built_file_is_current(tmp_path):
    ts = (i18n_dir() / APP_FILE.format("zh_CN")).with_suffix(".ts")
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text and "<translation></translation>" not in text
    if shutil.which("pyside6-lrelease") is None:
        pytest.skip("pyside6-lrelease is not installed")
    subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(tmp_path / "fresh.qm")], check=True, capture_output=True)
    assert (tmp_path / "fresh.qm").read_bytes() == (i18n_dir() / APP_FILE.format("zh_CN")).read_bytes()


def test_the_app_in_chinese_prefers_a_simplified_chinese_font(qapp):
    from creagen_desktop.ui.i18n import simplified_chinese_font

    family = simplified_chinese_font()
    if family is None:
        pytest.skip("no font for Chinese on this machine")
    before = qapp.font().families()
    t = Translation()
    t.install("zh_CN", qapp)
    assert qapp.font().families()[0] == family == t.font
    t.remove(qapp)
    assert qapp.font().families() == before


def test_every_translatable_string_of_the_code_is_in_the_translation(tmp_path):
    """pyside6-lupdate over the code, into a copy of the .ts: nothing new or unfinished comes out."""
    import sys

    if shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    root = i18n_dir().parents[1]
    sys.path.insert(0, str(root / "packaging"))
    try:
        from translations import sources
    finally:
        sys.path.remove(str(root / "packaging"))
    ts = (i18n_dir() / APP_FILE.format("zh_CN")).with_suffix(".ts")
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    subprocess.run(["pyside6-lupdate", *sources(), "-locations", "none", "-ts", str(copy)], cwd=root, check=True,
                   capture_output=True)
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "new strings: run packaging/translations.py and translate them"


def test_arg_fills_the_places_in_one_pass_in_the_translations_order():
    from creagen_desktop.ui.i18n import arg

    assert arg("从 %2 中移除模型包 %1 吗？", "tiny", "/packs") == "从 /packs 中移除模型包 tiny 吗？"
    assert arg("Save the changes to %1 first?", "100%2.txt") == "Save the changes to 100%2.txt first?"
    assert arg("%1 and %3", "a") == "a and %3"  # a place with no value stays as it is
