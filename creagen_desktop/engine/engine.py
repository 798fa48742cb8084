"""The inference engine: model packs, onnxruntime sessions, tokenizer, sampling, generation.

No Qt and no torch here: the engine is used by the editor's worker threads, the command line and
training's evaluation alike.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import replace
from pathlib import Path

from creagen_desktop.engine.alternatives import ALTERNATIVES, next_words
from creagen_desktop.engine.cancel import StopFlag
from creagen_desktop.engine.continuation import Continuer, LanguageModel, Suggestions
from creagen_desktop.engine.couplet import MatchingLine
from creagen_desktop.engine.ghost import Ghost, GhostSearch
from creagen_desktop.engine.latent import LatentEditor
from creagen_desktop.engine.metre import PoemCheck, check_poem
from creagen_desktop.engine.originality import MODES, OriginalityGuard
from creagen_desktop.engine.poem import Poem, PoemWriter
from creagen_desktop.engine.prosody import Prosody
from creagen_desktop.engine.quotes import quote_style, restyle
from creagen_desktop.engine.sampling import (
    BLEND_PATHS,
    BLEND_STEPS,
    CREATIVITY,
    NEXT_LINES,
    REVISIONS,
    SPARKS,
    SUGGEST_DEFAULT,
    VARIATIONS,
    GhostConfig,
    SamplingConfig,
)
from creagen_desktop.engine.sentences import first_chinese_line
from creagen_desktop.engine.sparks import SparkGenerator
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.verse_guard import VerseGuard
from creagen_desktop.engine.words import KnownWords, Lexicon, load_lexicon
from creagen_desktop.pack import ModelPack, ModelPackError
from creagen_desktop.paths import default_pack_dir

__all__ = ["Engine", "Ghost", "ModelPack", "ModelPackError", "Poem", "PoemCheck", "SamplingConfig", "Suggestions",
           "default_pack_dir"]
STYLE_CHARS = 4000  # the recent text that says how a document quotes
POEM_TRIES = 3  # poems drawn, at most, when the originality guard refuses one
POEM_THREADS = 1


class Engine:
    """One loaded pack and its models.

    Continuations keep a cache and must be used from one thread at a time; variations, blends and
    sparks keep no state between calls and may run on other threads beside them.

    When the pack carries a fingerprint of its training text, every suggestion of every feature
    passes the originality guard: one that repeats a long run of training text verbatim is dropped
    (originality = "drop", the default) or kept and remembered in `flagged` ("flag"); `guard_counts`
    says how many were checked, dropped and flagged.

    When it carries a lexicon, every feature writes only its words and the writer's own (the text
    it was given); and every feature's quotes follow the style of the text it was given.
    """

    def __init__(self, pack: ModelPack, continuer: Continuer, latent: LatentEditor | None = None,
                 sparks: SparkGenerator | None = None, guard: OriginalityGuard | None = None,
                 lexicon: Lexicon | None = None, poems: PoemWriter | None = None,
                 matching: MatchingLine | None = None):
        self.pack = pack
        self.continuer = continuer
        self.latent = latent
        self.spark_generator = sparks
        self.guard = guard
        self.lexicon = lexicon
        self.ghost_search = GhostSearch(continuer, lexicon)
        self.poem_writer = poems
        self.matching_line = matching
        self.originality = "drop"
        self.guard_counts = {"checked": 0, "dropped": 0, "flagged": 0}
        self.flagged: deque[str] = deque(maxlen=200)  # the latest flagged texts (flag mode)
        self._lock = threading.Lock()
        self.stop = StopFlag()
        continuer.stop = self.stop
        if latent is not None:
            latent.vae.stop = self.stop  # the sparks generator decodes with the same VAE
        for part in (poems, matching):
            if part is not None:
                part.stop = self.stop

    @classmethod
    def load(cls, pack_dir: str | Path | None = None, device: str = "auto", threads: int | None = None) -> "Engine":
        """The pack's models; `threads` per onnxruntime session (default: runtime.default_threads)."""
        pack = ModelPack.load(pack_dir)
        if "lm" not in pack.kinds:
            raise ModelPackError(f"The model pack {pack.name} has no language model for continuations.")
        continuer = Continuer(pack, device, threads=threads)
        latent = sparks = guard = None
        lexicon = load_lexicon(pack) if "lexicon" in pack.kinds else None
        if "vae" in pack.kinds:
            vae = SentenceVAE(pack, continuer.tok, device, threads)
            latent = LatentEditor(vae, lexicon)
            if "gan" in pack.kinds:
                sparks = SparkGenerator(pack, vae, device, threads, lexicon=lexicon)
        if "fingerprint" in pack.kinds:
            guard = OriginalityGuard.from_pack(pack, continuer.tok)
        poems = None
        if "poem" in pack.kinds:
            # a session of its own on one thread: a poem is hundreds of tiny batch-of-8 steps, which a
            # second thread only slows (measured: 1.7 against 7.2 ms of CPU a step on a busy machine)
            lm = LanguageModel(pack, device, threads=POEM_THREADS)
            poems = PoemWriter(lm, continuer.tok, Prosody.from_pack(pack), VerseGuard.from_pack(pack), lexicon)
        matching = None
        if "couplet" in pack.kinds and latent is not None and poems is not None:
            matching = MatchingLine(pack, latent.vae, poems.prosody, poems.guard, device, threads=POEM_THREADS,
                                    lexicon=lexicon)
        return cls(pack, continuer, latent, sparks, guard, lexicon, poems, matching)

    def shutdown(self) -> None:
        """Make every generation in progress, on any thread, stop at its next model call (raising
        engine.cancel.Cancelled there) and every later one stop at once."""
        self.stop.set()

    @property
    def pack_name(self) -> str:
        return self.pack.name

    @property
    def provider(self) -> str:
        return self.continuer.provider

    def device_note(self, asked: str) -> str:
        """Empty when the models run where `asked` wanted; else why they run on the CPU instead."""
        if asked != "cuda" or self.provider == "CUDA":
            return ""
        from creagen_desktop.engine.runtime import cuda_problem

        return f"CUDA was asked for but cannot be used: {cuda_problem()}. The models run on the CPU."

    def set_originality(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"originality must be one of {', '.join(MODES)}")
        self.originality = mode

    def screen(self, texts: list[str], context: str = "") -> list[str]:
        """The texts that pass the originality guard (all of them in flag mode, or without a fingerprint)."""
        if self.guard is None or not texts:
            return list(texts)
        kept, dropped, flagged = [], 0, 0
        for t in texts:
            if self.guard.repeats_training_text(t, context):
                if self.originality == "drop":
                    dropped += 1
                    continue
                flagged += 1
                self.flagged.append(t)
            kept.append(t)
        with self._lock:  # the feature threads report here concurrently
            self.guard_counts["checked"] += len(texts)
            self.guard_counts["dropped"] += dropped
            self.guard_counts["flagged"] += flagged
        return kept

    def ghost(self, text: str, setting: str = SUGGEST_DEFAULT, doc=None, start: int = 0) -> Ghost:
        """The ghost text at the end of `text` (the document before the cursor): the most likely
        continuation, as far as the model is as sure as `setting` asks ("" when it is not sure of
        even the first word). `text` is document `doc` from offset `start` to the cursor: that
        document's cache (engine.doc_cache) reads it. Continuations keep a cache: one thread at a time."""
        g = self.ghost_search.suggest(text, GhostConfig.of(setting), doc, start)
        if g.text and not self.screen([g.text], context=text):
            return replace(g, text="", full="")
        return g

    def suggest(self, text: str, config: SamplingConfig | None = None, setting: str = SUGGEST_DEFAULT, doc=None,
                start: int = 0) -> Suggestions:
        """Continuations for the side panel, one a line: the ghost's whole continuation first, then
        different ones drawn from the model with `config`; `ghost` says what the ghost shows."""
        g = self.ghost(text, setting, doc, start)
        cut = self.continuer.tok.stable_cut(text)
        known = self.ghost_search.known_words(text[:cut])
        s = self.continuer.suggest(text, config, known, doc, start)
        style = quote_style(text[-STYLE_CHARS:])
        drawn = [restyle(first_chinese_line(c), style, text) for c in s.candidates]
        n = (config or SamplingConfig()).n
        candidates = list(dict.fromkeys(c for c in [g.full] + self.screen(drawn, context=text) if c.strip()))[:n]
        return replace(s, candidates=candidates, ghost=g.text, latency_ms=s.latency_ms + g.latency_ms)

    def alternatives(self, text: str, n: int = ALTERNATIVES) -> list[tuple[str, float]]:
        """The words the language model finds most likely after `text`, with their probabilities.
        Keeps no state (it reads its own window, not the continuations' cache), so it may run on
        a thread of its own beside them; onnxruntime sessions take concurrent runs. Only words the
        lexicon or `text` knows."""
        known = KnownWords(self.lexicon, text)
        found = next_words(self.continuer.tok, self.continuer.lm, text, 4 * n, self.stop)  # some may be no words
        return [(w, p) for w, p in found if known.text_ok(w)][:n]

    def _latent(self) -> LatentEditor:
        if self.latent is None:
            raise ModelPackError(f"The model pack {self.pack.name} has no model for variations and blends.")
        return self.latent

    def variations(self, text: str, n: int = VARIATIONS, creativity: float = CREATIVITY, seed: int | None = None,
                   cursor: int | None = None, context: str = "") -> list[str]:
        """Up to n rewrites of `text` (ValueError when it is empty); with `cursor` (an offset into
        text) only that sentence changes. `context`: the writer's text around it (its words, its quotes)."""
        return self.screen(self._latent().variations(text, n, creativity, seed, cursor, context))

    def blend(self, a: str, b: str, steps: int = BLEND_STEPS, path: str = BLEND_PATHS[0], context: str = "") -> list[str]:
        """`steps` passages from A (itself) to B (itself); inner ones the guard drops are left out."""
        out = self._latent().blend(a, b, steps, path, context)
        return [out[0]] + self.screen(out[1:-1]) + [out[-1]]

    def sparks(self, n: int = SPARKS, near: str | None = None, seed: int | None = None, context: str = "") -> list[str]:
        """Up to n new lines from the latent GAN; with `near` (a paragraph), lines close to it;
        `context`: the writer's text where they will go (its words, its quotes)."""
        if self.spark_generator is None:
            raise ModelPackError(f"The model pack {self.pack.name} has no generator for sparks.")
        return self.spark_generator.sparks(n, near, seed, screen=self.screen, context=context)

    # -- poems (a pack with the "poem" kind) --------------------------------------------------------

    def _poems(self) -> PoemWriter:
        if self.poem_writer is None:
            raise ModelPackError(f"The model pack {self.pack.name} does not write poems (it has no rhyme tables).")
        return self.poem_writer

    @property
    def rhyme_tables(self) -> list[str]:
        """The rhyme tables poems may use ("xin", and "pingshui" when the pack has it); none without poems."""
        return list(self.poem_writer.prosody.tables) if self.poem_writer is not None else []

    def poem(self, form: str, acrostic: str | None = None, first_line: str | None = None, rhyme: str = "xin",
             seed: int | None = None) -> Poem:
        """A regulated poem: form wujue, qijue, wulv or qilv; acrostic (one character a line) and the
        first line optional; rhyme "xin" (中华新韵) or "pingshui" (平水韵). ValueError for a request
        that cannot be met, in words for the writer. A poem the originality guard refuses is drawn again."""
        writer = self._poems()
        rng = random.Random(seed)
        for attempt in range(POEM_TRIES):
            poem = writer.write(form, acrostic, first_line, rhyme, seed if attempt == 0 else rng.randrange(2**63))
            if self.screen([poem.text]) or attempt == POEM_TRIES - 1:
                return poem
        return poem

    def revise_line(self, poem: Poem | str, index: int, rhyme: str | None = None, n: int = REVISIONS,
                    seed: int | None = None) -> list[str]:
        """Up to n other versions of line `index` (0-based) of a poem (a Poem or the poem's text) that
        keep its tonal pattern, its rhyme and (for an acrostic Poem) the line's first character."""
        return self.screen(self._poems().revise_line(poem, index, rhyme, n, seed))

    def check_poem(self, text: str, rhyme: str = "xin") -> PoemCheck:
        """Form, rhyme and tones of a poem's text under a rhyme table (read as a reader would: 新韵 in context)."""
        table = self._poems().prosody.table(rhyme)
        return check_poem(text, table, strict=True, reading="context" if rhyme == "xin" else "any")

    def next_line(self, text: str, n: int = NEXT_LINES, rhyme: str = "xin", seed: int | None = None) -> list[str]:
        """Up to n second lines (对句) for the last verse line of `text`, best first (the matching-line
        regressor in the VAE's latent space, decoded to the first line's length and answering tones)."""
        if self.matching_line is None:
            raise ModelPackError(f"The model pack {self.pack.name} cannot suggest a matching line.")
        return self.screen(self.matching_line.next_lines(text, n, rhyme, seed))
