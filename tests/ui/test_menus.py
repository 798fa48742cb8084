"""The action table: every action names its key, and actions of kinds the pack lacks are hidden."""

from fakes import FakeEngine, FakeSparksEngine

from creagen_desktop.ui.menus import editor_keys


def test_every_menu_action_names_its_key(qtbot, make_window):
    w = make_window()
    missing, texts = [], []

    def walk(menu):
        menu.aboutToShow.emit()  # menus filled on demand (recent files)
        for act in menu.actions():
            texts.append(act.text())
            if act.menu() is not None:
                walk(act.menu())  # a submenu's entries carry the keys
            elif not act.isSeparator() and act.isEnabled() and act.shortcut().isEmpty() and "\t" not in act.text():
                missing.append(act.text())

    for menu_action in w.menuBar().actions():
        walk(menu_action.menu())
    assert missing == []
    for wanted in ("&New", "&Open…", "&Save", "Save &As…", "&Quit", "&Preferences…", "Suggest &now",
                   "&Suggestions panel", "&About Creagen", "&Find…", "R&eplace…", "&Focus mode",
                   "&Model Packs…", "&Authorship Report…", "Session &Statistics…", "F&ont…", "&Close Document"):
        assert wanted in texts


def test_actions_for_kinds_the_pack_lacks_are_hidden(qtbot, make_window):
    engine = FakeEngine(kinds=["vae"])
    w = make_window(engine)
    assert all(not a.isVisible() for a in w.menus.of_kind("lm"))
    engine.pack.kinds = ["lm", "vae"]
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        w.worker.reload(lambda: engine)
    assert all(a.isVisible() for a in w.menus.of_kind("lm"))


def test_no_two_actions_share_a_key(make_window):
    w = make_window()
    keys = {}
    for name, act in w.menus.actions.items():
        seq = act.shortcut() if not w.menus.rows[name].editor else editor_keys()[name]
        if not seq.isEmpty():
            keys.setdefault(seq.toString(), []).append(name)
    assert {k: names for k, names in keys.items() if len(names) > 1} == {}


def test_every_row_of_the_table_is_bound_once_the_window_is_built(make_window):
    w = make_window()
    assert w.menus.unbound() == []
    assert w.menus.action("view.suggestions") is w.continuation.panel.toggleViewAction()


def test_hints_and_tooltips_name_the_keys_the_actions_have(make_window):
    w = make_window(FakeSparksEngine())
    reroll = w.menus.action("generate.reroll").shortcut().toString()
    assert reroll and f"({reroll})" in w.latent.panel.reroll_button.toolTip()
    spark = w.menus.action("generate.spark").shortcut().toString()
    assert f"({spark})" in w.sparks.panel.spark_button.toolTip()
    hint = w.continuation.panel.hint.text()
    for name in ("generate.suggest_now", "generate.accept", "generate.accept_word", "generate.dismiss"):
        assert w.menus.keys(name) in hint
    assert w.menus.action("generate.accept").text().endswith("\t" + w.menus.keys("generate.accept"))


def test_the_theme_entry_names_the_theme_in_use(make_window):
    w = make_window()
    w.looks.apply_theme("dark")
    assert w.menus.action("view.theme").text() == "T&heme: Dark"
    w.looks.apply_theme("system")
    assert w.menus.action("view.theme").text() in ("T&heme: System (light)", "T&heme: System (dark)")
