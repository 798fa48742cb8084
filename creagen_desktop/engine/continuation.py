"""Continuations: the recurrent LM run through onnxruntime with an incremental state cache.

The cache remembers which stretch of the document it has read and the recurrent state after it,
with checkpoints along the way. A keystroke then costs only the new tokens; a backspace rolls back
to the nearest checkpoint; a jump elsewhere in the document re-reads a bounded window of text
before the cursor (at most `window_chars`), never the whole document. States the ghost's search
computed past the cursor are remembered too (StateMemo), so the next keystroke, which types what
the search already read, costs no model call.

Every next-token distribution the generators use passes through `Continuer.next_logits`, where the
document cache of the document asked about (engine.doc_cache: the writer's own names and phrases)
is mixed in; `read_document` points it at that document before each request.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from creagen_desktop.engine.cancel import StopFlag
from creagen_desktop.engine.context_window import same_until
from creagen_desktop.engine.doc_cache import caches_for
from creagen_desktop.engine.runtime import FLOAT, INT64, open_model
from creagen_desktop.engine.sampling import SamplingConfig, log_softmax, sample_next
from creagen_desktop.engine.sentences import ends_sentence
from creagen_desktop.engine.state_memo import StateMemo
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.engine.words import KnownWords, trailing_partial
from creagen_desktop.pack import ModelPack, ModelPackError

_PIECE_ENDS = re.compile(r"[.!?…][\"'’”)\]]*$")
# The model read paragraphs after a blank line in training: a fresh window starts the same way.
PRIMER = "\n\n"
WINDOW_TOKENS = 768  # the most a fresh window reads: the GRU's memory is far shorter
REDRAWS = 16  # a sampled piece that would spell an unknown word is drawn again, at most this often


class NextTokenMix(Protocol):
    """A second opinion on the next token, mixed into the LM's (e.g. a cache of the writer's document).

    `mix` gets the LM's logits [B, V] for rows that continue `document` (the text before the cursor)
    with the pieces `generated[b]` so far, and returns logits [B, V] to use instead (log-probabilities
    up to a constant per row), leaving the array it was given as it was (the memo keeps it)."""

    def mix(self, logits: np.ndarray, document: str, generated: list[tuple[int, ...]]) -> np.ndarray: ...


@dataclass
class Prefix:
    """Where a continuation starts: the state after the text up to its stable cut."""

    state: np.ndarray  # [S, 1, H]
    logits: np.ndarray  # [V] next-token logits there
    typed: str  # what the writer typed after the cut, still to be spelled by the continuation
    fed: int  # tokens read from the document for this request
    key: tuple  # names exactly what was read (for StateMemo)


@dataclass
class Suggestions:
    candidates: list[str]
    latency_ms: float
    fed_tokens: int = 0  # tokens read from the document for this request (for benchmarks)
    ghost: str = ""  # what the ghost text shows (Engine.suggest), "" when the model is not sure enough


@dataclass
class _Checkpoint:
    end: int  # document offset up to which text was read
    state: np.ndarray  # [S, 1, H]
    logits: np.ndarray  # [V] next-token logits after that text


@dataclass
class _Cache:
    start: int = 0
    text: str = ""  # document[start:start+len(text)] as read
    checkpoints: deque = field(default_factory=lambda: deque(maxlen=64))

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class LanguageModel:
    """A session on lm.onnx: feed tokens with a state, get logits and the next state."""

    def __init__(self, pack: ModelPack, device: str = "auto", threads: int | None = None):
        info = pack.manifest.lm
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no language model for continuations.")
        vocab = pack.manifest.tokenizer.vocab_size or None  # Tokenizer.from_pack checked it is the real one
        state = (FLOAT, (info.state_layers, None, info.hidden))
        self.session, self.provider = open_model(
            pack, info.file, "the language model", device, threads,
            inputs={"tokens": (INT64, (None, None)), "state": state},
            outputs={"logits": (FLOAT, (None, None, vocab)), "state_out": state})
        self.state_layers = info.state_layers
        self.hidden = info.hidden
        self.calls = 0  # model calls so far, and their time: what a request's model work costs
        self.total_ms = 0.0
        self.record: list | None = None  # when a list, every call's (tokens, state) is kept (benchmarks replay them)

    def initial_state(self, batch: int = 1) -> np.ndarray:
        return np.zeros((self.state_layers, batch, self.hidden), dtype=np.float32)

    def run(self, tokens: np.ndarray, state: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """tokens [B, T] int64, state [S, B, H] -> logits [B, T, V], state [S, B, H]."""
        tokens = tokens.astype(np.int64, copy=False)
        if self.record is not None:
            self.record.append((tokens, state))
        t0 = time.perf_counter()
        logits, new_state = self.session.run(None, {"tokens": tokens, "state": state})
        self.calls += 1
        self.total_ms += (time.perf_counter() - t0) * 1000
        return logits, new_state


class Continuer:
    """Suggests continuations of the text before the cursor."""

    def __init__(self, pack: ModelPack, device: str = "auto", window_chars: int = 2000, threads: int | None = None):
        self.pack = pack
        self.tok = Tokenizer.from_pack(pack)
        self.lm = LanguageModel(pack, device, threads)
        self.window_chars = window_chars
        self.stop = StopFlag()  # the Engine shares its own
        self._cache = _Cache()
        self._checkpoint_every = 32  # tokens between checkpoints while reading a long stretch
        self.memo = StateMemo()
        self.mixer: NextTokenMix | None = None  # read_document sets it to the document's cache
        self.documents = caches_for(pack, self.tok)  # the document remembers (None: the pack has no cache)
        self.use_document_cache = self.documents is not None

    @property
    def provider(self) -> str:
        return self.lm.provider

    # -- reading the document -----------------------------------------------------------------

    def _feed(self, text: str, state: np.ndarray, start: int, chunk: int = 256) -> tuple[np.ndarray, np.ndarray, int]:
        """Read `text` (which starts at document offset `start`), checkpointing as it goes."""
        logits = None
        # Checkpoints fall just before whitespace, where token boundaries are stable.
        pos_chars = 0
        pieces = self._split_for_checkpoints(text)
        fed = 0
        for piece in pieces:
            pids = self.tok.encode(piece)
            for i in range(0, len(pids), chunk):
                self.stop.check()
                out, state = self.lm.run(np.asarray([pids[i : i + chunk]]), state)
                logits = out[0, -1]
            fed += len(pids)
            pos_chars += len(piece)
            self._cache.checkpoints.append(_Checkpoint(start + pos_chars, state, logits))
        return state, logits, fed

    def _split_for_checkpoints(self, text: str) -> list[str]:
        """Cut text before whitespace roughly every `_checkpoint_every` tokens' worth of characters."""
        step = self._checkpoint_every * 4
        pieces, i = [], 0
        while i < len(text):
            j = min(len(text), i + step)
            if j < len(text):
                k = j
                while k > i and not text[k].isspace():
                    k -= 1
                j = k if k > i else j
                while j < len(text) and not text[j].isspace():  # no whitespace found: extend to one
                    j += 1
            pieces.append(text[i:j])
            i = j
        return pieces

    def _state_for(self, doc: str, cut: int) -> tuple[np.ndarray, np.ndarray, int]:
        """State and next-token logits after doc[:cut] (cut is a stable boundary); returns tokens fed."""
        ck = self._reusable_checkpoint(doc, cut)
        if ck is None or cut - ck.end > self.window_chars:  # far behind: reading on would cost more than a window
            ck = self._fresh_window(doc, cut)
        c = self._cache
        c.text = doc[c.start : ck.end]
        if ck.end == cut:
            return ck.state, ck.logits, 0
        # the ghost's search may have read these very pieces at the last keystroke
        ahead = self.memo.get(((c.start, c.text), tuple(self.tok.encode(doc[ck.end : cut]))))
        if ahead is not None:
            state, logits = ahead[0][:, None, :], ahead[1]
            c.checkpoints.append(_Checkpoint(cut, state, logits))
            c.text = doc[c.start : cut]
            return state, logits, 0
        state, logits, fed = self._feed(doc[ck.end : cut], ck.state, ck.end)
        c.text = doc[c.start : cut]
        return state, logits, fed

    def prefix_state(self, text: str) -> Prefix:
        """The state after `text` up to its stable cut, and what was typed after it. A newline (or any
        whitespace but a space) at the cut is read here; a space belongs to the next piece."""
        cut = self.tok.stable_cut(text)
        state, logits, fed = self._state_for(text, cut)
        key = (self._cache.start, self._cache.text)
        typed = text[cut:]
        if typed and typed[0] != " " and typed[0].isspace():
            ids = self.tok.encode(typed[0])
            out, state = self.lm.run(np.asarray([ids]), state)
            logits, fed, key = out[0, -1], fed + len(ids), (key, typed[0])
            typed = typed[1:]
        return Prefix(state, logits, typed, fed, key)

    def read_document(self, text: str, doc=None, start: int = 0) -> None:
        """Before a request at the end of `text`: the cache of document `doc` (any hashable key; `text`
        begins at its offset `start`) reads what is new up to the stable cut and becomes the mixer.
        With the cache off, nothing is mixed in; a pack without cache settings leaves the mixer be."""
        if self.documents is not None:
            self.mixer = self.documents.mixer(doc, text, start) if self.use_document_cache else None

    def next_logits(self, logits: np.ndarray, document: str, generated: list[tuple[int, ...]]) -> np.ndarray:
        """The next-token logits [B, V] the generators use: the LM's, mixed with `mixer`'s if there is one."""
        return logits if self.mixer is None else self.mixer.mix(logits, document, generated)

    def _reusable_checkpoint(self, doc: str, cut: int) -> _Checkpoint | None:
        """The last cached checkpoint whose text still stands unchanged in doc, at or before cut."""
        c = self._cache
        if not c.checkpoints or c.start > cut:
            return None
        # the first changed character (the whole cached stretch when nothing changed)
        same = same_until(doc, c.start, c.text)
        while c.checkpoints and c.checkpoints[-1].end > min(same, cut):
            c.checkpoints.pop()
        return c.checkpoints[-1] if c.checkpoints else None

    def _fresh_window(self, doc: str, cut: int) -> _Checkpoint:
        """Start reading at a paragraph (or at least a word) boundary about window_chars before cut,
        and no more than WINDOW_TOKENS tokens before it (text the tokenizer spells in bytes, such as
        Chinese for an English pack, has several tokens a character)."""
        start = max(0, cut - self.window_chars)
        tokens = len(self.tok.encode(doc[start:cut]))
        if tokens > WINDOW_TOKENS:
            start = cut - (cut - start) * WINDOW_TOKENS // tokens
        if start > 0:
            para = doc.find("\n", start, cut)
            if para != -1 and para - start < self.window_chars // 2:
                start = para + 1
            else:
                space = doc.find(" ", start, cut)
                start = space + 1 if space != -1 else start
        self._cache = c = _Cache(start=start)
        out, state = self.lm.run(np.asarray([self.tok.encode(PRIMER)]), self.lm.initial_state())
        ck = _Checkpoint(start, state, out[0, -1])
        c.checkpoints.append(ck)
        return ck

    # -- generating ---------------------------------------------------------------------------

    def suggest(self, text: str, cfg: SamplingConfig | None = None, known: KnownWords | None = None, doc=None,
                start: int = 0) -> Suggestions:
        """Sampled candidates that continue `text` (the document before the cursor), most likely
        first. With `known`, a piece that would spell a word it does not know is drawn again. `doc`
        and `start`: the document `text` is from, and where it begins in it (read_document)."""
        t0 = time.perf_counter()
        self.read_document(text, doc, start)
        cfg = (cfg or SamplingConfig()).validate()
        cut = self.tok.stable_cut(text)
        state, logits, fed = self._state_for(text, cut)
        tail = text[cut:]
        tail_ids = self.tok.encode(tail)
        heal = ""
        if tail_ids and not self.tok.is_byte[tail_ids[-1]] and tail_ids[-1] != self.tok.newline_id:
            heal = self.tok.surface[tail_ids[-1]]
            tail_ids = tail_ids[:-1]
        if tail_ids:
            out, state = self.lm.run(np.asarray([tail_ids]), state)
            logits = out[0, -1]
            fed += len(tail_ids)
        context = np.asarray(self.tok.encode(text[-400:]), dtype=np.int64)
        rng = np.random.default_rng(cfg.seed)
        before = text[: len(text) - len(heal)]
        best: dict[str, float] = {}
        # duplicates are dropped; draw again (at most twice) to still offer n different candidates
        for _ in range(3):
            new = 0
            for score, cand in self._generate(state, logits, heal, cfg, context, rng, before, known):
                if cand not in best:
                    best[cand] = score
                    new += 1
            if len(best) >= cfg.n or new == 0:
                break
        ranked = sorted(best, key=lambda c: -best[c])[: cfg.n]
        return Suggestions(ranked, (time.perf_counter() - t0) * 1000, fed)

    def _generate(self, state, logits, heal: str, cfg: SamplingConfig, context: np.ndarray, rng, before: str,
                  known: KnownWords | None) -> list[tuple[float, str]]:
        """One batched draw of n candidates: (mean log-probability, text) for each non-empty one."""
        n = cfg.n
        state = np.repeat(state, n, axis=1)
        logits = np.repeat(logits[None, :], n, axis=0)
        generated = [[] for _ in range(n)]
        written = [before[-64:]] * n  # what each row has spelled, for the known-words check
        logp = np.zeros(n)
        done = np.zeros(n, dtype=bool)
        never = self.tok.never | (np.arange(self.tok.vocab_size) == self.tok.newline_id)
        if known is not None and known.lexicon is not None:
            never = never | self.tok.is_byte  # a byte spells no checkable word
        for step in range(cfg.max_tokens):
            allowed = ~never
            if step == 0 and heal:
                healed = self.tok.tokens_starting_with(heal)
                if healed.any():
                    allowed = allowed & healed
            logits = self.next_logits(logits, before, [tuple(g) for g in generated])
            seen = [np.concatenate([context[-64:], np.asarray(g, dtype=np.int64)]) for g in generated]
            nxt = sample_next(logits, cfg, rng, seen, allowed)
            if known is not None:
                nxt, stuck = self._redraw_unknown(nxt, logits, allowed, cfg, rng, seen, written, known, done)
                done |= stuck
            lp = log_softmax(np.where(allowed[None, :], logits, -np.inf))
            for row in range(n):
                if done[row]:
                    continue
                generated[row].append(int(nxt[row]))
                written[row] = (written[row] + self.tok.surface[int(nxt[row])])[-64:]
                logp[row] += lp[row, nxt[row]]
                # a piece ending in . ! ? may end the sentence; the splitter's rule decides (not after "Mr.")
                if cfg.stop_at_sentence_end and step > 0 and _PIECE_ENDS.search(self.tok.surface[int(nxt[row])] or "x"):
                    done[row] = ends_sentence(self.tok.decode(generated[row]))
            if done.all() or step == cfg.max_tokens - 1:
                break
            self.stop.check()
            out, state = self.lm.run(nxt[:, None].astype(np.int64), state)
            logits = out[:, -1]
        results = []
        for row in range(n):
            s = self.tok.decode(generated[row])
            if heal and s.startswith(heal):
                s = s[len(heal) :]
            if known is not None:  # a word left unfinished is no word
                lead = trailing_partial(before) + heal  # the word at the cursor, as the writer began it
                s = known.cut_before_unknown(lead + s)[len(lead):]
            s = s.rstrip()
            if s.strip():
                results.append((logp[row] / max(1, len(generated[row])), s))
        return results

    def _redraw_unknown(self, nxt, logits, allowed, cfg, rng, seen, written, known, done):
        """nxt with every piece that would spell an unknown word drawn again (at most REDRAWS times);
        and the rows that found none (they stop there)."""
        bad = [r for r in range(len(nxt)) if not done[r] and not known.piece_ok(written[r], self.tok.surface[int(nxt[r])])]
        masked = logits
        for _ in range(REDRAWS):
            if not bad:
                break
            masked = masked.copy()
            masked[bad, nxt[bad]] = -np.inf
            bad = [r for r in bad if np.isfinite(masked[r, allowed]).any()]  # a row with no piece left is stuck
            if not bad:
                break
            again = sample_next(masked[bad], cfg, rng, [seen[r] for r in bad], allowed)
            nxt = nxt.copy()
            nxt[bad] = again
            bad = [r for r in bad if not known.piece_ok(written[r], self.tok.surface[int(nxt[r])])]
        stuck = np.zeros(len(nxt), dtype=bool)
        for r in range(len(nxt)):
            stuck[r] = not done[r] and not known.piece_ok(written[r], self.tok.surface[int(nxt[r])])
        return nxt, stuck


