"""The Preferences dialog: every field of Preferences, within the ranges settings.py allows."""

from __future__ import annotations

from typing import Callable

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

from creagen_desktop.documents.backups import DEFAULT_INTERVAL_S
from creagen_desktop.ui.settings import (
    AUTOSAVE_CHARS,
    DEVICE_LABELS,
    DEVICES,
    ORIGINALITY,
    RANGES,
    THEMES,
    Preferences,
)


class PreferencesDialog(QDialog):
    """keys(name) names an action's key (Menus.keys), for the tooltips that mention one."""

    def __init__(self, prefs: Preferences, keys: Callable[[str], str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.enabled = QCheckBox("Suggest continuations while I write")
        self.enabled.setToolTip(f"When off, {keys('generate.suggest_now')} still asks for a suggestion.")
        self.pause = self._spin("pause_ms", " ms", step=50)
        self.pause.setToolTip("How long to wait after the last key before asking the model.")
        self.n = self._spin("n")
        self.n.setToolTip(f"Candidates per suggestion; {keys('generate.next')} and {keys('generate.previous')} "
                          "switch between them.")
        self.max_tokens = self._spin("max_tokens", " tokens")
        self.max_tokens.setToolTip("Longest suggestion, in model tokens (roughly word pieces).")
        self.temperature = self._dspin("temperature", 0.05)
        self.temperature.setToolTip("Lower is safer and more predictable, higher is more surprising.")
        self.top_k = self._spin("top_k")
        self.top_k.setSpecialValueText("off")
        self.top_k.setToolTip("Choose only among this many most likely next pieces (0 = no limit).")
        self.top_p = self._dspin("top_p", 0.01)
        self.top_p.setToolTip("Choose only among the most likely pieces that make up this share (1 = no limit).")
        self.repetition = self._dspin("repetition_penalty", 0.05)
        self.repetition.setToolTip("Above 1 discourages repeating words already in the text.")
        self.device = QComboBox()
        self.device.addItems(list(DEVICE_LABELS.values()))
        self.device.setToolTip("Changing it reloads the model.")
        self.autosave = self._spin("autosave_s", " s")
        self.autosave.setToolTip("An unsaved change is copied to the recovery folder at most this long after you "
                                 f"make it, or after {AUTOSAVE_CHARS} characters, and whenever the window loses focus.")
        self.backups = self._spin("backups")
        self.backups.setSpecialValueText("none")
        self.backups.setToolTip("Saving keeps this many earlier versions of a document (at most one every "
                                f"{DEFAULT_INTERVAL_S / 60:.0f} minutes) in Creagen's backups folder.")
        self.theme = QComboBox()
        self.theme.addItems(["Follow the system", "Light", "Dark"])
        self.tint = QCheckBox("Tint text written by the model")
        self.spelling = QCheckBox("Check spelling as I write")
        self.originality = QComboBox()
        self.originality.addItems(["Drop them", "Show them, marked"])
        self.originality.setToolTip("Suggestions that repeat a long run of the model's training text word for word "
                                    "(packs with a fingerprint of their training text).")
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow("&Pause before suggesting", self.pause)
        form.addRow("&Candidates", self.n)
        form.addRow("&Length", self.max_tokens)
        form.addRow("&Temperature", self.temperature)
        form.addRow("Top-&k", self.top_k)
        form.addRow("Top-&p", self.top_p)
        form.addRow("&Repetition penalty", self.repetition)
        form.addRow("&Device", self.device)
        form.addRow("&Autosave within", self.autosave)
        form.addRow("&Backups kept", self.backups)
        form.addRow("T&heme", self.theme)
        form.addRow(self.tint)
        form.addRow(self.spelling)
        form.addRow("Copies of &training text", self.originality)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                w = label.widget()
                # Qt measures "&Temperature" a hair narrower than it draws it: the last letter was clipped
                w.setMinimumWidth(w.sizeHint().width() + w.fontMetrics().averageCharWidth())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.set_preferences(prefs)

    @staticmethod
    def _spin(name, suffix="", step=1):
        w = QSpinBox()
        w.setRange(*RANGES[name])
        w.setSingleStep(step)
        w.setSuffix(suffix)
        return w

    @staticmethod
    def _dspin(name, step):
        w = QDoubleSpinBox()
        w.setRange(*RANGES[name])
        w.setSingleStep(step)
        w.setDecimals(2)
        return w

    def set_preferences(self, prefs: Preferences) -> None:
        self.enabled.setChecked(prefs.enabled)
        self.pause.setValue(prefs.pause_ms)
        self.n.setValue(prefs.n)
        self.max_tokens.setValue(prefs.max_tokens)
        self.temperature.setValue(prefs.temperature)
        self.top_k.setValue(prefs.top_k)
        self.top_p.setValue(prefs.top_p)
        self.repetition.setValue(prefs.repetition_penalty)
        self.device.setCurrentIndex(DEVICES.index(prefs.device))
        self.autosave.setValue(prefs.autosave_s)
        self.backups.setValue(prefs.backups)
        self.theme.setCurrentIndex(THEMES.index(prefs.theme))
        self.tint.setChecked(prefs.tint)
        self.spelling.setChecked(prefs.spelling)
        self.originality.setCurrentIndex(ORIGINALITY.index(prefs.originality))

    def restore_defaults(self) -> None:
        self.set_preferences(Preferences())

    def preferences(self) -> Preferences:
        return Preferences(
            enabled=self.enabled.isChecked(), pause_ms=self.pause.value(), n=self.n.value(),
            max_tokens=self.max_tokens.value(), temperature=self.temperature.value(), top_k=self.top_k.value(),
            top_p=self.top_p.value(), repetition_penalty=self.repetition.value(),
            device=DEVICES[self.device.currentIndex()], autosave_s=self.autosave.value(), backups=self.backups.value(),
            theme=THEMES[self.theme.currentIndex()], tint=self.tint.isChecked(), spelling=self.spelling.isChecked(),
            originality=ORIGINALITY[self.originality.currentIndex()],
        )
