"""The pack's sentence VAE run through onnxruntime: encode sentences to codes, decode codes to
sentences (greedily, drawn, or the few likeliest by beam search), all rows of a request in one batch.

Given the words it may write (KnownWords), the decoder never spells another: a piece that would is
drawn again (or the next best taken), inside the loop, so no output has to be thrown away after.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creagen_desktop.engine.cancel import StopFlag
from creagen_desktop.engine.runtime import FLOAT, INT64, open_model
from creagen_desktop.engine.sampling import SamplingConfig, log_softmax, sample_next
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.engine.words import KnownWords
from creagen_desktop.pack import ModelPack, ModelPackError

GREEDY = SamplingConfig(temperature=0.0, repetition_penalty=1.0)
MAX_SENTENCES = 24  # a request's decoding batch grows with every sentence: a few paragraphs at most
MAX_CHARS = 20_000  # checked first, before the passage is even split
LONG_SENTENCE_FACTOR = 2  # a sentence may be this many times the longest the VAE was trained on
REDRAWS = 8  # a piece that would spell an unknown word is replaced by another, at most this often


@dataclass
class Decoded:
    text: str
    tokens: list[int]
    score: float  # mean log-probability per token under the decoder


class SentenceVAE:
    """The three VAE graphs: encoder, decoder initial state, decoder step."""

    def __init__(self, pack: ModelPack, tokenizer: Tokenizer, device: str = "auto", threads: int | None = None):
        info = pack.manifest.vae
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no variational autoencoder for variations and blends.")
        self.tok = tokenizer
        self.stop = StopFlag()  # the Engine shares its own
        self.latent = info.latent
        self.max_tokens = info.max_tokens
        self.unit = info.unit  # "sentence", or "line": a verse line without its punctuation (engine.verse)
        self.bos_id, self.eos_id = info.bos_id, info.eos_id
        vocab = tokenizer.vocab_size
        z, tokens, code = (FLOAT, (None, info.latent)), (INT64, (None, None)), (FLOAT, (None, None))
        self.encoder, self.provider = open_model(pack, info.files.encoder, "the VAE's encoder", device, threads,
                                                 inputs={"tokens": tokens}, outputs={"mean": code, "logvar": code})
        self.init, _ = open_model(pack, info.files.init, "the VAE's decoder start", device, threads,
                                  inputs={"z": z}, outputs={"state": (FLOAT, (None, None, None))})
        self.decoder, _ = open_model(pack, info.files.decoder, "the VAE's decoder", device, threads,
                                     inputs={"z": z, "tokens": tokens, "state": (FLOAT, (None, None, None))},
                                     outputs={"logits": (FLOAT, (None, None, vocab)), "state_out": (FLOAT, (None, None, None))})
        if not (0 <= self.bos_id < vocab and 0 <= self.eos_id < vocab):
            raise ModelPackError(f"The VAE of the model pack {pack.name} names pieces its tokenizer does not have "
                                 f"(bos {self.bos_id}, eos {self.eos_id}, {vocab} pieces).")
        # the decoder may end a sentence but never write a newline or a control piece
        self.never = tokenizer.never.copy()
        self.never[tokenizer.newline_id] = True
        self.never[self.eos_id] = False

    def encode(self, sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Posterior mean and standard deviation [N, Z] of each sentence (one run per sentence: no padding)."""
        means, sigmas = [], []
        for s in sentences:
            ids = self.tok.encode(s) or [self.eos_id]
            mean, logvar = self.encoder.run(None, {"tokens": np.asarray([ids], dtype=np.int64)})
            means.append(mean[0])
            sigmas.append(np.exp(0.5 * logvar[0]))
        return np.asarray(means, dtype=np.float32), np.asarray(sigmas, dtype=np.float32)

    def _never(self, known: KnownWords | None) -> np.ndarray:
        # a byte spells no word that can be checked: none where words are checked
        return self.never | self.tok.is_byte if known is not None and known.lexicon is not None else self.never

    def _ok(self, known: KnownWords | None, written: str, t: int) -> bool:
        if known is None:
            return True
        if t == self.eos_id:
            return known.piece_ok(written, "", final=True)
        return known.piece_ok(written, self.tok.surface[t])

    def decode(self, z: np.ndarray, max_tokens: int | None = None, sampling: SamplingConfig | None = None,
               rng: np.random.Generator | None = None, known: KnownWords | None = None) -> list[Decoded]:
        """Decoding of every row of z [N, Z], batched: greedy, or drawn with `sampling` from `rng`;
        with `known`, only its words."""
        z = np.asarray(z, dtype=np.float32)
        n = len(z)
        limit = max_tokens or self.max_tokens
        sampling, rng = sampling or GREEDY, rng or np.random.default_rng(0)
        (state,) = self.init.run(None, {"z": z})
        tokens = np.full((n, 1), self.bos_id, dtype=np.int64)
        out: list[list[int]] = [[] for _ in range(n)]
        written = [""] * n
        logp = np.zeros(n)
        done = np.zeros(n, dtype=bool)
        allowed = ~self._never(known)
        rows = np.arange(n)
        for step in range(limit):
            self.stop.check()
            logits, state = self.decoder.run(None, {"z": z, "tokens": tokens, "state": state})
            logits = logits[:, -1]
            if step:
                # greedy decoding of a small model stutters ("the the"); a piece never follows itself
                logits[rows, tokens[:, 0]] = -np.inf
            nxt = sample_next(logits, sampling, rng, None, allowed)
            for row in np.flatnonzero(~done):
                nxt[row] = self._known_piece(logits[row], int(nxt[row]), written[row], known, sampling, rng, allowed)
            lp = log_softmax(np.where(allowed[None, :], logits, -np.inf))
            for row in np.flatnonzero(~done):
                logp[row] += lp[row, nxt[row]]
                if nxt[row] == self.eos_id:
                    done[row] = True
                else:
                    out[row].append(int(nxt[row]))
                    written[row] = (written[row] + self.tok.surface[int(nxt[row])])[-64:]
            if done.all():
                break
            tokens = nxt[:, None].astype(np.int64)
        texts = [self.tok.decode(ids).strip() for ids in out]
        if known is not None:  # a sentence the length limit stopped inside a word ends before it
            texts = [known.cut_before_unknown(t) for t in texts]
        return [Decoded(t, ids, logp[i] / (len(ids) + 1)) for i, (t, ids) in enumerate(zip(texts, out))]

    def _known_piece(self, logits: np.ndarray, t: int, written: str, known: KnownWords | None,
                     sampling: SamplingConfig, rng, allowed) -> int:
        """t, or, when it would spell an unknown word, another piece drawn the same way (the end of
        the sentence when none is found)."""
        if self._ok(known, written, t):
            return t
        row = logits.copy()
        for _ in range(REDRAWS):
            row[t] = -np.inf
            if not np.isfinite(row[allowed]).any():
                break
            t = int(sample_next(row[None, :], sampling, rng, None, allowed)[0])
            if self._ok(known, written, t):
                return t
        return self.eos_id

    def beam(self, z: np.ndarray, width: int, max_tokens: int | None = None,
             known: KnownWords | None = None) -> list[list[Decoded]]:
        """The `width` likeliest decodings of each row of z [N, Z] (beam search, best first): the
        closest reconstructions of a code."""
        z = np.asarray(z, dtype=np.float32)
        limit = max_tokens or self.max_tokens
        allowed = ~self._never(known)
        (state,) = self.init.run(None, {"z": z})
        # live hypotheses, all sentences in one batch: (sentence, pieces, log P, text so far)
        live = [(i, [], 0.0, "") for i in range(len(z))]
        finished: list[list[Decoded]] = [[] for _ in z]
        for _ in range(limit):
            if not live:
                break
            self.stop.check()
            last = np.asarray([[h[1][-1] if h[1] else self.bos_id] for h in live], dtype=np.int64)
            logits, state = self.decoder.run(None, {"z": z[[h[0] for h in live]], "tokens": last, "state": state})
            lp = log_softmax(np.where(allowed[None, :], logits[:, -1], -np.inf))
            for r, h in enumerate(live):
                if h[1]:
                    lp[r, h[1][-1]] = -np.inf  # no piece follows itself, as in decode
            grown: dict[int, list] = {}
            for r, (i, ids, score, text) in enumerate(live):
                for t in np.argpartition(-lp[r], 2 * width)[: 2 * width]:
                    t = int(t)
                    if not np.isfinite(lp[r, t]) or not self._ok(known, text, t):
                        continue
                    grown.setdefault(i, []).append((score + float(lp[r, t]), r, i, ids, t, text))
            live, parents = [], []
            for i, options in grown.items():
                for score, r, _, ids, t, text in sorted(options, key=lambda o: -o[0])[:width]:
                    if t == self.eos_id:
                        finished[i].append(Decoded(self.tok.decode(ids).strip(), ids, score / (len(ids) + 1)))
                    elif len(finished[i]) < width:
                        live.append((i, ids + [t], score, (text + self.tok.surface[t])[-64:]))
                        parents.append(r)
            state = state[:, parents]
        for i, ids, score, _ in live:  # stopped by the length limit: better than nothing
            if not finished[i]:
                text = self.tok.decode(ids).strip()
                finished[i].append(Decoded(known.cut_before_unknown(text) if known else text, ids, score / (len(ids) + 1)))
        return [sorted(f, key=lambda d: -d.score)[:width] for f in finished]

    def reconstruct(self, sentences: list[str]) -> list[str]:
        mean, _ = self.encode(sentences)
        return [d.text for d in self.decode(mean, self.limit_for(sentences))]

    def check_passage(self, text: str, sentences: list[str]) -> None:
        """ValueError, saying how much the VAE can take, for a passage too long to vary or blend."""
        if len(text) > MAX_CHARS or len(sentences) > MAX_SENTENCES:
            raise ValueError(f"That passage is too long: variations and blends work on up to {MAX_SENTENCES} "
                             f"sentences at a time (it has {len(sentences) if len(text) <= MAX_CHARS else 'many more'}). "
                             "Select a paragraph or two.")
        longest = LONG_SENTENCE_FACTOR * self.max_tokens
        for s in sentences:
            n = len(self.tok.encode(s))
            if n > longest:
                raise ValueError(f"A sentence of that passage is too long to rewrite ({n} pieces of text; the model "
                                 f"takes sentences of up to about {longest * 3 // 4} words). Break it up first.")

    def limit_for(self, sentences: list[str]) -> int:
        """A decoding length that lets the longest sentence come back with room to spare."""
        longest = max((len(self.tok.encode(s)) for s in sentences), default=0)
        return max(self.max_tokens, int(longest * 1.5) + 8)
