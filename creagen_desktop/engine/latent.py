"""Variations and blends: the pack's sentence VAE run through onnxruntime.

A passage is cut into sentences (engine.sentences); each sentence is encoded to the mean and spread
of its latent code, new codes are chosen near it (variations) or on a path to another sentence's
code (blends), and every code is decoded greedily, all rows of a request in one batch. Whitespace
between sentences is kept from the writer's text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from creagen_desktop.engine.cancel import StopFlag
from creagen_desktop.engine.runtime import FLOAT, INT64, open_model
from creagen_desktop.engine.sampling import (
    BLEND_PATHS,
    BLEND_STEPS,
    CREATIVITY,
    MAX_CREATIVITY,
    VARIATIONS,
    SamplingConfig,
    log_softmax,
    sample_next,
)
from creagen_desktop.engine.sentences import split_sentences
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack, ModelPackError

GREEDY = SamplingConfig(temperature=0.0, repetition_penalty=1.0)


MAX_SENTENCES = 24  # a request's decoding batch grows with every sentence: a few paragraphs at most
MAX_CHARS = 20_000  # checked first, before the passage is even split
LONG_SENTENCE_FACTOR = 2  # a sentence may be this many times the longest the VAE was trained on


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

    def decode(self, z: np.ndarray, max_tokens: int | None = None, sampling: SamplingConfig | None = None,
               rng: np.random.Generator | None = None) -> list[Decoded]:
        """Decoding of every row of z [N, Z], batched: greedy, or drawn with `sampling` from `rng`."""
        z = np.asarray(z, dtype=np.float32)
        n = len(z)
        limit = max_tokens or self.max_tokens
        (state,) = self.init.run(None, {"z": z})
        tokens = np.full((n, 1), self.bos_id, dtype=np.int64)
        out: list[list[int]] = [[] for _ in range(n)]
        logp = np.zeros(n)
        done = np.zeros(n, dtype=bool)
        allowed = ~self.never
        rows = np.arange(n)
        for step in range(limit):
            self.stop.check()
            logits, state = self.decoder.run(None, {"z": z, "tokens": tokens, "state": state})
            logits = logits[:, -1]
            if step:
                # greedy decoding of a small model stutters ("the the"); a piece never follows itself
                logits[rows, tokens[:, 0]] = -np.inf
            nxt = sample_next(logits, sampling or GREEDY, rng or np.random.default_rng(0), None, allowed)
            lp = log_softmax(np.where(allowed[None, :], logits, -np.inf))
            for row in np.flatnonzero(~done):
                logp[row] += lp[row, nxt[row]]
                if nxt[row] == self.eos_id:
                    done[row] = True
                else:
                    out[row].append(int(nxt[row]))
            if done.all():
                break
            tokens = nxt[:, None].astype(np.int64)
        return [Decoded(self.tok.decode(ids).strip(), ids, logp[i] / (len(ids) + 1)) for i, ids in enumerate(out)]

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


def interpolate(a: np.ndarray, b: np.ndarray, t: np.ndarray, path: str = "slerp") -> np.ndarray:
    """Points [len(t), Z] on the path from a to b: straight (lerp) or along the great circle (slerp)."""
    t = np.asarray(t, dtype=np.float64)[:, None]
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if path not in BLEND_PATHS:
        raise ValueError(f"path must be one of {', '.join(BLEND_PATHS)}")
    if path == "slerp":
        na, nb = np.linalg.norm(a64), np.linalg.norm(b64)
        if na > 1e-8 and nb > 1e-8:
            cos = np.clip(a64 @ b64 / (na * nb), -1.0, 1.0)
            omega = np.arccos(cos)
            if np.sin(omega) > 1e-6:
                s = np.sin(omega)
                return (np.sin((1 - t) * omega) / s * a64 + np.sin(t * omega) / s * b64).astype(np.float32)
    return ((1 - t) * a64 + t * b64).astype(np.float32)


def _join(text: str, spans: list[tuple[int, int]], replacements: list[str]) -> str:
    """`text` with each span replaced, keeping everything between the spans as the writer typed it."""
    parts, last = [], 0
    for (a, b), rep in zip(spans, replacements):
        parts += [text[last:a], rep]
        last = b
    parts.append(text[last:])
    return "".join(parts)


class LatentEditor:
    """Variations of a passage and blends between two passages."""

    def __init__(self, vae: SentenceVAE):
        self.vae = vae

    def variations(self, text: str, n: int = VARIATIONS, creativity: float = CREATIVITY, seed: int | None = None,
                   cursor: int | None = None) -> list[str]:
        """Up to n rewrites of `text`, most likely first; with `cursor`, only the sentence there changes."""
        if n < 1:
            raise ValueError("n must be at least 1")
        creativity = float(np.clip(creativity, 0.0, MAX_CREATIVITY))
        if len(text) > MAX_CHARS and cursor is None:
            self.vae.check_passage(text, [])
        spans = split_sentences(text)
        if cursor is not None and spans:
            spans = [min(spans, key=lambda s: 0 if s[0] <= cursor <= s[1] else min(abs(cursor - s[0]), abs(cursor - s[1])))]
        if not spans:
            return []
        originals = [text[a:b] for a, b in spans]
        self.vae.check_passage(" ".join(originals), originals)
        per_sentence = self._vary_sentences(originals, n, creativity, np.random.default_rng(seed))
        results, seen = [], {text.strip()}
        for k in range(max(len(v) for v in per_sentence) if per_sentence else 0):
            reps = [v[k % len(v)] if v else orig for v, orig in zip(per_sentence, originals)]
            candidate = _join(text, spans, reps)
            if candidate.strip() not in seen:
                seen.add(candidate.strip())
                results.append(candidate)
            if len(results) == n:
                break
        return results

    def _vary_sentences(self, originals: list[str], n: int, creativity: float, rng: np.random.Generator) -> list[list[str]]:
        """For each sentence, up to n distinct rewrites ranked by likelihood (all sentences in one batch)."""
        mean, sigma = self.vae.encode(originals)
        limit = self.vae.limit_for(originals)
        found: list[dict[str, float]] = [{} for _ in originals]
        scale = creativity
        # draw twice as many codes as needed; if duplicates leave too few, draw again further out
        for _round in range(3):
            need = [i for i, f in enumerate(found) if len(f) < n]
            if not need:
                break
            rows = 2 * n
            eps = rng.standard_normal((len(need), rows, self.vae.latent)).astype(np.float32)
            z = mean[need, None, :] + scale * sigma[need, None, :] * eps
            if scale == 0:
                z = z[:, :1]
                rows = 1
            decoded = self.vae.decode(z.reshape(-1, self.vae.latent), limit)
            for j, i in enumerate(need):
                orig = originals[i].strip()
                for d in decoded[j * rows : (j + 1) * rows]:
                    if d.text and d.text != orig and d.score > found[i].get(d.text, -np.inf):
                        found[i][d.text] = d.score
            if scale == 0:
                break
            scale = max(scale, 0.5) * 1.5
        return [sorted(f, key=lambda s: -f[s])[:n] for f in found]

    def blend(self, a: str, b: str, steps: int = BLEND_STEPS, path: str = BLEND_PATHS[0]) -> list[str]:
        """The passages met along the way from A to B (first = A decoded, last = B decoded)."""
        if steps < 2:
            raise ValueError("a blend needs at least 2 steps")
        for passage in (a, b):
            if len(passage) > MAX_CHARS:
                self.vae.check_passage(passage, [])
        spans_a, spans_b = split_sentences(a), split_sentences(b)
        if not spans_a or not spans_b:
            raise ValueError("both passages need some text to blend")
        sa, sb = [a[x:y] for x, y in spans_a], [b[x:y] for x, y in spans_b]
        self.vae.check_passage(a, sa)
        self.vae.check_passage(b, sb)
        k = min(len(sa), len(sb))
        ma, _ = self.vae.encode(sa)
        mb, _ = self.vae.encode(sb)
        t = np.linspace(0.0, 1.0, steps)
        # pair sentence i of A with sentence i of B; a longer passage's extra sentences are decoded
        # from their own codes and kept on their side of the midpoint
        codes = [interpolate(ma[i], mb[i], t, path) for i in range(k)]
        extra = [np.repeat(m[None], steps, axis=0) for m in (ma[k:] if len(sa) > k else mb[k:])]
        z = np.concatenate(codes + extra, axis=0) if codes or extra else np.zeros((0, self.vae.latent), np.float32)
        decoded = [d.text for d in self.vae.decode(z, self.vae.limit_for(sa + sb))]
        rows = [decoded[i * steps : (i + 1) * steps] for i in range(len(codes) + len(extra))]
        out = []
        for j, tj in enumerate(t):
            left = tj < 0.5
            sentences = [r[j] for r in rows[:k]]
            if left and len(sa) > k:
                sentences += [r[j] for r in rows[k:]]
            elif not left and len(sb) > k:
                sentences += [r[j] for r in rows[k:]]
            base, spans = (a, spans_a) if left else (b, spans_b)
            out.append(_join_sentences(base, spans, sentences))
        return out


def _join_sentences(base: str, spans: list[tuple[int, int]], sentences: list[str]) -> str:
    """Sentences joined with the separators the base passage uses (a space when it has fewer)."""
    seps = [base[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
    parts = []
    for i, s in enumerate(sentences):
        if i:
            parts.append(seps[i - 1] if i - 1 < len(seps) else " ")
        parts.append(s)
    return "".join(parts).strip()
