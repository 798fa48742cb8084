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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
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


def tr(text: str) -> str:
    """A text of the table in the app's language (the table marks them with QT_TRANSLATE_NOOP, for lupdate)."""
    return QCoreApplication.translate("Menus", text) if text else text


MENUS = {"file": QT_TRANSLATE_NOOP("Menus", "&File"), "edit": QT_TRANSLATE_NOOP("Menus", "&Edit"),
         "generate": QT_TRANSLATE_NOOP("Menus", "&Generate"), "view": QT_TRANSLATE_NOOP("Menus", "&View"),
         "tools": QT_TRANSLATE_NOOP("Menus", "&Tools"), "help": QT_TRANSLATE_NOOP("Menus", "&Help")}

TABLE: dict[str | None, list[Row]] = {
    "file": [
        Row("file.new", QT_TRANSLATE_NOOP("Menus", "&New"), "Ctrl+N", K.New),
        Row("file.open", QT_TRANSLATE_NOOP("Menus", "&Open…"), "Ctrl+O", K.Open),
        Row("file.recent", QT_TRANSLATE_NOOP("Menus", "Open &Recent"), role=SUBMENU),
        Row("file.open_project", QT_TRANSLATE_NOOP("Menus", "Open &Project Folder…"), "Ctrl+Alt+O"),
        Row("file.new_chapter", QT_TRANSLATE_NOOP("Menus", "New C&hapter…"), "Ctrl+Alt+N"),
        Row("project.move_up", QT_TRANSLATE_NOOP("Menus", "Move Chapter U&p"), "Alt+Shift+Up"),
        Row("project.move_down", QT_TRANSLATE_NOOP("Menus", "Move Chapter Do&wn"), "Alt+Shift+Down"),
        Row("file.save", QT_TRANSLATE_NOOP("Menus", "&Save"), "Ctrl+S", K.Save),
        Row("file.save_as", QT_TRANSLATE_NOOP("Menus", "Save &As…"), "Ctrl+Shift+S", K.SaveAs),
        Row("file.reload", QT_TRANSLATE_NOOP("Menus", "Re&load from Disk"), "Ctrl+Shift+R"),
        Row("file.close", QT_TRANSLATE_NOOP("Menus", "&Close Document"), "Ctrl+W"),
        _sep(),
        Row("file.export", QT_TRANSLATE_NOOP("Menus", "&Export…"), "Ctrl+Shift+X"),
        _sep(),
        Row("file.quit", QT_TRANSLATE_NOOP("Menus", "&Quit"), "Ctrl+Q", K.Quit),
    ],
    "edit": [
        Row("edit.undo", QT_TRANSLATE_NOOP("Menus", "&Undo"), "Ctrl+Z", K.Undo),
        Row("edit.redo", QT_TRANSLATE_NOOP("Menus", "&Redo"), "Ctrl+Shift+Z", K.Redo),
        _sep(),
        Row("edit.cut", QT_TRANSLATE_NOOP("Menus", "Cu&t"), "Ctrl+X", K.Cut),
        Row("edit.copy", QT_TRANSLATE_NOOP("Menus", "&Copy"), "Ctrl+C", K.Copy),
        Row("edit.paste", QT_TRANSLATE_NOOP("Menus", "&Paste"), "Ctrl+V", K.Paste),
        Row("edit.select_all", QT_TRANSLATE_NOOP("Menus", "Select &All"), "Ctrl+A", K.SelectAll),
        _sep(),
        Row("edit.find", QT_TRANSLATE_NOOP("Menus", "&Find…"), "Ctrl+F", K.Find),
        Row("edit.find_next", QT_TRANSLATE_NOOP("Menus", "Find &Next"), "F3", K.FindNext),
        Row("edit.find_previous", QT_TRANSLATE_NOOP("Menus", "Find Pre&vious"), "Shift+F3", K.FindPrevious),
        Row("edit.replace", QT_TRANSLATE_NOOP("Menus", "R&eplace…"), "Ctrl+H"),
        _sep(),
        Row("edit.preferences", QT_TRANSLATE_NOOP("Menus", "&Preferences…"), "Ctrl+,"),
    ],
    "generate": [  # one section per model feature
        Row("generate.suggest_now", QT_TRANSLATE_NOOP("Menus", "Suggest &now"), "Ctrl+Space", kind="lm"),
        Row("generate.accept", QT_TRANSLATE_NOOP("Menus", "&Accept suggestion"), "Tab", kind="lm", editor=True),
        Row("generate.accept_word", QT_TRANSLATE_NOOP("Menus", "Accept next &word"), "Ctrl+Right", kind="lm", editor=True),
        Row("generate.dismiss", QT_TRANSLATE_NOOP("Menus", "&Dismiss"), "Esc", kind="lm", editor=True),
        Row("generate.next", QT_TRANSLATE_NOOP("Menus", "N&ext candidate"), "Alt+]", kind="lm", editor=True),
        Row("generate.previous", QT_TRANSLATE_NOOP("Menus", "P&revious candidate"), "Alt+[", kind="lm", editor=True),
        Row("generate.reroll_ghost", QT_TRANSLATE_NOOP("Menus", "Re-roll s&uggestion"), "Ctrl+R", kind="lm"),
        Row("generate.alternatives", QT_TRANSLATE_NOOP("Menus", "A&lternatives at word…"), "Ctrl+Shift+W", kind="lm"),
        Row("generate.while_writing", QT_TRANSLATE_NOOP("Menus", "Suggest while &writing"), "Ctrl+Shift+Space", kind="lm", checkable=True),
        _sep(),
        Row("generate.vary", QT_TRANSLATE_NOOP("Menus", "&Variations of selection…"), "Ctrl+Shift+V", kind="vae"),
        Row("generate.reroll", QT_TRANSLATE_NOOP("Menus", "Re-roll variation&s"), "Ctrl+Shift+E", kind="vae"),
        Row("generate.blend", QT_TRANSLATE_NOOP("Menus", "&Blend selection into…"), "Ctrl+Shift+B", kind="vae"),
        Row("generate.spark", QT_TRANSLATE_NOOP("Menus", "S&park new lines"), "Ctrl+Shift+K", kind="gan"),
        _sep(),
        Row("generate.poem", QT_TRANSLATE_NOOP("Menus", "&Poem…"), "Ctrl+Alt+P", kind="poem"),
        Row("generate.next_line", QT_TRANSLATE_NOOP("Menus", "Suggest the next &line"), "Ctrl+Alt+L", kind="couplet"),
        Row("generate.revise_line", QT_TRANSLATE_NOOP("Menus", "Re&vise this line…"), "Ctrl+Alt+R", kind="poem"),
    ],
    "view": [
        Row("view.suggestions", QT_TRANSLATE_NOOP("Menus", "&Suggestions panel"), "F9"),  # the suggestions dock's own toggle
        Row("view.project", QT_TRANSLATE_NOOP("Menus", "&Project panel"), "F8"),
        Row("view.focus", QT_TRANSLATE_NOOP("Menus", "&Focus mode"), "F11", checkable=True),
        Row("view.next_pane", QT_TRANSLATE_NOOP("Menus", "Next &Pane"), "F6"),  # the keyboard's way between the text and the panels
        Row("view.theme", QT_TRANSLATE_NOOP("Menus", "T&heme: {}"), "Ctrl+Shift+L"),
        Row("view.tint", QT_TRANSLATE_NOOP("Menus", "&Tint model text"), "Ctrl+Shift+M", checkable=True),
        Row("view.font", QT_TRANSLATE_NOOP("Menus", "F&ont…"), "Ctrl+Shift+F"),
        _sep(),
        Row("view.zoom_in", QT_TRANSLATE_NOOP("Menus", "Zoom &In"), "Ctrl++", K.ZoomIn),
        Row("view.zoom_out", QT_TRANSLATE_NOOP("Menus", "Zoom &Out"), "Ctrl+-", K.ZoomOut),
        _sep(),
        Row("view.next_tab", QT_TRANSLATE_NOOP("Menus", "Ne&xt Document"), "Ctrl+PgDown"),
        Row("view.previous_tab", QT_TRANSLATE_NOOP("Menus", "Pre&vious Document"), "Ctrl+PgUp"),
    ],
    "tools": [
        Row("tools.packs", QT_TRANSLATE_NOOP("Menus", "&Model Packs…"), "Ctrl+Shift+P"),
        Row("tools.learn", QT_TRANSLATE_NOOP("Menus", "Learn from My &Writing…"), "Ctrl+Shift+Y", kind="lm"),
        Row("tools.authorship", QT_TRANSLATE_NOOP("Menus", "&Authorship Report…"), "Ctrl+Shift+A"),
        Row("tools.statistics", QT_TRANSLATE_NOOP("Menus", "Session &Statistics…"), "Ctrl+Shift+I"),
        Row("tools.spelling", QT_TRANSLATE_NOOP("Menus", "Check Spe&lling"), "F7", checkable=True),
        Row("tools.goals", QT_TRANSLATE_NOOP("Menus", "Word &Goals…"), "Ctrl+Shift+G"),
        Row("tools.language", QT_TRANSLATE_NOOP("Menus", "Document &Language"), role=SUBMENU),
    ],
    "help": [
        Row("help.about", QT_TRANSLATE_NOOP("Menus", "&About Creagen"), "F1"),
    ],
    # window shortcuts without a menu entry: fixed actions, so Alt+N works without opening the menu
    None: [Row(f"file.recent.{i}", "", f"Alt+{i}") for i in range(1, RECENT_SLOTS + 1)] + [
        # the document's language, in Tools ▸ Document Language and the status bar's language button
        Row("language.auto", QT_TRANSLATE_NOOP("Menus", "Detect from the text"), "Ctrl+Alt+0", checkable=True),
        Row("language.en", QT_TRANSLATE_NOOP("Menus", "English"), "Ctrl+Alt+1", checkable=True),
        Row("language.zh", QT_TRANSLATE_NOOP("Menus", "Chinese (中文)"), "Ctrl+Alt+2", checkable=True),
    ],
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
                menu = self.menus[key] = window.menuBar().addMenu(tr(MENUS[key]))
            for row in rows:
                self._build(row, menu)
        self.set_kinds(self.kinds)

    def _build(self, row: Row, menu: QMenu | None) -> None:
        if row.role == SEPARATOR:
            menu.addSeparator()
            return
        self.rows[row.name] = row
        if row.role == SUBMENU:
            self.submenus[row.name] = menu.addMenu(tr(row.text))
            return
        act = QAction(tr(row.text), self.window)
        if row.editor:
            act.setText(f"{tr(row.text)}\t{keys_text(row.name)}")  # "\t": the shortcut column
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
        action.setText(tr(row.text))
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
        self.actions[name].setText(tr(self.rows[name].text).format(value))

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
