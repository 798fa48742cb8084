"""The Preferences dialog."""

from PySide6.QtCore import QSettings

from creagen_desktop.ui.dialogs.preferences import PreferencesDialog
from creagen_desktop.ui.menus import keys_text
from creagen_desktop.ui.settings import Preferences


def test_preferences_dialog_round_trips_the_originality_choice(qtbot):
    dlg = PreferencesDialog(Preferences(originality="flag"), keys_text)
    qtbot.addWidget(dlg)
    assert dlg.preferences().originality == "flag"
    dlg.restore_defaults()
    assert dlg.preferences().originality == "drop"


def test_the_dialog_shows_and_returns_every_preference(qtbot, settings):
    prefs = Preferences(enabled=False, suggest="only when sure", pause_ms=450, hide_after_s=0, back_off=False, n=5,
                        max_tokens=24, temperature=0.6, top_k=0, top_p=0.9, repetition_penalty=1.3, device="cpu",
                        autosave_s=60, theme="dark", tint=False)
    dlg = PreferencesDialog(prefs, keys_text)
    qtbot.addWidget(dlg)
    assert dlg.preferences() == prefs
    dlg.restore_defaults()
    assert dlg.preferences() == Preferences()
    assert Preferences.load(QSettings(settings.fileName(), QSettings.Format.IniFormat)) == Preferences()  # saved nothing


def test_tooltips_name_the_keys_of_the_action_table(qtbot):
    dlg = PreferencesDialog(Preferences(), keys_text)
    qtbot.addWidget(dlg)
    assert dlg.enabled.toolTip() == f"When off, {keys_text('generate.suggest_now')} still asks for a suggestion."
    assert f"{keys_text('generate.next')} and {keys_text('generate.previous')} switch" in dlg.n.toolTip()


def test_every_setting_says_in_plain_words_what_it_does(qtbot):
    from PySide6.QtWidgets import QLabel

    dlg = PreferencesDialog(Preferences(), keys_text)
    qtbot.addWidget(dlg)
    assert [dlg.suggest.itemText(i) for i in range(dlg.suggest.count())] == ["Often", "When fairly sure",
                                                                             "Only when sure"]
    for widget in (dlg.suggest, dlg.top_k, dlg.top_p, dlg.temperature, dlg.repetition, dlg.hide_after):
        beside = widget.parentWidget().findChildren(QLabel)
        assert beside and len(beside[0].text()) > 15, widget  # an explanation right beside it
    assert dlg.hide_after.specialValueText() == "never" and dlg.top_k.specialValueText() == "off"
    labels = " ".join(label.text() for label in dlg.findChildren(QLabel))
    assert "start of a paragraph" in labels and "Markdown heading" in labels and "undo" in labels
