"""The ghost's two clocks: the pause before asking (the writer's, made longer by the etiquette after
dismissals in a row) and how long a ghost left alone stays. GhostEditor owns one."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

from creagen_desktop.ui.editor.etiquette import Etiquette


def _single_shot(parent: QObject, then: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.timeout.connect(then)
    return timer


class GhostTimers(QObject):
    def __init__(self, parent: QObject, etiquette: Etiquette, ask: Callable[[], None], hide: Callable[[], None]):
        super().__init__(parent)
        self.etiquette = etiquette
        self.pause = _single_shot(parent, ask)  # the writer stopped typing: time to ask
        self.hide_after = _single_shot(parent, hide)  # a ghost shown this long without typing goes away
        self.pause_ms = 300
        self.set_pause_ms(self.pause_ms)

    def set_pause_ms(self, ms: int) -> None:
        self.pause_ms = max(0, int(ms))
        self.pause.setInterval(self.pause_ms * self.etiquette.pause_factor())

    def set_hide_after_s(self, seconds: int) -> None:
        """0: a ghost stays until the writer moves on."""
        self.hide_after.setInterval(max(0, int(seconds)) * 1000)
        if not seconds:
            self.hide_after.stop()

    def set_back_off(self, on: bool) -> None:
        self.etiquette.back_off = on
        self.set_pause_ms(self.pause_ms)

    def shown(self) -> None:
        """A ghost shows (or shows more of itself): its time to stay starts again."""
        if self.hide_after.interval() > 0:
            self.hide_after.start()

    def dismissed(self) -> None:
        self.etiquette.dismissed_one()
        self.set_pause_ms(self.pause_ms)

    def accepted(self) -> None:
        self.etiquette.accepted()
        self.set_pause_ms(self.pause_ms)
