"""Variations and blends over the pack's sentence VAE (engine.vae).

A passage is cut into sentences (engine.sentences); each sentence is encoded to the mean and spread
of its latent code, new codes are chosen near it (variations) or on a path to another sentence's
code (blends), and every code is decoded, all rows of a request in one batch, in words the pack or
the writer's text knows and with the writer's quotes. Whitespace between sentences, and each
sentence's own ending punctuation, are kept from the writer's text.
"""

from __future__ import annotations

import re

import numpy as np

from creagen_desktop.engine.quotes import quote_style, restyle
from creagen_desktop.engine.sampling import (
    BLEND_DRAW,
    BLEND_PATHS,
    BLEND_STEPS,
    CREATIVITY,
    MAX_CREATIVITY,
    VARIATIONS,
)
from creagen_desktop.engine.sentences import split_sentences
from creagen_desktop.engine.verse import line_spans
from creagen_desktop.engine.vae import MAX_CHARS, SentenceVAE
from creagen_desktop.engine.words import KnownWords, Lexicon

_ENDING = re.compile(r"([.!?…,;:]*)([\"'’”»)\]]*)$")
BLEND_DENSITY = 3  # a blend decodes this many points a step along the path, then keeps distinct ones


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


def keep_ending(new: str, original: str) -> str:
    """`new` ending with the punctuation `original` ends with (none if it has none): a selection
    without its full stop gets a rewrite without one, so the text after it does not double it."""
    own = _ENDING.search(original.rstrip()).group(1)
    m = _ENDING.search(new.rstrip())
    return new.rstrip()[: m.start(1)] + own + m.group(2)


def _join(text: str, spans: list[tuple[int, int]], replacements: list[str]) -> str:
    """`text` with each span replaced, keeping everything between the spans as the writer typed it."""
    parts, last = [], 0
    for (a, b), rep in zip(spans, replacements):
        parts += [text[last:a], rep]
        last = b
    parts.append(text[last:])
    return "".join(parts)


def _join_sentences(base: str, spans: list[tuple[int, int]], sentences: list[str]) -> str:
    """Sentences joined with the separators the base passage uses (a space when it has fewer)."""
    seps = [base[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
    parts = []
    for i, s in enumerate(sentences):
        if i:
            parts.append(seps[i - 1] if i - 1 < len(seps) else " ")
        parts.append(s)
    return "".join(parts).strip()


class LatentEditor:
    """Variations of a passage and blends between two passages."""

    def __init__(self, vae: SentenceVAE, lexicon: Lexicon | None = None):
        self.vae = vae
        self.lexicon = lexicon

    def units(self, text: str) -> list[tuple[int, int]]:
        """Spans of what one code holds: sentences, or for a line VAE (Chinese verse) the verse lines,
        without their ，and 。, which stay in the document so the poem keeps its form."""
        return line_spans(text) if self.vae.unit == "line" else split_sentences(text)

    def variations(self, text: str, n: int = VARIATIONS, creativity: float = CREATIVITY, seed: int | None = None,
                   cursor: int | None = None, context: str = "") -> list[str]:
        """Up to n rewrites of `text` (at least one), most likely first; with `cursor`, only the
        sentence there changes. Creativity 0 gives the closest reconstructions of the passage's own
        code. `context`, the writer's text around it, lends its words and its quotes."""
        if n < 1:
            raise ValueError("n must be at least 1")
        if not text.strip():
            raise ValueError("There is no text to vary: select a passage, or put the cursor in a sentence.")
        creativity = float(np.clip(creativity, 0.0, MAX_CREATIVITY))
        if len(text) > MAX_CHARS and cursor is None:
            self.vae.check_passage(text, [])
        spans = self.units(text)
        if cursor is not None and spans:
            spans = [min(spans, key=lambda s: 0 if s[0] <= cursor <= s[1] else min(abs(cursor - s[0]), abs(cursor - s[1])))]
        originals = [text[a:b] for a, b in spans]
        self.vae.check_passage(" ".join(originals), originals)
        known = KnownWords(self.lexicon, text + " " + context)
        style = quote_style(context + text)
        rng = np.random.default_rng(seed)
        per_sentence = self._vary_sentences(originals, n, creativity, rng, known)
        results = self._combine(text, spans, originals, per_sentence, n, style)
        if not results and creativity > 0:  # every draw gave the passage back: its closest other readings
            results = self._combine(text, spans, originals, self._vary_sentences(originals, n, 0.0, rng, known), n, style)
        return results or [text]

    def _combine(self, text, spans, originals, per_sentence, n, style) -> list[str]:
        results, seen = [], {text.strip()}
        for k in range(max((len(v) for v in per_sentence), default=0)):
            reps = [restyle(keep_ending(v[k % len(v)], orig), style, text[:a]) if v else orig
                    for v, orig, (a, _) in zip(per_sentence, originals, spans)]
            candidate = _join(text, spans, reps)
            if candidate.strip() not in seen:
                seen.add(candidate.strip())
                results.append(candidate)
            if len(results) == n:
                break
        return results

    def _vary_sentences(self, originals: list[str], n: int, creativity: float, rng: np.random.Generator,
                        known: KnownWords) -> list[list[str]]:
        """For each sentence, up to n distinct rewrites ranked by likelihood (all sentences in one batch)."""
        mean, sigma = self.vae.encode(originals)
        limit = self.vae.limit_for(originals)
        if creativity == 0:  # no noise: the likeliest decodings of the sentence's own code
            found = self.vae.beam(mean, n + 1, limit, known)
            return [[d.text for d in ds if d.text and d.text != o.strip()][:n] for ds, o in zip(found, originals)]
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
            decoded = self.vae.decode(z.reshape(-1, self.vae.latent), limit, known=known)
            for j, i in enumerate(need):
                orig = originals[i].strip()
                for d in decoded[j * rows : (j + 1) * rows]:
                    if d.text and d.text != orig and d.score > found[i].get(d.text, -np.inf):
                        found[i][d.text] = d.score
            scale = max(scale, 0.5) * 1.5
        return [sorted(f, key=lambda s: -f[s])[:n] for f in found]

    def blend(self, a: str, b: str, steps: int = BLEND_STEPS, path: str = BLEND_PATHS[0], context: str = "") -> list[str]:
        """`steps` passages from A to B: A itself, distinct passages decoded along the path between
        their codes, and B itself. `context` lends its words and quotes."""
        if steps < 2:
            raise ValueError("a blend needs at least 2 steps")
        if not a.strip() or not b.strip():
            raise ValueError("Both passages need some text to blend: A is the selection, B the passage to move towards.")
        for passage in (a, b):
            if len(passage) > MAX_CHARS:
                self.vae.check_passage(passage, [])
        spans_a, spans_b = self.units(a), self.units(b)
        sa, sb = [a[x:y] for x, y in spans_a], [b[x:y] for x, y in spans_b]
        self.vae.check_passage(a, sa)
        self.vae.check_passage(b, sb)
        if steps == 2:
            return [a, b]
        known = KnownWords(self.lexicon, " ".join([a, b, context]))
        style = quote_style(context + a + b)
        ma, _ = self.vae.encode(sa)
        mb, _ = self.vae.encode(sb)
        limit = self.vae.limit_for(sa + sb)
        points = np.linspace(0.0, 1.0, BLEND_DENSITY * (steps - 2) + 2)[1:-1]
        path_texts = self._decode_path(a, b, spans_a, spans_b, ma, mb, points, path, limit, known, None, None)
        ends = {a.strip(), b.strip()}
        inner: dict[str, float] = {}  # distinct passages along the path and where they are met
        for t, text in zip(points, path_texts):
            if text and text not in ends:
                inner.setdefault(text, float(t))
        rng = np.random.default_rng(0)  # the same passages give the same blend
        for _ in range(4):  # too few distinct ones: draw more at the steps' own places
            if len(inner) >= steps - 2:
                break
            at = np.linspace(0.0, 1.0, steps)[1:-1]
            for t, text in zip(at, self._decode_path(a, b, spans_a, spans_b, ma, mb, at, path, limit, known, BLEND_DRAW, rng)):
                if text and text not in ends:
                    inner.setdefault(text, float(t))
        ordered = sorted(inner, key=lambda s: inner[s])
        if len(ordered) > steps - 2:  # spread the choice evenly along the path
            ordered = [ordered[int(i)] for i in np.round(np.linspace(0, len(ordered) - 1, steps - 2))]
        return [a] + [restyle(s, style) for s in ordered] + [b]

    def _decode_path(self, a, b, spans_a, spans_b, ma, mb, t, path, limit, known, sampling, rng) -> list[str]:
        """The passage decoded at each point t of the path: sentence i of A paired with sentence i of
        B; a longer passage's extra sentences decoded from their own codes, kept on their side of the
        midpoint."""
        k = min(len(ma), len(mb))
        codes = [interpolate(ma[i], mb[i], t, path) for i in range(k)]
        extra = [np.repeat(m[None], len(t), axis=0) for m in (ma[k:] if len(ma) > k else mb[k:])]
        z = np.concatenate(codes + extra, axis=0)
        texts = [d.text for d in self.vae.decode(z, limit, sampling, rng, known)]
        rows = [texts[i * len(t):(i + 1) * len(t)] for i in range(len(codes) + len(extra))]
        out = []
        for j, tj in enumerate(t):
            left = tj < 0.5
            sents = [r[j] for r in rows[:k]]
            if (left and len(ma) > k) or (not left and len(mb) > k):
                sents += [r[j] for r in rows[k:]]
            base, spans = (a, spans_a) if left else (b, spans_b)
            out.append(_join_sentences(base, spans, sents))
        return out
