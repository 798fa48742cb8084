"""Preferences kept with QSettings, and changes reaching every room."""

from PySide6.QtCore import QSettings

from creagen_desktop.ui.settings import LivePreferences, Preferences


def test_preferences_round_trip_through_qsettings(qtbot, settings):
    prefs = Preferences(enabled=False, suggest="often", pause_ms=450, hide_after_s=30, back_off=False, n=5,
                        max_tokens=24, temperature=0.6, top_k=0, top_p=0.9, repetition_penalty=1.3, device="cpu")
    prefs.save(settings)
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)  # a fresh reader of the same file
    assert Preferences.load(reread) == prefs
    assert prefs.sampling().top_k == 0 and prefs.sampling().n == 5


def test_preferences_survive_a_broken_config(settings):
    settings.setValue("suggestions/n", "lots")
    settings.setValue("suggestions/pause_ms", -5)
    settings.setValue("suggestions/device", "tpu")
    settings.setValue("suggestions/suggest", "always")
    settings.setValue("suggestions/hide_after_s", 10**6)
    prefs = Preferences.load(settings)
    assert (prefs.n, prefs.pause_ms, prefs.device) == (3, 50, "auto")
    assert (prefs.suggest, prefs.hide_after_s) == ("when fairly sure", 120)


def test_apply_preferences_changes_the_editor(qtbot, make_window, settings):
    w = make_window()
    p = Preferences.load(settings)
    p.pause_ms, p.enabled = 900, False
    w.preferences.apply(p)
    assert w.editor.pause.interval() == 900 and not w.editor.suggestions_enabled
    assert not w.menus.action("generate.while_writing").isChecked()
    assert Preferences.load(settings).pause_ms == 900
    assert len(w.factory.calls) == 1  # no reload without a device change


def test_live_preferences_save_and_tell_the_rooms_old_and_new(qtbot, settings):
    live = LivePreferences(settings)
    first = live.current
    with qtbot.waitSignal(live.changed) as changed:
        live.update(autosave_s=120, theme="dark")
    new, old = changed.args
    assert old is first and new is live.current and (new.autosave_s, new.theme) == (120, "dark")
    assert Preferences.load(QSettings(settings.fileName(), QSettings.Format.IniFormat)).autosave_s == 120


def test_a_change_reaches_every_tab_and_room(qtbot, make_window, settings):
    w = make_window()
    w.desk.new_file()
    w.preferences.apply(Preferences(**{**w.preferences.current.__dict__, "pause_ms": 700, "tint": False,
                                       "autosave_s": 45}))
    assert all(ed.pause.interval() == 700 and not ed.tint_enabled for ed in (t.editor for t in w.desk.all_tabs()))
    assert w.desk.autosave.timer.interval() == 45_000 and not w.menus.action("view.tint").isChecked()
