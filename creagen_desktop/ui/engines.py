"""One engine per language in use: an English and a Chinese document open side by side each get
suggestions from the pack of their own language.

Each language's engine lives on an EngineThread of its own (which loads it, off the GUI thread, and
runs its continuations: a language model's cache serves one thread). A language's thread is made the
first time a document in it needs one, so a writer who never writes Chinese never loads the Chinese
pack. This room says what happens to each, the language first in every signal.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, Signal

from creagen_desktop.ui.workers import EngineThread

LOADING = "loading"
LOADED = "loaded"


class Engines(QObject):
    loading = Signal(str)  # language
    loaded = Signal(str, str, str)  # language, pack name, provider
    load_failed = Signal(str, str)  # language, message for the writer
    answered = Signal(str, object)  # language, the newest continuation job's answer
    answer_failed = Signal(str, str)  # language, why the newest continuation job failed

    def __init__(self, loader_for: Callable[[str], Callable[[], object]], parent=None):
        """`loader_for(language)`: what that language's thread runs to load its engine (PackChoice.loader)."""
        super().__init__(parent)
        self.loader_for = loader_for
        self.threads: dict[str, EngineThread] = {}
        self.state: dict[str, str] = {}  # LOADING, LOADED, or why it could not load

    def thread(self, language: str) -> EngineThread:
        """The language's engine thread, made (and its engine loading) the first time it is asked for."""
        t = self.threads.get(language)
        if t is None:
            t = self.threads[language] = EngineThread(self.loader_for(language))
            t.loading.connect(partial(self._loading, language))
            t.loaded.connect(partial(self._loaded, language))
            t.load_failed.connect(partial(self._failed, language))
            t.fresh_result.connect(partial(self.answered.emit, language))
            t.fresh_failed.connect(partial(self.answer_failed.emit, language))
            self.state[language] = LOADING
            t.start()
        return t

    def engine(self, language: str):
        """The language's loaded engine, or None (not loaded, loading, or it could not load)."""
        t = self.threads.get(language)
        return t.engine if t is not None else None

    def engines(self) -> list:
        return [t.engine for t in self.threads.values() if t.engine is not None]

    def error(self, language: str) -> str | None:
        s = self.state.get(language)
        return None if s in (None, LOADING, LOADED) else s

    def is_loading(self, language: str) -> bool:
        return self.state.get(language) == LOADING

    def reload(self, language: str | None = None) -> None:
        """Load the language's pack again (another pack or device chosen); None: every language in use.
        The engine there serves until the new one has loaded."""
        for lang, t in self.threads.items():
            if language is None or lang == language:
                t.reload(self.loader_for(lang))

    def stop(self) -> None:
        for t in self.threads.values():
            if t.engine is not None:
                t.engine.shutdown()  # every job in flight stops at its next model call
        for t in self.threads.values():
            t.stop()

    def _loading(self, language: str) -> None:
        self.state[language] = LOADING
        self.loading.emit(language)

    def _loaded(self, language: str, name: str, provider: str) -> None:
        self.state[language] = LOADED
        self.loaded.emit(language, name, provider)

    def _failed(self, language: str, message: str) -> None:
        self.state[language] = message
        self.load_failed.emit(language, message)
