"""Preferences kept with QSettings, and the dialog that edits them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
)

from creagen_desktop.engine import SamplingConfig

ORG, APP = "Creagen", "Creagen"
DEVICES = ["auto", "cpu", "cuda"]


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

    def sampling(self) -> SamplingConfig:
        return SamplingConfig(
            n=self.n, max_tokens=self.max_tokens, temperature=self.temperature, top_k=self.top_k,
            top_p=self.top_p, repetition_penalty=self.repetition_penalty,
        )

    @classmethod
    def load(cls, settings: QSettings | None = None) -> "Preferences":
        s = settings or QSettings(ORG, APP)
        prefs = cls()
        for f in fields(cls):
            default = getattr(prefs, f.name)
            raw = s.value(f"suggestions/{f.name}", default)
            try:
                # QSettings gives strings back from INI files: convert by the field's type
                if isinstance(default, bool):
                    value = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
                else:
                    value = type(default)(raw)
            except (TypeError, ValueError):
                value = default
            setattr(prefs, f.name, value)
        if prefs.device not in DEVICES:
            prefs.device = "auto"
        return prefs

    def save(self, settings: QSettings | None = None) -> None:
        s = settings or QSettings(ORG, APP)
        for f in fields(self):
            s.setValue(f"suggestions/{f.name}", getattr(self, f.name))
        s.sync()


class PreferencesDialog(QDialog):
    def __init__(self, prefs: Preferences, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        form = QFormLayout()
        self.enabled = QCheckBox("Suggest continuations while I write")
        self.enabled.setChecked(prefs.enabled)
        self.pause = self._spin(50, 5000, prefs.pause_ms, " ms", step=50)
        self.n = self._spin(1, 8, prefs.n)
        self.max_tokens = self._spin(1, 64, prefs.max_tokens, " tokens")
        self.temperature = self._dspin(0.0, 2.0, prefs.temperature, 0.05)
        self.top_k = self._spin(0, 1000, prefs.top_k)
        self.top_k.setSpecialValueText("off")
        self.top_p = self._dspin(0.05, 1.0, prefs.top_p, 0.01)
        self.repetition = self._dspin(1.0, 2.0, prefs.repetition_penalty, 0.05)
        self.device = QComboBox()
        self.device.addItems(["Auto (GPU when it works)", "CPU", "CUDA"])
        self.device.setCurrentIndex(DEVICES.index(prefs.device))
        form.addRow(self.enabled)
        form.addRow("Pause before suggesting", self.pause)
        form.addRow("Candidates", self.n)
        form.addRow("Length", self.max_tokens)
        form.addRow("Temperature", self.temperature)
        form.addRow("Top-k", self.top_k)
        form.addRow("Top-p", self.top_p)
        form.addRow("Repetition penalty", self.repetition)
        form.addRow("Device", self.device)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(lo, hi, value, suffix="", step=1):
        w = QSpinBox()
        w.setRange(lo, hi)
        w.setSingleStep(step)
        w.setValue(value)
        w.setSuffix(suffix)
        return w

    @staticmethod
    def _dspin(lo, hi, value, step):
        w = QDoubleSpinBox()
        w.setRange(lo, hi)
        w.setSingleStep(step)
        w.setDecimals(2)
        w.setValue(value)
        return w

    def preferences(self) -> Preferences:
        return Preferences(
            enabled=self.enabled.isChecked(), pause_ms=self.pause.value(), n=self.n.value(),
            max_tokens=self.max_tokens.value(), temperature=self.temperature.value(), top_k=self.top_k.value(),
            top_p=self.top_p.value(), repetition_penalty=self.repetition.value(),
            device=DEVICES[self.device.currentIndex()],
        )
