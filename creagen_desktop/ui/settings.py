"""Preferences kept with QSettings: the fields, their defaults, choices and allowed ranges, loading and
saving; and LivePreferences, the one copy in use that every room reads and is told about changes of."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from PySide6.QtCore import QObject, QSettings, Signal

from creagen_desktop.engine.sampling import SamplingConfig

ORG, APP = "Creagen", "Creagen"
DEVICE_LABELS = {"auto": "Auto (GPU when it works)", "cpu": "CPU", "cuda": "CUDA (NVIDIA GPU)"}
DEVICES = list(DEVICE_LABELS)
THEMES = ["system", "light", "dark"]
ORIGINALITY = ["drop", "flag"]  # what the originality guard does with a suggestion that copies training text

# Allowed ranges, shared by the dialog and by loading (a hand-edited config must not break the engine).
RANGES = {
    "pause_ms": (50, 5000),
    "n": (1, 8),
    "max_tokens": (1, 64),
    "temperature": (0.0, 2.0),
    "top_k": (0, 1000),
    "top_p": (0.05, 1.0),
    "repetition_penalty": (1.0, 2.0),
    "autosave_s": (5, 600),
}


@dataclass
class Preferences:
    enabled: bool = True
    pause_ms: int = 300
    n: int = 3
    max_tokens: int = 16
    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    repetition_penalty: float = 1.1
    device: str = "auto"
    autosave_s: int = 30  # copy unsaved changes to the recovery folder this often
    theme: str = "system"
    tint: bool = True  # soft background behind text the model wrote
    originality: str = "drop"

    def sampling(self) -> SamplingConfig:
        return SamplingConfig(
            n=self.n, max_tokens=self.max_tokens, temperature=self.temperature, top_k=self.top_k,
            top_p=self.top_p, repetition_penalty=self.repetition_penalty,
        )

    @classmethod
    def load(cls, settings: QSettings | None = None) -> "Preferences":
        s = settings if settings is not None else QSettings(ORG, APP)
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
            if f.name in RANGES:
                lo, hi = RANGES[f.name]
                value = type(default)(min(max(value, lo), hi))
            setattr(prefs, f.name, value)
        if prefs.device not in DEVICES:
            prefs.device = "auto"
        if prefs.theme not in THEMES:
            prefs.theme = "system"
        if prefs.originality not in ORIGINALITY:
            prefs.originality = "drop"
        return prefs

    def save(self, settings: QSettings | None = None) -> None:
        s = settings if settings is not None else QSettings(ORG, APP)
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
