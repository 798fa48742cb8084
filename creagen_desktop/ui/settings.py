"""Preferences kept with QSettings: the fields, their defaults, choices and allowed ranges, loading and
saving; and LivePreferences, the one copy in use that every room reads and is told about changes of."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSettings, Signal

from creagen_desktop.documents.backups import DEFAULT_KEEP
from creagen_desktop.engine.devices import DEVICES
from creagen_desktop.engine.originality import MODES as ORIGINALITY
from creagen_desktop.engine.sampling import (
    LIMITS,
    SUGGEST,
    SUGGEST_DEFAULT,
    SamplingConfig,
)
from creagen_desktop.paths import settings_file
from creagen_desktop.ui.i18n import UI_LANGUAGES

ORG, APP = "Creagen", "Creagen"
# shown through QCoreApplication.translate("Preferences", ...): marked for lupdate here
DEVICE_LABELS = {"auto": QT_TRANSLATE_NOOP("Preferences", "Auto (GPU when it works)"), "cpu": "CPU",
                 "cuda": QT_TRANSLATE_NOOP("Preferences", "CUDA (NVIDIA GPU)")}
SUGGEST_LABELS = {"often": QT_TRANSLATE_NOOP("Preferences", "Often"),
                  "when fairly sure": QT_TRANSLATE_NOOP("Preferences", "When fairly sure"),
                  "only when sure": QT_TRANSLATE_NOOP("Preferences", "Only when sure")}
THEMES = ["system", "light", "dark"]
_SAMPLING = SamplingConfig()  # the generation defaults live in engine.sampling, written once
AUTOSAVE_CHARS = 200  # characters typed that reach the recovery folder at once, as Vim's updatecount

# Allowed ranges, shared by the dialog and by loading (a hand-edited config must not break the engine).
RANGES = {
    "pause_ms": (50, 5000),
    "hide_after_s": (0, 120),
    "n": (1, 8),  # candidates the editor shows
    **{name: LIMITS[name] for name in ("max_tokens", "temperature", "top_k", "top_p", "repetition_penalty")},
    "autosave_s": (1, 600),
    "backups": (0, 50),
    "session_goal": (0, 1_000_000),
}


def app_settings() -> QSettings:
    """Where the preferences live: an INI file in the data folder when CREAGEN_DATA_DIR is set
    (tests, portable installs), else the system's usual place."""
    override = settings_file()
    if override is not None:
        return QSettings(str(override), QSettings.Format.IniFormat)
    return QSettings(ORG, APP)


@dataclass
class Preferences:
    enabled: bool = True
    suggest: str = SUGGEST_DEFAULT  # how sure the model must be of each word of the ghost (engine.sampling.SUGGEST)
    pause_ms: int = 300
    hide_after_s: int = 15  # a ghost left alone this long hides itself (0: it stays)
    back_off: bool = True  # wait longer after dismissals in a row (ui.editor.etiquette)
    n: int = _SAMPLING.n
    max_tokens: int = _SAMPLING.max_tokens
    temperature: float = _SAMPLING.temperature
    top_k: int = _SAMPLING.top_k
    top_p: float = _SAMPLING.top_p
    repetition_penalty: float = _SAMPLING.repetition_penalty
    device: str = DEVICES[0]
    autosave_s: int = 5  # an edit reaches the recovery folder at most this long after it is made
    backups: int = DEFAULT_KEEP  # earlier versions of a document kept when it is saved (0: none)
    theme: str = "system"
    tint: bool = True  # soft background behind text the model wrote
    spelling: bool = True  # wavy lines under misspelled words
    session_goal: int = 0  # words to write this session (0: no goal); the project's goal is the project's
    originality: str = ORIGINALITY[0]
    ui_language: str = UI_LANGUAGES[0]  # the app's language: follow the system, or one of ui.i18n's (at the next start)

    def sampling(self) -> SamplingConfig:
        return SamplingConfig(
            n=self.n, max_tokens=self.max_tokens, temperature=self.temperature, top_k=self.top_k,
            top_p=self.top_p, repetition_penalty=self.repetition_penalty,
        )

    @classmethod
    def load(cls, settings: QSettings | None = None) -> "Preferences":
        s = settings if settings is not None else app_settings()
        prefs = cls()
        for f in fields(cls):
            default = getattr(prefs, f.name)
            raw = s.value(f"suggestions/{f.name}", default)
            try:
                # INI files give strings back: convert by the field's type
                if isinstance(default, bool):
                    value = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
                else:
                    value = type(default)(raw)
            except (TypeError, ValueError):
                value = default
            if isinstance(value, float) and not math.isfinite(value):
                value = default  # NaN or infinity from a hand-edited file
            if f.name in RANGES:
                lo, hi = RANGES[f.name]
                value = type(default)(min(max(value, lo), hi))
            setattr(prefs, f.name, value)
        if prefs.device not in DEVICES:
            prefs.device = DEVICES[0]
        if prefs.suggest not in SUGGEST:
            prefs.suggest = SUGGEST_DEFAULT
        if prefs.theme not in THEMES:
            prefs.theme = THEMES[0]
        if prefs.originality not in ORIGINALITY:
            prefs.originality = ORIGINALITY[0]
        if prefs.ui_language not in UI_LANGUAGES:
            prefs.ui_language = UI_LANGUAGES[0]
        return prefs

    def save(self, settings: QSettings | None = None) -> None:
        s = settings if settings is not None else app_settings()
        for f in fields(self):
            s.setValue(f"suggestions/{f.name}", getattr(self, f.name))
        s.sync()


class LivePreferences(QObject):
    """The preferences in use. Rooms read `current` when they need a value (so a request always
    carries the latest); apply() and update() save a new set and emit changed(new, old), and each
    room applies its part (the editors' pause, the tint, the theme, the autosave interval, ...)."""

    changed = Signal(object, object)  # new Preferences, old Preferences

    def __init__(self, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.current = Preferences.load(settings)

    def apply(self, prefs: Preferences) -> None:
        old, self.current = self.current, prefs
        prefs.save(self.settings)
        self.changed.emit(prefs, old)

    def update(self, **changes) -> None:
        self.apply(replace(self.current, **changes))
