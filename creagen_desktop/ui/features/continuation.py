"""Continuations: after a pause (or Suggest now) the text before the cursor goes to the engine
thread, which answers with the ghost: the most likely continuation, as far as the model is as sure
as the "Suggest" preference asks ("" when it is not sure). A ghost that shows is then followed by
a second job, the side panel's list (the ghost's continuation and others drawn from the model),
which Alt+] and Alt+[ also cycle through. Suggest now always gets the list, sure or not.

Each document is served by the engine of its language (ui.engines: one EngineThread per language in
use). Jobs run on that EngineThread itself, since the language model's cache serves one thread. Only
the newest job's answer comes back (JobThread drops the rest), and it shows only if it is in the
language asked and the text before the cursor is still the text it was asked for.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject

from creagen_desktop.documents.counts import SessionStats
from creagen_desktop.engine.context_window import window_start
from creagen_desktop.ui.dialogs.suggestions import SuggestionsPanel
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.features import FeatureContext
from creagen_desktop.ui.engines import Engines
from creagen_desktop.ui.settings import LivePreferences


class ContinuationFeature(QObject):
    def __init__(self, ctx: FeatureContext, engines: Engines, language_of: Callable[[GhostEditor], str],
                 prefs: LivePreferences, stats: SessionStats,
                 show_latency: Callable[[float], None], all_editors: Callable[[], list[GhostEditor]]):
        """`language_of(editor)`: the language of the editor's document (its engine answers it)."""
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.engines = engines
        self.language_of = language_of
        self.prefs = prefs
        self.stats = stats
        self.show_latency = show_latency
        self.all_editors = all_editors
        self.asked: str | None = None  # the text the newest job was asked for, until it answers
        self.asked_lang: str | None = None  # and the language (the engine) it was asked of
        self.asked_now = False  # the writer asked for it (Suggest now): the list comes even without a ghost
        self._accepted_current = False  # the suggestion showing now was (partly) taken
        m = ctx.menus
        self.panel = SuggestionsPanel(m.keys, ctx.parent)
        ctx.add_panel(self.panel)
        m.adopt("view.suggestions", self.panel.toggleViewAction())
        ed = ctx.current_editor
        m.bind("generate.suggest_now", self.suggest_now)
        m.bind("generate.reroll_ghost", self.reroll)
        m.bind("generate.accept", lambda: ed().accept_all())
        m.bind("generate.accept_word", lambda: ed().accept_word())
        m.bind("generate.dismiss", lambda: ed().clear_ghost())
        m.bind("generate.next", lambda: ed().cycle(1))
        m.bind("generate.previous", lambda: ed().cycle(-1))
        self.while_writing = m.bind("generate.while_writing", self.set_enabled)
        self.while_writing.setChecked(prefs.current.enabled)
        self.panel.chosen.connect(lambda i: ed().insert_candidate(i))
        engines.answered.connect(self._ready)
        engines.answer_failed.connect(self._failed)
        prefs.changed.connect(self._prefs_changed)

    def attach(self, editor: GhostEditor) -> None:
        """Wire a new tab's editor; only the editor in view talks to the panel and the model."""
        self._apply(editor, self.prefs.current)
        mine = partial(lambda e: e is self.ctx.current_editor(), editor)
        editor.wants_suggestions.connect(lambda text: mine() and self.request(text))
        editor.asks_suggestions.connect(lambda text: mine() and self.request(text, asked=True))
        editor.suggestions_cancelled.connect(lambda: mine() and self.cancel())
        editor.suggestion_cleared.connect(lambda: mine() and self.panel.clear())
        editor.suggestion_changed.connect(lambda i: mine() and self.panel.highlight(i))
        editor.generated.connect(self._generated)

    # -- asking -------------------------------------------------------------------------------

    def _language(self) -> str:
        return self.language_of(self.ctx.current_editor())

    def request(self, text: str, asked: bool = False) -> None:
        """Ask for the ghost at the end of `text`; `asked`: the writer asked (Suggest now)."""
        lang = self._language()
        thread = self.engines.thread(lang)  # a first document in a language starts its engine loading
        if thread.engine is None:
            return
        if self.asked_lang not in (None, lang):
            self.cancel()  # the other language's request is for a document left behind
        setting, (doc, start) = self.prefs.current.suggest, self._where()
        self.asked, self.asked_lang, self.asked_now = text, lang, asked
        thread.submit(lambda engine: ("ghost", engine.ghost(text, setting, doc, start)))

    def _request_list(self, text: str, lang: str) -> None:
        config, setting, (doc, start) = self.prefs.current.sampling(), self.prefs.current.suggest, self._where()
        self.asked, self.asked_lang = text, lang
        self.engines.thread(lang).submit(lambda engine: ("list", engine.suggest(text, config, setting, doc, start)))

    def _where(self) -> tuple[int, int]:
        """The asking editor (its document's cache reads the text: the key is the editor's identity)
        and where the text it sends begins in its document."""
        ed = self.ctx.current_editor()
        return id(ed), window_start(ed.textCursor().position())

    def suggest_now(self) -> None:
        lang = self._language()
        self.engines.thread(lang)
        off = self.engines.error(lang)
        if off is not None:
            self.ctx.say(self.tr("Suggestions off: %s") % off, 8000)
        elif self.engines.engine(lang) is None:
            self.ctx.say(self.tr("The model is still loading…"), 3000)
        elif not self.ctx.current_editor().suggest_now():
            self.ctx.say(self.tr("Write something first, or clear the selection."), 3000)

    def reroll(self) -> None:
        """New draws at the cursor (every request samples afresh), the ghost showing now dismissed."""
        ed = self.ctx.current_editor()
        ed.clear_ghost()
        self.suggest_now()

    def cancel(self) -> None:
        """Forget any waiting or running request: its answer is no longer wanted."""
        if self.asked_lang is not None and self.asked_lang in self.engines.threads:
            self.engines.threads[self.asked_lang].forget()
        self.asked = self.asked_lang = None

    def tab_changed(self) -> None:
        if self.asked is not None:  # a request for the tab left behind is still out
            self.cancel()
        self.panel.clear()
        lang = self._language()
        self.engines.thread(lang)  # a document in a language not yet in use starts its engine loading
        self.panel.set_notice(self._notice(lang))

    def set_enabled(self, on: bool) -> None:
        self.prefs.update(enabled=bool(on))

    @staticmethod
    def _apply(editor: GhostEditor, prefs) -> None:
        editor.timers.set_back_off(prefs.back_off)
        editor.set_pause_ms(prefs.pause_ms)
        editor.timers.set_hide_after_s(prefs.hide_after_s)
        editor.set_suggestions_enabled(prefs.enabled)

    def _prefs_changed(self, new, _old) -> None:
        for ed in self.all_editors():
            self._apply(ed, new)
        self.while_writing.setChecked(new.enabled)
        if not new.enabled:
            self.cancel()

    # -- answers ------------------------------------------------------------------------------

    def _ready(self, lang: str, answer) -> None:
        if lang != self.asked_lang:
            return  # an answer for a document in another language, left behind
        kind, result = answer
        text, self.asked, self.asked_lang = self.asked, None, None
        ed = self.ctx.current_editor()
        if text is None or text != ed.text_before_cursor() or lang != self.language_of(ed):
            return  # the writer has moved on
        if kind == "list":
            if ed.offer_more(result.candidates, for_text=text):
                self.panel.set_candidates(ed.candidates)
                self.panel.highlight(ed.current_index)
            return
        self.show_latency(result.latency_ms)
        if ed.show_candidates([result.text], for_text=text):
            self.stats.suggestions_shown += 1
            self._accepted_current = False
            self.panel.set_candidates(ed.candidates)
            self.panel.highlight(0)
        elif self.asked_now:
            keys = self.ctx.menus.keys
            self.ctx.say(self.tr("Not sure enough to suggest a continuation here: other ones are in the side panel "
                                 "(%s shows one).") % keys('generate.next'), 5000)
        else:
            return
        self._request_list(text, lang)

    def _failed(self, lang: str, message: str) -> None:
        if lang != self.asked_lang:
            return
        self.asked = self.asked_lang = None
        self.ctx.say(self.tr("Suggestion failed: %s") % message, 8000)

    def _generated(self, feature: str, _text: str) -> None:
        if feature == "continuation" and not self._accepted_current:
            self._accepted_current = True  # word-by-word accepts of one suggestion count once
            self.stats.suggestions_accepted += 1

    # -- the engine ---------------------------------------------------------------------------

    def _notice(self, lang: str) -> str | None:
        off = self.engines.error(lang)
        return None if off is None else self.tr("Suggestions off: %s") % off

    def engine_loaded(self, lang: str) -> None:
        if lang != self._language():
            return
        self.panel.set_notice(None)
        # The writer may have paused while the model was loading: answer that pause now.
        ed = self.ctx.current_editor()
        if ed.hasFocus() and ed.can_suggest_here() and not ed.has_ghost():
            self.request(ed.text_before_cursor())

    def engine_failed(self, lang: str) -> None:
        if lang != self._language():
            return
        self.ctx.current_editor().clear_ghost()
        self.panel.set_notice(self._notice(lang))
