"""Sparks: new sentences from nothing, drawn by the pack's latent GAN and decoded by its VAE.

The generator turns Gaussian noise into a code where the VAE's encoder puts real sentences; the
VAE's decoder writes it out (all lines of a request in one batch), drawing each piece from its own
distribution trimmed of the unlikely tail: greedy decoding of these codes repeats the same stock
phrases (on the bundled pack's held-out figures, distinct bigrams 0.52 greedy against 0.69 drawn and
0.75 in real text, and the drawn lines also sit closer to real sentences in the encoder's space). With `near` (the
writer's paragraph), the draw is steered: of many codes, those nearest to the paragraph's own
sentence codes are kept and moved part of the way toward them.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from creagen_desktop.engine.quotes import quote_style, restyle
from creagen_desktop.engine.runtime import FLOAT, open_model
from creagen_desktop.engine.sampling import SPARK_SAMPLING, SPARKS
from creagen_desktop.engine.sentences import sentences
from creagen_desktop.engine.vae import LONG_SENTENCE_FACTOR, MAX_CHARS, MAX_SENTENCES, SentenceVAE
from creagen_desktop.engine.words import KnownWords, Lexicon
from creagen_desktop.pack import ModelPack, ModelPackError

NEAR_OVERDRAW = 4  # codes drawn per spark wanted when steering toward a paragraph
NEAR_PULL = 0.5  # how far a kept code moves toward its nearest sentence code (0 = not at all, 1 = onto it)


class SparkGenerator:
    def __init__(self, pack: ModelPack, vae: SentenceVAE, device: str = "auto", threads: int | None = None,
                 lexicon: Lexicon | None = None):
        self.lexicon = lexicon
        info = pack.manifest.gan
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no generator for sparks.")
        self.vae = vae
        self.noise_dim = info.noise_dim
        if info.latent != vae.latent:
            raise ModelPackError(f"The sparks generator of the model pack {pack.name} does not fit its VAE "
                                 f"(latent {info.latent} against {vae.latent}).")
        self.session, self.provider = open_model(pack, info.files.generator, "the sparks generator", device, threads,
                                                 inputs={"noise": (FLOAT, (None, info.noise_dim))},
                                                 outputs={"z": (FLOAT, (None, info.latent))})

    def codes(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n latent codes [n, Z] from the generator."""
        noise = rng.standard_normal((n, self.noise_dim)).astype(np.float32)
        (z,) = self.session.run(None, {"noise": noise})
        return z

    def write(self, z: np.ndarray, rng: np.random.Generator, known: KnownWords | None = None) -> list[str]:
        """The decoder's lines for codes z [N, Z], drawn with SPARK_SAMPLING, in `known` words."""
        return [d.text for d in self.vae.decode(z, sampling=SPARK_SAMPLING, rng=rng, known=known)]

    def _steer(self, z: np.ndarray, anchors: np.ndarray, keep: int) -> np.ndarray:
        """The `keep` codes nearest to any anchor, each moved NEAR_PULL of the way toward its anchor."""
        d = np.linalg.norm(z[:, None, :] - anchors[None, :, :], axis=-1)  # [draws, anchors]
        nearest = d.argmin(axis=1)
        order = np.argsort(d[np.arange(len(z)), nearest], kind="stable")[:keep]
        target = anchors[nearest[order]]
        return (z[order] + NEAR_PULL * (target - z[order])).astype(np.float32)

    def _anchors_of(self, near: str) -> list[str]:
        """The sentences of `near` that steer the draw: its last ones, at most what a variation takes,
        each no longer than the VAE reads (a whole chapter pasted as `near` costs no more)."""
        longest = LONG_SENTENCE_FACTOR * self.vae.max_tokens
        own = [s.strip() for s in sentences(near[-MAX_CHARS:])]
        return [s for s in own if s and len(self.vae.tok.encode(s)) <= longest][-MAX_SENTENCES:]

    def sparks(self, n: int = SPARKS, near: str | None = None, seed: int | None = None,
               screen: Callable[[list[str]], list[str]] | None = None, context: str = "") -> list[str]:
        """Up to n distinct new lines; reproducible for a given seed. `screen` (the originality guard)
        may refuse a line, which is then replaced like a duplicate. The lines use the lexicon's words
        and those of `near` and `context` (the writer's text where they will go), and its quotes."""
        if n < 1:
            raise ValueError("n must be at least 1")
        rng = np.random.default_rng(seed)
        known = KnownWords(self.lexicon, f"{near or ''} {context}")
        style = quote_style(f"{context}{near or ''}")
        own = self._anchors_of(near) if near and near.strip() else []
        anchors = self.vae.encode(own)[0] if own else None
        found: list[str] = []
        seen = set(own)
        # duplicates, copies of the paragraph's own sentences and refused lines are dropped: draw again, at most twice
        for _round in range(3):
            want = n - len(found) + 2  # sampled lines rarely repeat: a small margin is enough
            if anchors is None:
                z = self.codes(want, rng)
            else:
                z = self._steer(self.codes(want * NEAR_OVERDRAW, rng), anchors, want)
            for text in self.write(z, rng, known):
                text = restyle(text, style)
                if text and text not in seen:
                    seen.add(text)
                    if screen is not None and not screen([text]):
                        continue
                    found.append(text)
                    if len(found) == n:
                        break
            if len(found) == n:
                break
        return found
