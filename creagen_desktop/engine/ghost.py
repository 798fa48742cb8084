"""The ghost text: the most likely continuation of the writer's text, cut where the model stops
being sure, in words the pack knows.

The search starts at the stable cut (the last whitespace before the cursor) and must first spell
what the writer typed after it, R (" " right after a space, " Que" mid-word). Every way of spelling
R with pieces is followed exactly, and the first word's probability is divided by P(R), so it is
P(word | text, the writer typed R): "Que" completes to "Queequeg" as often as the model thinks a
word starting so would. (The tokenizer cuts " Que" as " ", "Qu", "e"; healing only the last piece
would force a path the model rarely saw.)

Then word by word (units, see engine.pieces): a best-first search over pieces finds the most
likely next whole word (at most `beam` unfinished words a step, fed in one batched model call; an
unfinished word only loses probability, so the search stops once none beats the best finished
one). The word is kept if P(word) >= threshold, else the ghost ends before it. A token-level beam
search was measured worse for this: the likeliest 12-piece sequence often does not start with the
likeliest word, and the first word decides whether the ghost is taken at all.

Pieces that would spell a word neither the lexicon nor the document knows are never followed.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from creagen_desktop.engine.continuation import Continuer, Prefix
from creagen_desktop.engine.pieces import PieceTables, Step, column
from creagen_desktop.engine.quotes import quote_style, restyle
from creagen_desktop.engine.sampling import GhostConfig
from creagen_desktop.engine.sentences import ends_chinese_line, ends_sentence
from creagen_desktop.engine.words import IDEOGRAPH, PUNCT, WHITESPACE, WORD, KnownWords, Lexicon, char_class, trailing_partial

STYLE_CHARS = 4000  # the recent text that says how this document quotes


@dataclass
class Ghost:
    text: str  # what to show after the cursor; "" shows nothing
    units: list[tuple[str, float]]  # the units found, as shown, with their probabilities (none below the
    # threshold searched with: search with 0 to cut at any threshold afterwards)
    full: str  # the units joined (for the side panel)
    latency_ms: float = 0.0  # the whole request, reading the new text included
    model_ms: float = 0.0  # of which inside the language model
    model_calls: int = 0
    fed_tokens: int = 0  # document tokens read for this request

    def cut(self, threshold: float) -> str:
        """The ghost for another threshold: the units up to the first below it."""
        return cut_units(self.units, threshold)


def cut_units(units: list[tuple[str, float]], threshold: float) -> str:
    """(unit, probability) pairs up to the first below `threshold`, joined."""
    out = ""
    for u, p in units:
        if p < threshold:
            break
        out += u
    return out.rstrip()


@dataclass
class _Hyp:
    text: str  # spelled so far (starts with R)
    need: str  # the part of R still to spell
    score: float  # log P of the path
    unit_lp: float  # log P of the unfinished unit
    unit_start: int  # where that unit starts in text
    units: tuple = ()  # finished units: (text, log P)
    tokens: tuple = ()  # the pieces after the prefix
    row: int = 0  # this hypothesis' row in the Step where its last piece was fed
    norm: float = 0.0  # log P(R), divided out of the first unit


def _last_class(text: str) -> int:
    t = text.rstrip()
    return char_class(t[-1]) if t else WHITESPACE


def _merge(found: dict, h: _Hyp) -> None:
    """Add h to found by text: two spellings of the same text are one hypothesis (probabilities add)."""
    old = found.get(h.text)
    if old is None:
        found[h.text] = h
        return
    keep = old if old.score >= h.score else h
    keep.score, keep.unit_lp = float(np.logaddexp(old.score, h.score)), float(np.logaddexp(old.unit_lp, h.unit_lp))
    found[h.text] = keep


class GhostSearch:
    """The ghost over a Continuer: its tokenizer, language model, state cache and memo."""

    def __init__(self, cont: Continuer, lexicon: Lexicon | None = None):
        self.cont = cont
        self.tables = PieceTables(cont.tok)
        self.lexicon = lexicon
        self._known: tuple[str, KnownWords] | None = None
        self._root: tuple = ()
        self._document = ""

    def known_words(self, document: str) -> KnownWords:
        """The known words for this text, kept up to date as the writer types on."""
        if self._known is not None and document.startswith(self._known[0]) and len(document) - len(self._known[0]) < 2000:
            old, known = self._known
            known.add(document[old.rfind(" ") + 1:])  # from the start of the word that was being typed
        else:
            known = KnownWords(self.lexicon, document)
        self._known = (document, known)
        return known

    def prepare(self, text: str) -> None:
        """Read `text` and know its words, as a keystroke that asks nothing would (benchmarks start
        each request from what the writer's typing has left, like the editor)."""
        prefix = self.cont.prefix_state(text)
        self.known_words(text[: len(text) - len(prefix.typed)])

    def suggest(self, text: str, cfg: GhostConfig | None = None, doc=None, start: int = 0) -> Ghost:
        """The ghost at the end of `text`; `doc` and `start`: the document it is from and where it
        begins there (its document cache reads it: Continuer.read_document)."""
        cfg = cfg or GhostConfig()
        lm = self.cont.lm
        t0, ms0, calls0 = time.perf_counter(), lm.total_ms, lm.calls
        self.cont.read_document(text, doc, start)
        prefix = self.cont.prefix_state(text)
        cut = len(text) - len(prefix.typed)
        known = self.known_words(text[:cut])  # the word being typed is no evidence
        self._root, self._document = prefix.key, text[:cut]
        units = self._word_greedy(prefix, cfg, known)
        shown, skip = [], len(prefix.typed)
        for u, p in units:  # what the writer typed is not shown again
            shown.append((u[skip:], p))
            skip = max(0, skip - len(u))
        style = quote_style(text[-STYLE_CHARS:])
        before, styled = text[-1:], []
        for u, p in shown:
            styled.append((restyle(u, style, before), p))
            before = (before + styled[-1][0])[-1:]
        ghost = Ghost("", styled, "".join(u for u, _ in styled).rstrip(), fed_tokens=prefix.fed)
        ghost.text = ghost.cut(cfg.threshold)
        ghost.latency_ms = (time.perf_counter() - t0) * 1000
        ghost.model_ms, ghost.model_calls = lm.total_ms - ms0, lm.calls - calls0
        return ghost

    # -- model calls ------------------------------------------------------------------------------

    def _step(self, logits: np.ndarray, state: np.ndarray, hyps: list[_Hyp], cfg: GhostConfig) -> Step:
        mixed = self.cont.next_logits(logits, self._document, [h.tokens for h in hyps])
        return Step(mixed, state, self.tables, cfg.top)

    def _feed(self, hyps: list[_Hyp], parents: np.ndarray, cfg: GhostConfig) -> Step:
        """Feed each hypothesis' last piece (parents [S, B, H]: the states before it) in one model
        call; states the memo holds from an earlier keystroke are not computed again."""
        memo = self.cont.memo
        found = [memo.get((self._root, h.tokens)) for h in hyps]
        missing = [i for i, got in enumerate(found) if got is None]
        if len(missing) == len(hyps):  # the usual case: one call, its outputs used as they are
            self.cont.stop.check()
            out, states = self.cont.lm.run(np.asarray([[h.tokens[-1]] for h in hyps]), parents)
            logits = out[:, -1]
        else:
            logits = np.empty((len(hyps), self.cont.tok.vocab_size), dtype=np.float32)
            states = np.empty_like(parents)
            for i, got in enumerate(found):
                if got is not None:
                    states[:, i], logits[i] = got
            if missing:
                self.cont.stop.check()
                out, st = self.cont.lm.run(np.asarray([[hyps[i].tokens[-1]] for i in missing]), parents[:, missing])
                logits[missing], states[:, missing] = out[:, -1], st
        for i in missing:
            memo.put((self._root, hyps[i].tokens), states[:, i], logits[i])
        for i, h in enumerate(hyps):
            h.row = i
        return self._step(logits, states, hyps, cfg)

    # -- hypotheses -------------------------------------------------------------------------------

    def _extend(self, h: _Hyp, t: int, lp: float, known: KnownWords) -> _Hyp | None:
        """h followed by piece t (log-prob lp) within its unit; None when that spells an unknown word."""
        s = self.tables.surface[t]
        text = h.text + s
        partial = trailing_partial(text[h.unit_start:])
        if partial and not known.partial_ok(partial):
            return None
        need = h.need[len(s):] if h.need.startswith(s) else ""
        return _Hyp(text, need, h.score + lp, h.unit_lp + lp, h.unit_start, h.units, h.tokens + (t,), h.row, h.norm)

    def _finish(self, h: _Hyp, step: Step, known: KnownWords) -> _Hyp | None:
        """h with its unit finished here (None while R is unspelled, or if the unit is an unknown word)."""
        unit = h.text[h.unit_start:]
        cls = _last_class(unit)
        if cls == WHITESPACE or h.need or (cls in (WORD, IDEOGRAPH) and not known.text_ok(unit)):
            return None
        lb = step.log_end(h.row, column(cls))
        return _Hyp(h.text, "", h.score + lb, 0.0, len(h.text), h.units + ((unit, h.unit_lp + lb - h.norm),),
                    h.tokens, h.row, 0.0)

    # -- spelling what the writer typed -----------------------------------------------------------

    def _spell(self, prefix: Prefix, cfg: GhostConfig, known: KnownWords) -> tuple[list[_Hyp], Step | None]:
        """Every way of spelling R with pieces: the `beam` likeliest spellings, fed (their Step), each
        carrying log P(R). Unfinished spellings are all kept: a 1-3 letter prefix has only a few."""
        R = prefix.typed
        root = _Hyp("", R, 0.0, 0.0, 0)
        first = self._step(prefix.logits[None, :], prefix.state, [root], cfg)
        if not R:
            return [root], first
        nodes, done, log_pr = [(root, first)], {}, -math.inf
        while nodes:
            children = []
            for h, step in nodes:
                cover, cover_f, partial = self.tables.covering(h.need)
                mass = step.mass(h.row, cover_f)
                if mass > 0:
                    log_pr = np.logaddexp(log_pr, h.score + math.log(mass))
                    ids, lps = step.best_of(h.row, cover, cfg.beam + 2)
                    for t, lp in zip(ids.tolist(), lps.tolist()):
                        e = self._extend(h, t, lp, known)
                        if e is not None:
                            done.setdefault(e.text, []).append((e, step))
                for t in partial:
                    e = self._extend(h, t, float(step.log_p(h.row, t)), known)
                    if e is not None:
                        children.append((e, step))
            nodes = []
            # a 1-3 letter prefix has a few spellings; a long run of one letter has thousands
            children = sorted(children, key=lambda c: -c[0].score)[:cfg.spellings]
            if children:
                parents = np.concatenate([s.state[:, e.row:e.row + 1] for e, s in children], axis=1)
                fed = self._feed([e for e, _ in children], parents, cfg)
                nodes = [(e, fed) for e, _ in children]
        if not done:
            return [], None
        merged: dict[str, _Hyp] = {}
        parent_of = {}
        for text, found in done.items():
            for e, step in found:
                _merge(merged, e)
                if merged[text] is e:
                    parent_of[text] = step.state[:, e.row:e.row + 1]
        best = sorted(merged.values(), key=lambda e: -e.score)[: cfg.beam]
        step = self._feed(best, np.concatenate([parent_of[e.text] for e in best], axis=1), cfg)
        for e in best:
            e.norm = float(log_pr)
        return best, step

    # -- word by word -----------------------------------------------------------------------------

    def _next_unit(self, step: Step, live: list[_Hyp], cfg: GhostConfig, known: KnownWords,
                   after: int) -> tuple[_Hyp, Step] | None:
        """The likeliest next whole unit, by best-first search over pieces; None if none is at least
        as likely as the threshold (no such unit could be shown). `live` have their last piece fed in
        `step`; one whose unit is still empty takes only a piece that starts a unit after class
        `after`, divided by P(a boundary), already counted in the unit before."""
        best, best_step = None, None
        floor = math.log(cfg.threshold) if cfg.threshold > 0 else -math.inf
        for _ in range(cfg.max_tokens + 1):
            candidates = []
            for h in live:
                f = self._finish(h, step, known)
                if f is not None and f.units[-1][1] >= floor and (best is None or f.score > best.score):
                    best, best_step = f, step.row(h.row)
                if h.unit_start == len(h.text) and after != WHITESPACE:
                    ids, lps = step.starting(h.row, after, min(cfg.beam, cfg.top))
                    shift = step.log_end(h.row, column(after))
                else:
                    (ids, lps), shift = step.top(h.row), 0.0
                candidates += [(h.score + lp, h, t, lp, shift) for t, lp in zip(ids.tolist(), lps.tolist())]
            bar = best.score if best is not None else -math.inf
            cls_of = {id(h): _last_class(h.text[h.unit_start:]) for h in live}
            grown: dict[str, _Hyp] = {}
            for score, h, t, lp, shift in sorted(candidates, key=lambda c: -c[0]):
                if score <= bar or len(grown) >= cfg.beam:
                    break
                cls, s = cls_of[id(h)], self.tables.surface[t]
                if cls != WHITESPACE and (cls == IDEOGRAPH or char_class(s[0]) != cls):
                    continue  # that piece starts the next unit: finishing here covers it
                if h.unit_lp + lp - shift - h.norm < floor:
                    continue  # this unit can only get less likely: it could not be shown
                e = self._extend(h, t, lp, known)
                if e is not None:
                    e.unit_lp -= shift
                    _merge(grown, e)
            keep = [h for h in sorted(grown.values(), key=lambda h: -h.score)[: cfg.beam] if h.score > bar]
            if not keep:
                break
            parents = np.concatenate([step.state[:, h.row:h.row + 1] for h in keep], axis=1)
            step, live = self._feed(keep, parents, cfg), keep
        return None if best is None else (best, best_step)

    def _word_greedy(self, prefix: Prefix, cfg: GhostConfig, known: KnownWords) -> list[tuple[str, float]]:
        live, step = self._spell(prefix, cfg, known)
        units: list[tuple[str, float]] = []
        after = WHITESPACE
        while live and len(units) < cfg.max_units and len(live[0].tokens) < cfg.max_tokens:
            got = self._next_unit(step, live, cfg, known, after)
            if got is None:
                break
            h, step = got
            unit, lp = h.units[-1]
            units.append((unit, math.exp(lp)))
            live = [_Hyp(h.text, "", 0.0, 0.0, len(h.text), (), h.tokens, 0)]
            after = _last_class(h.text)
            if after == PUNCT and (ends_sentence(h.text) or (len(h.text) > len(prefix.typed) and ends_chinese_line(h.text))):
                break  # a ghost ends with its sentence, or with its Chinese line (，。！？；) past what was typed
        return units
