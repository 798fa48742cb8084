"""Evaluation through the exported pack, run by the app's own engine (what ships is what is measured)."""

from __future__ import annotations

import math

import numpy as np

from creagen_desktop.engine.continuation import PRIMER, LanguageModel
from creagen_desktop.engine.sampling import SamplingConfig, log_softmax
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack

# beginnings of sentences that `eval --samples` and the report continue
PROMPTS = [
    "It was a dark and",
    "She opened the door and",
    "The old man looked at",
    "In the morning, the village",
    "\"I do not know,\" said",
]


def token_probabilities(pack: ModelPack, text: str, chunk: int = 512, lm: LanguageModel | None = None,
                        goes_on: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """(token ids of text, the LM's probability of each, float64), reading from the editor's primer;
    with a `goes_on` mask over the vocabulary, also the LM's probability at each token that the
    piece there continues the word (engine.cache_mix)."""
    if not text:
        raise ValueError("the evaluation text is empty")
    tok = Tokenizer.from_pack(pack)
    lm = lm or LanguageModel(pack, device="cpu")
    ids = np.asarray(tok.encode(text), dtype=np.int64)
    primer = np.asarray([tok.encode(PRIMER)], dtype=np.int64)  # scored from the context the editor starts with
    out, state = lm.run(primer, lm.initial_state())
    prev_logits = out[0, -1]
    probs, go = [], []
    for i in range(0, len(ids), chunk):
        piece = ids[i : i + chunk]
        out, state = lm.run(piece[None, :], state)
        # logits that predict piece[j] are the ones after piece[j-1]
        pred = np.concatenate([prev_logits[None, :], out[0, :-1]], axis=0)
        lp = log_softmax(pred.astype(np.float64))
        probs.append(np.exp(lp[np.arange(len(piece)), piece]))
        if goes_on is not None:
            go.append(np.exp(lp) @ goes_on.astype(np.float64))
        prev_logits = out[0, -1]
    if goes_on is None:
        return ids, np.concatenate(probs)
    return ids, np.concatenate(probs), np.concatenate(go)


def bits_per_char(pack: ModelPack, text: str, chunk: int = 512, lm: LanguageModel | None = None) -> dict:
    """Total next-token NLL in bits over the text, divided by its characters (comparable across tokenizers)."""
    ids, probs = token_probabilities(pack, text, chunk, lm)
    total = float(-np.log(probs).sum())
    bits = total / math.log(2)
    return {
        "bits_per_char": bits / len(text),
        "nats_per_token": total / len(ids),
        "chars": len(text),
        "tokens": int(len(ids)),
    }


def sample_continuations(pack: ModelPack, prompts: list[str] = PROMPTS, seed: int = 0) -> dict[str, list[str]]:
    from creagen_desktop.engine.continuation import Continuer

    cont = Continuer(pack, device="cpu")
    return {p: cont.suggest(p, SamplingConfig(n=3, seed=seed)).candidates for p in prompts}
