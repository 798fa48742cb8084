"""The matching line (对句): the pack's regressor maps the VAE code of a couplet's first line to the
code of a second, and the VAE's decoder writes that code out as a line of the same length.

The decoder is held to the couplet's form (engine.line_decoder): as many characters as the first
line, no character of the first line again; for a line of 5 or 7 characters, the tones of the line
type that answers the first line's (A -> B, C -> D; a first line that rhymes, B or D, is answered
by D or B and the second line rhymes with it), and a last character that can carry a 平 rhyme. K
lines are drawn from the regressor's mean code in one batch and ranked like a poem's lines. (Codes
drawn around the mean spread like real second lines', but the lines decoded from them read worse:
benchmarks/poetry.py measured both.)
"""

from __future__ import annotations

import numpy as np

from creagen_desktop.engine.cancel import StopFlag
from creagen_desktop.engine.line_decoder import (
    LineSettings,
    VerseVocab,
    bigrams,
    draw_lines,
)
from creagen_desktop.engine.metre import (
    OPENS_WITH_RHYME,
    START_TYPES,
    line_ok,
    line_pattern,
)
from creagen_desktop.engine.prosody import Prosody
from creagen_desktop.engine.runtime import FLOAT, open_model
from creagen_desktop.engine.sampling import NEXT_LINES
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.verse import verse_lines
from creagen_desktop.engine.verse_guard import VerseGuard
from creagen_desktop.engine.words import Lexicon
from creagen_desktop.pack import ModelPack, ModelPackError

ANSWER = {"A": "B", "C": "D", "B": "D", "D": "B"}  # the line type of the second line of a couplet
MAX_CHARS = 16  # the longest first line answered (the VAE was trained on lines of up to that)


class MatchingLine:
    def __init__(self, pack: ModelPack, vae: SentenceVAE, prosody: Prosody, guard: VerseGuard | None = None,
                 device: str = "auto", threads: int | None = 1, settings: LineSettings | None = None,
                 lexicon: Lexicon | None = None):
        info = pack.manifest.couplet
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no model for the matching line.")
        if info.latent != vae.latent:
            raise ModelPackError(f"The matching-line model of the model pack {pack.name} does not fit its VAE "
                                 f"(latent {info.latent} against {vae.latent}).")
        code = (FLOAT, (None, info.latent))
        self.session, self.provider = open_model(pack, info.file, "the matching-line model", device, threads,
                                                 inputs={"z": code, "noise": code}, outputs={"next_z": code})
        self.vae, self.prosody, self.guard, self.lexicon = vae, prosody, guard, lexicon
        self.settings = settings or LineSettings()
        self.stop = StopFlag()  # the Engine shares its own
        self._vocabs: dict[str, VerseVocab] = {}

    def predict(self, z: np.ndarray, noise: np.ndarray | None = None) -> np.ndarray:
        """The codes [N, Z] of second lines of first lines coded z [N, Z]: their mean (noise None or 0),
        or drawn around it with standard normal noise [N, Z]."""
        z = np.asarray(z, dtype=np.float32)
        noise = np.zeros_like(z) if noise is None else np.asarray(noise, dtype=np.float32)
        (out,) = self.session.run(None, {"z": z, "noise": noise})
        return out

    def _vocab(self, rhyme: str) -> VerseVocab:
        if rhyme not in self._vocabs:
            self._vocabs[rhyme] = VerseVocab(self.vae.tok, self.prosody, self.prosody.table(rhyme), self.lexicon)
        return self._vocabs[rhyme]

    def next_lines(self, text: str, n: int = NEXT_LINES, rhyme: str = "xin", seed: int | None = None) -> list[str]:
        """Up to n second lines for the last verse line of `text`, best first; ValueError when there is
        no line to answer or it cannot be read."""
        lines = verse_lines(text)
        if not lines:
            raise ValueError("there is no line to answer: write the first line of a couplet")
        first = lines[-1].strip()
        if len(first) > MAX_CHARS:
            raise ValueError(f"that line is too long to answer ({len(first)} characters; up to {MAX_CHARS})")
        vocab = self._vocab(rhyme)
        vocab.check_chinese(first)
        first_ids = vocab.known(first)
        table, reading = vocab.table, ("context" if rhyme == "xin" else "any")
        pattern, mask = None, None
        if len(first) in (5, 7):
            tones = table.line_tones(first, reading)
            kind = max(START_TYPES, key=lambda s: (line_ok(tones, line_pattern(s, len(first))),
                                                   sum(line_pattern(s, len(first))[i] in tones[i] for i in range(len(first)))))
            pattern = line_pattern(ANSWER[kind], len(first))
            groups = table.last_rhymes(first, reading) if kind in OPENS_WITH_RHYME else set()
            mask = vocab.rhyme_choice(groups, vocab.known(first[-1]), self.settings.min_group_chars)
        mean, _ = self.vae.encode([first])
        z = self.predict(mean)
        k = self.settings.candidates
        zk = np.repeat(z, k, axis=0)
        (state,) = self.vae.init.run(None, {"z": z})
        logits, state = self.vae.decoder.run(None, {"z": z, "tokens": np.asarray([[self.vae.bos_id]], np.int64),
                                                    "state": state})

        def step(tokens, st):
            self.stop.check()
            return self.vae.decoder.run(None, {"z": zk, "tokens": tokens, "state": st})

        used = np.zeros(len(vocab.pieces), np.int32)
        np.add.at(used, first_ids, 1)
        drawn = draw_lines(step, state, logits[0, -1], vocab, len(first), pattern, mask, None, used,
                           [self.vae.eos_id], self.settings, np.random.default_rng(seed), bigrams([first_ids]))
        texts = [vocab.text(r) for r in drawn.ids]
        copies = self.guard.copies(texts) if self.guard is not None else [False] * len(texts)
        scored = {}
        for k_, line in enumerate(texts):
            if line == first or copies[k_]:
                continue
            fits = pattern is not None and line_ok(table.line_tones(line, reading), pattern)
            s = float(drawn.score[k_]) + self.settings.tone_weight * fits
            scored[line] = max(s, scored.get(line, -np.inf))
        return sorted(scored, key=lambda t: -scored[t])[:n]
