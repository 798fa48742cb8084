"""How the page looks, the same in every tab: the theme, the writing font and the tint of model text."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QFontDialog, QWidget

from creagen_desktop.ui import themes
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.settings import THEMES, LivePreferences

FONT_KEY = "editor/font"  # the writing font is kept apart from the preferences (QFont's own string)
MIN_POINT_SIZE = 12.0


class Looks(QObject):
    def __init__(self, parent: QWidget, menus: Menus, prefs: LivePreferences, settings: QSettings,
                 all_editors: Callable[[], list[GhostEditor]]):
        super().__init__(parent)
        self.parent_widget = parent
        self.menus = menus
        self.prefs = prefs
        self.settings = settings
        self.all_editors = all_editors
        self.font = self._saved_font()
        self.effective_theme = themes.effective_theme(prefs.current.theme)
        menus.bind("view.theme", self.cycle_theme)
        menus.bind("view.tint", self.set_tint).setChecked(prefs.current.tint)
        menus.bind("view.font", self.choose_font)
        prefs.changed.connect(self._prefs_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_theme_changed)

    def attach(self, editor: GhostEditor) -> None:
        editor.setFont(self.font)
        editor.set_tint_enabled(self.prefs.current.tint)

    def _prefs_changed(self, new, _old) -> None:
        self.menus.action("view.tint").setChecked(new.tint)
        for ed in self.all_editors():
            ed.set_tint_enabled(new.tint)
        self.apply_theme(new.theme)

    # -- theme --------------------------------------------------------------------------------

    def apply_theme(self, name: str) -> None:
        """Use a theme now (the preference is saved by whoever changed it)."""
        self.prefs.current.theme = name
        self.effective_theme = themes.apply_theme(name)
        self.menus.set_label("view.theme", themes.label(name))

    def cycle_theme(self) -> None:
        self.prefs.update(theme=THEMES[(THEMES.index(self.prefs.current.theme) + 1) % len(THEMES)])

    def _system_theme_changed(self, *_) -> None:
        if self.prefs.current.theme == "system":
            self.apply_theme("system")

    # -- tint ---------------------------------------------------------------------------------

    def set_tint(self, on: bool) -> None:
        self.prefs.update(tint=bool(on))

    # -- font ---------------------------------------------------------------------------------

    @staticmethod
    def _default_font() -> QFont:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), MIN_POINT_SIZE))
        return font

    def _saved_font(self) -> QFont:
        font = self._default_font()
        saved = self.settings.value(FONT_KEY, "")
        if saved:
            font.fromString(str(saved))
        return font

    def choose_font(self) -> None:
        ok, font = QFontDialog.getFont(self.font, self.parent_widget, "Writing font")
        if ok:
            self.set_writing_font(font)

    def set_writing_font(self, font: QFont) -> None:
        self.font = QFont(font)
        self.settings.setValue(FONT_KEY, font.toString())
        for ed in self.all_editors():
            ed.setFont(self.font)
