"""Accessibility: the ghost text and its candidates are told to assistive technology; every control
has an accessible name; everything is reachable by keyboard (every action has a key or a menu
mnemonic, and F6 walks from the text through the panels and back)."""

from fakes import FakeSparksEngine
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QPlainTextEdit,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QAbstractSlider, QPlainTextEdit)


def nameless(root) -> list[str]:
    out = []
    found = [w for kind in CONTROLS for w in root.findChildren(kind)]
    for w in dict.fromkeys(found):
        if w.window() is not root.window() or not w.isVisibleTo(root.window()):
            continue
        if isinstance(w.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # a spin box's or combo box's own line edit: the box carries the name
        iface = QAccessible.queryAccessibleInterface(w)
        name = iface.text(QAccessible.Text.Name) if iface is not None else ""
        if not name.strip():
            out.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.parent()).__name__}")
    return out


def test_every_control_of_the_window_its_panels_and_dialogs_has_a_name(qtbot, make_window, tmp_path):
    w = make_window(FakeSparksEngine())
    w.sparks.open()
    w.editor.setPlainText("She looked at the sea.")
    w.latent.open_variations()
    (tmp_path / "01 One.md").write_text("One.")
    w.project.open_folder(tmp_path)
    w.menus.action("edit.replace").trigger()
    assert nameless(w) == []
    for open_dialog in (w.export.open_dialog, w.latent.open_blend):
        w.editor.selectAll()
        dlg = open_dialog()
        assert nameless(dlg) == [], (type(dlg).__name__, nameless(dlg))
        dlg.close()  # deletes itself
    from creagen_desktop.ui.dialogs.preferences import PreferencesDialog

    prefs = PreferencesDialog(w.preferences.current, w.menus.keys, w)
    qtbot.addWidget(prefs)
    assert nameless(prefs) == []
    packs = w.packs.open_dialog()
    qtbot.addWidget(packs)
    assert nameless(packs) == [], nameless(packs)


def test_the_ghost_is_described_and_announced(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert w.editor.announced.endswith(": the end of the road. Tab to accept, Esc to dismiss.")
    # the side panel's candidates arrive after the ghost: the description then counts them
    qtbot.waitUntil(lambda: "1 of 3" in w.editor.accessibleDescription(), timeout=5000)
    assert w.editor.accessibleDescription() == (
        "Suggestion (1 of 3; Alt+] for the next): the end of the road. Tab to accept, Esc to dismiss.")
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert w.editor.accessibleDescription().startswith("Suggestion (2 of 3; Alt+] for the next): a door.")
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert w.editor.accessibleDescription() == ""
    assert w.editor.accessibleName() == "Document text"


def test_every_action_has_a_key_or_a_mnemonic_and_every_menu_a_mnemonic(qtbot, make_window):
    w = make_window()
    for menu in w.menuBar().actions():
        assert "&" in menu.text(), menu.text()
    for name, row in w.menus.rows.items():
        if row.role == "action":
            assert row.keys or row.standard is not None or "&" in row.text, name


def test_f6_walks_from_the_text_through_the_panels_and_back(qtbot, make_window):
    w = make_window(FakeSparksEngine())
    w.sparks.open()
    w.editor.setFocus()
    visible = [p for p in w.findChildren(QDockWidget) if p.isVisible()]
    seen = []
    for _ in range(len(visible) + 1):
        target = w.next_pane()
        seen.append(target)
    assert seen[-1] is w.editor and all(t is not w.editor for t in seen[:-1])
    assert any(isinstance(t, QAbstractItemView) or isinstance(t, QAbstractButton) for t in seen[:-1])
