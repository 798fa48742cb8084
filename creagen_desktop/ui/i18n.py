"""The app's own language: Qt Linguist translations, chosen from the system locale or Preferences.

The sources are creagen_desktop/i18n/creagen_<locale>.ts (made and updated by pyside6-lupdate over the
code, translated in Linguist), built to .qm by pyside6-lrelease (packaging/translations.py does both);
both are committed and installed with the package. English is the code's own text: it needs no file.
A change of language in Preferences takes effect when Creagen starts again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

SYSTEM = "system"
UI_LANGUAGES = (SYSTEM, "en", "zh_CN")  # the Preferences choices; the names below are each in its own language
UI_LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
TRANSLATED = ("zh_CN",)  # the locales with a translation file
APP_FILE = "creagen_{}.qm"


def i18n_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "i18n"


def resolve(choice: str, system: QLocale | None = None) -> str:
    """The locale the app shows for a Preferences choice: "zh_CN" or "en". Following the system, any
    Chinese locale gets Simplified Chinese (the only Chinese translation there is)."""
    if choice in TRANSLATED or choice == "en":
        return choice
    system = system or QLocale.system()
    return "zh_CN" if system.language() == QLocale.Language.Chinese else "en"


# Han characters look different in Japanese, Korean and Chinese fonts: a Simplified Chinese one is
# preferred for the app in Chinese (fontconfig alone may pick "Noto Sans CJK JP", which has them too)
SIMPLIFIED_HINTS = ("SC", "CN", "GB", "Simplified", "YaHei", "PingFang SC", "Hei", "Song")


def simplified_chinese_font() -> str | None:
    """The installed family best for Simplified Chinese, or None when none can show it."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return next((f for hint in SIMPLIFIED_HINTS for f in families if hint in f), families[0] if families else None)


def document_language(ui_locale: str) -> str:
    """The language a new, still empty document is taken to be in: the app's own."""
    return "zh" if ui_locale.startswith("zh") else "en"


class Translation:
    """The translators installed in the application (Creagen's own and Qt's for its standard dialogs)."""

    def __init__(self):
        self.locale = "en"
        self.translators: list[QTranslator] = []
        self.font_before: QFont | None = None  # the app's font before a Chinese one was put first
        self.font = ""  # the Chinese font family the app in Chinese shows in

    def install(self, choice: str, app: QCoreApplication | None = None, system: QLocale | None = None) -> str:
        """Show the app in the language `choice` asks for from now on (widgets made after this);
        returns the locale shown. A translation file that is missing or damaged leaves English."""
        app = app or QCoreApplication.instance()
        self.remove(app)
        locale = resolve(choice, system)
        if locale in TRANSLATED:
            own = QTranslator()
            if own.load(str(i18n_dir() / APP_FILE.format(locale))):
                self.translators.append(own)
                qt = QTranslator()  # Qt's own strings: the OK/Cancel buttons, the file dialogs
                if qt.load(f"qtbase_{locale}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                    self.translators.append(qt)
            else:
                locale = "en"
        for t in self.translators:
            app.installTranslator(t)
        self.locale = locale
        if locale == "zh_CN" and isinstance(app, QGuiApplication) and (family := simplified_chinese_font()):
            self.font_before, self.font = QGuiApplication.font(), family
            chinese = QFont(self.font_before)
            chinese.setFamilies([family, *self.font_before.families()])
            QGuiApplication.setFont(chinese)
        return locale

    def remove(self, app: QCoreApplication | None = None) -> None:
        app = app or QCoreApplication.instance()
        for t in self.translators:
            app.removeTranslator(t)
        self.translators = []
        self.locale = "en"
        if self.font_before is not None:
            QGuiApplication.setFont(self.font_before)
            self.font_before, self.font = None, ""


translation = Translation()  # the application's: run_app installs it before the window is made


def arg(template: str, *values) -> str:
    """`template` (a translated text) with %1, %2, ... filled in one pass, so a value holding "%2" stays as
    it is; a translation may put them in any order."""
    import re

    return re.sub(r"%(\d)", lambda m: str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values)
                  else m.group(0), template)
