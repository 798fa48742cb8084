"""The Preferences dialog: every field of Preferences, within the ranges settings.py allows, in plain
words (a setting with a technical name has its meaning written beside it)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from creagen_desktop.documents.backups import DEFAULT_INTERVAL_S
from creagen_desktop.engine.sampling import SUGGEST
from creagen_desktop.ui.editor.etiquette import BACKOFF_LIMIT, DISMISSALS
from creagen_desktop.ui.i18n import UI_LANGUAGE_NAMES, UI_LANGUAGES, arg
from creagen_desktop.ui.settings import (
    AUTOSAVE_CHARS,
    DEVICE_LABELS,
    DEVICES,
    ORIGINALITY,
    RANGES,
    SUGGEST_LABELS,
    THEMES,
    Preferences,
)

SETTINGS = list(SUGGEST)  # often, when fairly sure, only when sure


def _beside(widget: QWidget, note: str) -> QWidget:
    """widget with a short explanation to its right."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    label = QLabel(note)
    label.setStyleSheet("color: palette(mid);")
    label.setMinimumWidth(label.sizeHint().width() + label.fontMetrics().averageCharWidth())  # see _group
    layout.addWidget(label, 1)
    widget.setAccessibleDescription(note)
    return row


def _group(title: str, rows: list, note: str = "") -> QGroupBox:
    """A titled group of (label, field) and (label, field, explanation) rows and lone widgets, with a
    note under them."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    form = QFormLayout()
    for row in rows:
        if isinstance(row, tuple):
            text, field, *note_beside = row
            label = QLabel(text)
            label.setBuddy(field)  # the mnemonic and screen readers reach the field, not its row
            field.setAccessibleName(text.replace("&", ""))
            form.addRow(label, _beside(field, *note_beside) if note_beside else field)
        else:
            form.addRow(row)
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if label is not None and label.widget() is not None:
            w = label.widget()
            # Qt measures "&Temperature" a hair narrower than it draws it: the last letter was clipped
            w.setMinimumWidth(w.sizeHint().width() + w.fontMetrics().averageCharWidth())
    layout.addLayout(form)
    if note:
        label = QLabel(note)
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(mid);")
        layout.addWidget(label)
    return box


class PreferencesDialog(QDialog):
    """keys(name) names an action's key (Menus.keys), for the tooltips that mention one."""

    def __init__(self, prefs: Preferences, keys: Callable[[str], str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        now = keys("generate.suggest_now")
        self.enabled = QCheckBox(self.tr("Suggest continuations while I write"))
        self.enabled.setToolTip(arg(self.tr("When off, %1 still asks for a suggestion."), now))
        self.suggest = QComboBox()
        self.suggest.addItems([QCoreApplication.translate("Preferences", SUGGEST_LABELS.get(s, s.capitalize()))
                               for s in SETTINGS])
        self.suggest.setToolTip(arg(self.tr("The grey suggestion shows only the words the model is this sure of, and nothing when it is not sure of the first one (%1 then lists other continuations in the side panel)."), now))
        self.pause = self._spin("pause_ms", " ms", step=50)
        self.pause.setToolTip(self.tr("How long to wait after the last key before asking the model."))
        self.hide_after = self._spin("hide_after_s", " s")
        self.hide_after.setSpecialValueText(self.tr("never"))
        self.back_off = QCheckBox(arg(self.tr("Wait longer after I dismiss %1 suggestions in a row"), DISMISSALS))
        self.back_off.setToolTip(arg(self.tr("Each %1 dismissals in a row double the wait, up to %2 times the pause above; accepting a suggestion brings it back."), DISMISSALS, BACKOFF_LIMIT))
        quiet = ("No suggestion appears by itself on an empty line, at the start of a paragraph, in a Markdown "
                 f"heading, or right after you delete or undo; {now} always asks.")
        self.n = self._spin("n")
        self.n.setToolTip(arg(self.tr("Candidates per suggestion; %1 and %2 switch between them."), keys('generate.next'), keys('generate.previous')))
        self.max_tokens = self._spin("max_tokens", " tokens")
        self.temperature = self._dspin("temperature", 0.05)
        self.top_k = self._spin("top_k")
        self.top_k.setSpecialValueText(self.tr("off"))
        self.top_p = self._dspin("top_p", 0.01)
        self.repetition = self._dspin("repetition_penalty", 0.05)
        self.device = QComboBox()
        self.device.addItems([QCoreApplication.translate("Preferences", label) for label in DEVICE_LABELS.values()])
        self.device.setToolTip(self.tr("Changing it reloads the model."))
        self.autosave = self._spin("autosave_s", " s")
        self.autosave.setToolTip(arg(self.tr("An unsaved change is copied to the recovery folder at most this long after you make it, or after %1 characters, and whenever the window loses focus."), AUTOSAVE_CHARS))
        self.backups = self._spin("backups")
        self.backups.setSpecialValueText(self.tr("none"))
        self.backups.setToolTip(arg(self.tr("Saving keeps this many earlier versions of a document (at most one every %1 minutes) in Creagen's backups folder."), f"{DEFAULT_INTERVAL_S / 60:.0f}"))
        self.theme = QComboBox()
        self.theme.addItems([self.tr("Follow the system"), self.tr("Light"), self.tr("Dark")])
        self.ui_language = QComboBox()
        self.ui_language.addItems([self.tr("Follow the system")] + [UI_LANGUAGE_NAMES[c] for c in UI_LANGUAGES[1:]])
        self.tint = QCheckBox(self.tr("Tint text written by the model"))
        self.spelling = QCheckBox(self.tr("Check spelling as I write"))
        self.originality = QComboBox()
        self.originality.addItems([self.tr("Drop them"), self.tr("Show them, marked")])
        self.originality.setToolTip("Suggestions that repeat a long run of the model's training text word for word "
                                    "(packs with a fingerprint of their training text).")
        writing = _group(self.tr("Suggestions as I write"), [
            self.enabled,
            (self.tr("&Suggest"), self.suggest, self.tr("how sure the model must be of each word it shows")),
            (self.tr("&Pause before suggesting"), self.pause, self.tr("after your last key")),
            (self.tr("&Hide a suggestion after"), self.hide_after, self.tr("when you leave it alone, without typing")),
            self.back_off,
        ], note=quiet)
        panel = _group(self.tr("Other continuations (side panel)"), [
            (self.tr("&Candidates"), self.n, self.tr("listed, the likeliest first")),
            (self.tr("&Length"), self.max_tokens, self.tr("at most (a token is a word or a part of one)")),
            (self.tr("&Temperature"), self.temperature, self.tr("lower: safer and more predictable; higher: more surprising")),
            (self.tr("Top-&k"), self.top_k, self.tr("choose only among this many likeliest next tokens (off: any)")),
            (self.tr("Top-&p"), self.top_p, self.tr("choose only among the likeliest tokens making up this share (1: any)")),
            (self.tr("&Repetition penalty"), self.repetition, self.tr("above 1: words already in the text come back less")),
        ])
        files = _group(self.tr("Documents and models"), [
            (self.tr("&Autosave within"), self.autosave),
            (self.tr("&Backups kept"), self.backups),
            (self.tr("&Device"), self.device),
            (self.tr("Copies of &training text"), self.originality),
        ])
        looks = _group(self.tr("Appearance and spelling"), [
            (self.tr("T&heme"), self.theme),
            (self.tr("Lan&guage"), self.ui_language, self.tr("when Creagen starts again")),
            self.tint, self.spelling])
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(writing)
        left.addWidget(panel)
        left.addStretch(1)
        right.addWidget(files)
        right.addWidget(looks)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
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
        self.suggest.setCurrentIndex(SETTINGS.index(prefs.suggest))
        self.pause.setValue(prefs.pause_ms)
        self.hide_after.setValue(prefs.hide_after_s)
        self.back_off.setChecked(prefs.back_off)
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
        self.ui_language.setCurrentIndex(UI_LANGUAGES.index(prefs.ui_language))

    def restore_defaults(self) -> None:
        self.set_preferences(Preferences())

    def preferences(self) -> Preferences:
        return Preferences(
            enabled=self.enabled.isChecked(), suggest=SETTINGS[self.suggest.currentIndex()],
            pause_ms=self.pause.value(), hide_after_s=self.hide_after.value(), back_off=self.back_off.isChecked(),
            n=self.n.value(), max_tokens=self.max_tokens.value(), temperature=self.temperature.value(),
            top_k=self.top_k.value(), top_p=self.top_p.value(), repetition_penalty=self.repetition.value(),
            device=DEVICES[self.device.currentIndex()], autosave_s=self.autosave.value(), backups=self.backups.value(),
            theme=THEMES[self.theme.currentIndex()], tint=self.tint.isChecked(), spelling=self.spelling.isChecked(),
            originality=ORIGINALITY[self.originality.currentIndex()],
            ui_language=UI_LANGUAGES[self.ui_language.currentIndex()],
        )
