"""The VAE's figures on held-out sentences, measured through the exported pack by the app's engine."""

from __future__ import annotations

import math

import numpy as np

from creagen_desktop.engine.latent import LatentEditor
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.sampling import CREATIVITY, VARIATIONS, log_softmax
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack
from training.metrics.text_metrics import (
    corpus_bleu4,
    edit_distance,
    shared_token_share,
    token_accuracy,
)
from training.train_vae import cut_sentences

RECON_MAX_TOKENS = 20


def _teacher_forced_nll(vae: SentenceVAE, z: np.ndarray, seqs: list[list[int]], batch: int = 64) -> np.ndarray:
    """Summed NLL (nats) of each sentence + EOS given its z [N, Z]."""
    out = np.zeros(len(seqs))
    for i in range(0, len(seqs), batch):
        part, zb = seqs[i : i + batch], z[i : i + batch]
        t = max(len(s) for s in part) + 1
        dec_in = np.zeros((len(part), t), dtype=np.int64)
        target = np.full((len(part), t), -1, dtype=np.int64)
        for r, s in enumerate(part):
            dec_in[r, 0] = vae.bos_id
            dec_in[r, 1 : len(s) + 1] = s
            target[r, : len(s)] = s
            target[r, len(s)] = vae.eos_id
        (state,) = vae.init.run(None, {"z": zb})
        logits, _ = vae.decoder.run(None, {"z": zb, "tokens": dec_in, "state": state})
        lp = log_softmax(logits.astype(np.float64))
        mask = target >= 0
        picked = np.take_along_axis(lp, np.maximum(target, 0)[..., None], axis=-1)[..., 0]
        out[i : i + batch] = -(picked * mask).sum(axis=1)
    return out


def _mutual_information(mean: np.ndarray, sigma: np.ndarray, rng: np.random.Generator) -> float:
    """I(x; z) under q: E[log q(z|x)] - E[log q(z)], with q(z) the mixture of the held-out posteriors."""
    n, d = mean.shape
    z = mean + sigma * rng.standard_normal(mean.shape)
    logvar = 2 * np.log(sigma)
    neg_entropy = np.mean(-0.5 * d * math.log(2 * math.pi) - 0.5 * (1 + logvar).sum(axis=1))
    log_qz = np.empty(n)
    for i in range(n):  # log q(z_i | x_j) for every j, then the log of their mean
        dev = (z[i][None, :] - mean) ** 2 / sigma**2
        lq = -0.5 * (dev + logvar + math.log(2 * math.pi)).sum(axis=1)
        m = lq.max()
        log_qz[i] = m + math.log(np.exp(lq - m).sum()) - math.log(n)
    return float(neg_entropy - log_qz.mean())


def vae_metrics(pack: ModelPack, text: str, sentences: int = 1000, variation_inputs: int = 100, blend_pairs: int = 30,
                n: int = VARIATIONS, seed: int = 0) -> dict:
    """Every figure the manifest and the issue ask for; keys start with vae_."""
    tok = Tokenizer.from_pack(pack)
    vae = SentenceVAE(pack, tok, device="cpu")
    held = cut_sentences(text, tok, vae.max_tokens, limit=sentences, unit=vae.unit)
    if len(held) < 10:
        raise ValueError("the evaluation text has too few sentences for the VAE figures")
    texts = [s for s, _ in held]
    seqs = [ids.tolist() for _, ids in held]
    rng = np.random.default_rng(seed)
    mean, sigma = vae.encode(texts)
    z = (mean + sigma * rng.standard_normal(mean.shape)).astype(np.float32)
    rec = _teacher_forced_nll(vae, z, seqs)
    kl = 0.5 * (mean**2 + sigma**2 - 1 - 2 * np.log(sigma)).sum(axis=1)
    tokens = sum(len(s) + 1 for s in seqs)
    active = int((mean.var(axis=0) > 0.01).sum())

    short = [i for i, s in enumerate(seqs) if len(s) <= RECON_MAX_TOKENS]
    decoded = vae.decode(mean[short], RECON_MAX_TOKENS * 2)
    bleu = corpus_bleu4([d.text for d in decoded], [texts[i] for i in short])
    acc = float(np.mean([token_accuracy(seqs[i], d.tokens) for i, d in zip(short, decoded)]))
    exact = float(np.mean([d.text == texts[i] for i, d in zip(short, decoded)]))

    editor = LatentEditor(vae)
    inputs = [texts[i] for i in short[:variation_inputs]]
    all_distinct, shared, count = 0, [], []
    for k, s in enumerate(inputs):
        vs = editor.variations(s, n=n, creativity=CREATIVITY, seed=seed + k)
        count.append(len(vs))
        if len(vs) == n and len(set(vs)) == n and s not in vs:
            all_distinct += 1
        src = tok.encode(s)
        shared += [shared_token_share(src, tok.encode(v)) for v in vs]

    pairs = [(inputs[2 * k], inputs[2 * k + 1]) for k in range(min(blend_pairs, len(inputs) // 2))]
    distinct, jumps, rel_jumps = [], [], []
    for a, b in pairs:
        path = editor.blend(a, b, steps=8)  # starts at a, ends at b: the writer's own text
        distinct.append(len(set(path)))
        ids = [tok.encode(p) for p in path]
        for x, y in zip(ids, ids[1:]):
            jumps.append(edit_distance(x, y))
            rel_jumps.append(edit_distance(x, y) / max(len(x), len(y), 1))
    return {
        "vae_latent_dim": vae.latent,
        "vae_sentences": len(held),
        "vae_recon_nll_per_token": round(float(rec.sum() / tokens), 4),
        "vae_kl_nats": round(float(kl.mean()), 3),
        "vae_elbo_ppl_bound": round(float(math.exp((rec.sum() + kl.sum()) / tokens)), 2),
        "vae_active_units": active,
        "vae_mutual_info_nats": round(_mutual_information(mean.astype(np.float64), sigma.astype(np.float64), rng), 3),
        "vae_recon_sentences": len(short),
        "vae_recon_bleu4": round(bleu, 4),
        "vae_recon_token_accuracy": round(acc, 4),
        "vae_recon_exact": round(exact, 4),
        "vae_variation_inputs": len(inputs),
        "vae_variation_all_distinct": round(all_distinct / max(1, len(inputs)), 4),
        "vae_variation_mean_count": round(float(np.mean(count)), 2),
        "vae_variation_shared_tokens": round(float(np.mean(shared)) if shared else 0.0, 4),
        "vae_blend_pairs": len(pairs),
        "vae_blend_distinct_steps": round(float(np.mean(distinct)) if distinct else 0.0, 2),  # of 8
        "vae_blend_neighbour_edit_tokens": round(float(np.mean(jumps)) if jumps else 0.0, 3),
        "vae_blend_neighbour_edit_relative": round(float(np.mean(rel_jumps)) if rel_jumps else 0.0, 4),
    }
