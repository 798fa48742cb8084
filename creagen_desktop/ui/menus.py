"""Every action of the window in one table: its menu, text, shortcut and the pack kind it needs.

The table is the only place a key is written. Menus builds the menu bar from it at start; each
room then binds its handlers to the rows it owns by name (the File rows to the desk, the Generate
rows to the features, ...). Tooltips and hints ask keys(name), so they always name the key that
really works. Rows marked `editor` are keys the editor handles itself (they mean something else
when no suggestion shows); the menu names them in its shortcut column and does the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

K = QKeySequence.StandardKey
SEPARATOR = "-"
SUBMENU = "submenu"
RECENT_SLOTS = 9  # Alt+1 … Alt+9 open the recent files


@dataclass(frozen=True)
class Row:
    name: str  # how rooms refer to it: "file.new"
    text: str = ""  # "{}" is filled in at run time (the theme's name)
    keys: str = ""  # the shortcut; with `standard`, used where the platform defines none
    standard: QKeySequence.StandardKey | None = None  # the platform's own shortcut, preferred
    kind: str | None = None  # shown only while the active pack has this kind (the manifest's "kinds")
    checkable: bool = False
    editor: bool = False  # the editor handles these keys itself
    role: str = "action"  # or SEPARATOR, SUBMENU

    def key_sequence(self) -> QKeySequence:
        if self.standard is not None:
            seq = QKeySequence(self.standard)
            if not seq.isEmpty():
                return seq
        return QKeySequence(self.keys)


def _sep() -> Row:
    return Row(SEPARATOR, role=SEPARATOR)


MENUS = {"file": "&File", "edit": "&Edit", "generate": "&Generate", "view": "&View", "tools": "&Tools",
         "help": "&Help"}

TABLE: dict[str | None, list[Row]] = {
    "file": [
        Row("file.new", "&New", "Ctrl+N", K.New),
        Row("file.open", "&Open…", "Ctrl+O", K.Open),
        Row("file.recent", "Open &Recent", role=SUBMENU),
        Row("file.open_project", "Open &Project Folder…", "Ctrl+Alt+O"),
        Row("file.new_chapter", "New C&hapter…", "Ctrl+Alt+N"),
        Row("project.move_up", "Move Chapter U&p", "Alt+Shift+Up"),
        Row("project.move_down", "Move Chapter Do&wn", "Alt+Shift+Down"),
        Row("file.save", "&Save", "Ctrl+S", K.Save),
        Row("file.save_as", "Save &As…", "Ctrl+Shift+S", K.SaveAs),
        Row("file.reload", "Re&load from Disk", "Ctrl+Shift+R"),
        Row("file.close", "&Close Document", "Ctrl+W"),
        _sep(),
        Row("file.export", "&Export…", "Ctrl+Shift+X"),
        _sep(),
        Row("file.quit", "&Quit", "Ctrl+Q", K.Quit),
    ],
    "edit": [
        Row("edit.undo", "&Undo", "Ctrl+Z", K.Undo),
        Row("edit.redo", "&Redo", "Ctrl+Shift+Z", K.Redo),
        _sep(),
        Row("edit.cut", "Cu&t", "Ctrl+X", K.Cut),
        Row("edit.copy", "&Copy", "Ctrl+C", K.Copy),
        Row("edit.paste", "&Paste", "Ctrl+V", K.Paste),
        Row("edit.select_all", "Select &All", "Ctrl+A", K.SelectAll),
        _sep(),
        Row("edit.find", "&Find…", "Ctrl+F", K.Find),
        Row("edit.find_next", "Find &Next", "F3", K.FindNext),
        Row("edit.find_previous", "Find Pre&vious", "Shift+F3", K.FindPrevious),
        Row("edit.replace", "R&eplace…", "Ctrl+H"),
        _sep(),
        Row("edit.preferences", "&Preferences…", "Ctrl+,"),
    ],
    "generate": [  # one section per model feature
        Row("generate.suggest_now", "Suggest &now", "Ctrl+Space", kind="lm"),
        Row("generate.accept", "&Accept suggestion", "Tab", kind="lm", editor=True),
        Row("generate.accept_word", "Accept next &word", "Ctrl+Right", kind="lm", editor=True),
        Row("generate.dismiss", "&Dismiss", "Esc", kind="lm", editor=True),
        Row("generate.next", "N&ext candidate", "Alt+]", kind="lm", editor=True),
        Row("generate.previous", "P&revious candidate", "Alt+[", kind="lm", editor=True),
        Row("generate.reroll_ghost", "Re-roll s&uggestion", "Ctrl+R", kind="lm"),
        Row("generate.alternatives", "A&lternatives at word…", "Ctrl+Shift+W", kind="lm"),
        Row("generate.while_writing", "Suggest while &writing", "Ctrl+Shift+Space", kind="lm", checkable=True),
        _sep(),
        Row("generate.vary", "&Variations of selection…", "Ctrl+Shift+V", kind="vae"),
        Row("generate.reroll", "Re-roll variation&s", "Ctrl+Shift+E", kind="vae"),
        Row("generate.blend", "&Blend selection into…", "Ctrl+Shift+B", kind="vae"),
        Row("generate.spark", "S&park new lines", "Ctrl+Shift+K", kind="gan"),
    ],
    "view": [
        Row("view.suggestions", "&Suggestions panel", "F9"),  # the suggestions dock's own toggle
        Row("view.project", "&Project panel", "F8"),
        Row("view.focus", "&Focus mode", "F11", checkable=True),
        Row("view.next_pane", "Next &Pane", "F6"),  # the keyboard's way between the text and the panels
        Row("view.theme", "T&heme: {}", "Ctrl+Shift+L"),
        Row("view.tint", "&Tint model text", "Ctrl+Shift+M", checkable=True),
        Row("view.font", "F&ont…", "Ctrl+Shift+F"),
        _sep(),
        Row("view.zoom_in", "Zoom &In", "Ctrl++", K.ZoomIn),
        Row("view.zoom_out", "Zoom &Out", "Ctrl+-", K.ZoomOut),
        _sep(),
        Row("view.next_tab", "Ne&xt Document", "Ctrl+PgDown"),
        Row("view.previous_tab", "Pre&vious Document", "Ctrl+PgUp"),
    ],
    "tools": [
        Row("tools.packs", "&Model Packs…", "Ctrl+Shift+P"),
        Row("tools.authorship", "&Authorship Report…", "Ctrl+Shift+A"),
        Row("tools.statistics", "Session &Statistics…", "Ctrl+Shift+I"),
        Row("tools.spelling", "Check Spe&lling", "F7", checkable=True),
        Row("tools.goals", "Word &Goals…", "Ctrl+Shift+G"),
    ],
    "help": [
        Row("help.about", "&About Creagen", "F1"),
    ],
    # window shortcuts without a menu entry: fixed actions, so Alt+N works without opening the menu
    None: [Row(f"file.recent.{i}", "", f"Alt+{i}") for i in range(1, RECENT_SLOTS + 1)],
}


ROWS = {row.name: row for rows in TABLE.values() for row in rows if row.role != SEPARATOR}


def keys_text(name: str) -> str:
    """The key of row `name` as menus show it ("Ctrl+Shift+V", "Tab")."""
    return ROWS[name].key_sequence().toString(QKeySequence.SequenceFormat.NativeText)


def editor_keys() -> dict[str, QKeySequence]:
    """The keys the editor handles itself, by row name ("generate.accept": Tab, ...)."""
    return {name: row.key_sequence() for name, row in ROWS.items() if row.editor}


class Menus:
    """The menu bar built from TABLE, and the registry rooms bind their handlers to."""

    def __init__(self, window: QMainWindow, kinds=("lm",)):
        self.window = window
        self.kinds = list(kinds)
        self.rows: dict[str, Row] = {}
        self.actions: dict[str, QAction] = {}
        self.submenus: dict[str, QMenu] = {}
        self.bound: set[str] = set()
        self.menus: dict[str, QMenu] = {}
        for key, rows in TABLE.items():
            menu = None
            if key is not None:
                menu = self.menus[key] = window.menuBar().addMenu(MENUS[key])
            for row in rows:
                self._build(row, menu)
        self.set_kinds(self.kinds)

    def _build(self, row: Row, menu: QMenu | None) -> None:
        if row.role == SEPARATOR:
            menu.addSeparator()
            return
        self.rows[row.name] = row
        if row.role == SUBMENU:
            self.submenus[row.name] = menu.addMenu(row.text)
            return
        act = QAction(row.text, self.window)
        if row.editor:
            act.setText(f"{row.text}\t{keys_text(row.name)}")  # "\t": the shortcut column
        elif row.keys or row.standard is not None:
            act.setShortcut(row.key_sequence())
        act.setCheckable(row.checkable)
        if menu is not None:
            menu.addAction(act)
        self.window.addAction(act)  # shortcuts keep working while focus mode hides the menu bar
        self.actions[row.name] = act

    # -- for the rooms ------------------------------------------------------------------------

    def bind(self, name: str, handler: Callable) -> QAction:
        """Run handler when the action is triggered (with the checked state, if it is checkable)."""
        act = self.actions[name]
        act.triggered.connect(handler)
        self.bound.add(name)
        return act

    def adopt(self, name: str, action: QAction) -> QAction:
        """Put an action made elsewhere (a dock's toggle) in this row's place, with its text and key."""
        old = self.actions[name]
        row = self.rows[name]
        action.setText(row.text)
        action.setShortcut(row.key_sequence())
        for widget in old.associatedObjects():
            if isinstance(widget, QMenu):
                widget.insertAction(old, action)
                widget.removeAction(old)
        self.window.removeAction(old)
        self.window.addAction(action)
        old.deleteLater()
        self.actions[name] = action
        self.bound.add(name)
        return action

    def action(self, name: str) -> QAction:
        return self.actions[name]

    def menu(self, key: str) -> QMenu:
        """A top-level menu: "file", "edit", "generate", "view", "tools" or "help"."""
        return self.menus[key]

    def submenu(self, name: str) -> QMenu:
        self.bound.add(name)
        return self.submenus[name]

    @staticmethod
    def keys(name: str) -> str:
        """The row's key as the menus show it ("Ctrl+Shift+V"): for tooltips and hints."""
        return keys_text(name)

    def set_label(self, name: str, value: str) -> None:
        """Fill the row's "{}" (the theme's name in "Theme: …")."""
        self.actions[name].setText(self.rows[name].text.format(value))

    def set_kinds(self, kinds) -> None:
        """Show the actions of the kinds the active pack has; hide the others."""
        self.kinds = list(kinds)
        for name, act in self.actions.items():
            kind = self.rows[name].kind
            if kind is not None:
                act.setVisible(kind in self.kinds)

    def of_kind(self, kind: str) -> list[QAction]:
        return [self.actions[n] for n, row in self.rows.items() if row.kind == kind and n in self.actions]

    def unbound(self) -> list[str]:
        """Rows no room has claimed (a test checks there are none once the window is built)."""
        return [n for n in self.rows if n not in self.bound]
