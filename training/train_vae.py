"""Training the sentence VAE on sentences cut from the prepared corpus.

Sentences are cut with the engine's splitter (the same one that cuts a writer's passage), encoded
with the pack's tokenizer and batched by length so that little of each batch is padding.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from creagen_desktop.engine.sentences import sentences
from creagen_desktop.engine.tokenizer import Tokenizer
from training.loop import (
    Budget,
    MetricsLog,
    load_checkpoint,
    lr_at,
    make_optimizer,
    save_checkpoint,
    seed_everything,
)
from training.losses import free_bits_kl, gaussian_kl, kl_weight, sequence_nll
from training.models.text_vae import TextVAE, VAEConfig


@dataclass
class VAETrainConfig:
    embed: int = 96
    enc_hidden: int = 192
    dec_hidden: int = 384
    latent: int = 32
    dropout: float = 0.1
    word_dropout: float = 0.3
    free_bits: float = 0.5  # KL floor per latent dimension, nats
    kl_schedule: str = "cyclical"
    kl_cycles: int = 3
    kl_ramp: float = 0.5
    optimizer: str = "adam"
    lr: float = 2e-3
    warmup: float = 0.02
    clip: float = 5.0
    batch: int = 64
    max_tokens: int = 48
    max_minutes: float | None = 60.0
    max_steps: int | None = None
    eval_every_s: float = 120.0
    eval_sentences: int = 2000
    checkpoint_every_s: float = 300.0
    seed: int = 1337
    threads: int | None = None


def cut_sentences(text: str, tok: Tokenizer, max_tokens: int = 48, min_tokens: int = 3, limit: int | None = None) -> list[tuple[str, np.ndarray]]:
    """Distinct sentences of `text` with their tokens, keeping those of min_tokens..max_tokens tokens."""
    seen: set[str] = set()
    out: list[tuple[str, np.ndarray]] = []
    for para in text.split("\n\n"):
        for s in sentences(para):
            if s in seen:
                continue
            seen.add(s)
            ids = tok.encode(s)
            if min_tokens <= len(ids) <= max_tokens:
                out.append((s, np.asarray(ids, dtype=np.int64)))
                if limit and len(out) >= limit:
                    return out
    return out


def sentence_tokens(text: str, tok: Tokenizer, max_tokens: int = 48, min_tokens: int = 3, limit: int | None = None) -> list[np.ndarray]:
    return [ids for _, ids in cut_sentences(text, tok, max_tokens, min_tokens, limit)]


def make_batch(seqs: list[np.ndarray], cfg: VAEConfig) -> dict[str, torch.Tensor]:
    """Encoder input, lengths, decoder input (BOS + s) and targets (s + EOS), padded."""
    n, t = len(seqs), max(len(s) for s in seqs)
    x = np.full((n, t), cfg.pad_id, dtype=np.int64)
    dec_in = np.full((n, t + 1), cfg.pad_id, dtype=np.int64)
    target = np.full((n, t + 1), cfg.pad_id, dtype=np.int64)
    for i, s in enumerate(seqs):
        x[i, : len(s)] = s
        dec_in[i, 0] = cfg.bos_id
        dec_in[i, 1 : len(s) + 1] = s
        target[i, : len(s)] = s
        target[i, len(s)] = cfg.eos_id
    return {
        "x": torch.from_numpy(x),
        "lengths": torch.tensor([len(s) for s in seqs]),
        "dec_in": torch.from_numpy(dec_in),
        "target": torch.from_numpy(target),
    }


def length_batches(seqs: list[np.ndarray], batch: int, rng: np.random.Generator) -> list[list[int]]:
    """Indices grouped into batches of similar length, in random order."""
    order = np.argsort([len(s) + rng.random() for s in seqs], kind="stable")
    batches = [order[i : i + batch].tolist() for i in range(0, len(order), batch)]
    rng.shuffle(batches)
    return batches


@torch.no_grad()
def evaluate_vae(model: TextVAE, seqs: list[np.ndarray], batch: int = 128, free_bits: float = 0.0) -> dict:
    """Held-out figures from torch: reconstruction NLL (z sampled), KL, ELBO, active units, and the
    training objective (reconstruction + free-bits KL), which picks the best checkpoint."""
    model.eval()
    g = torch.Generator().manual_seed(0)
    rec = 0.0
    tokens = 0
    means, kls = [], []
    for i in range(0, len(seqs), batch):
        b = make_batch(seqs[i : i + batch], model.cfg)
        mean, logvar = model.encode(b["x"], b["lengths"])
        z = mean + torch.randn(mean.shape, generator=g) * torch.exp(0.5 * logvar)
        logits, _ = model.decode(z, b["dec_in"], model.initial_state(z))
        rec += sequence_nll(logits, b["target"], model.cfg.pad_id).sum().item()
        kls.append(gaussian_kl(mean, logvar))
        tokens += int(b["lengths"].sum()) + len(b["lengths"])
        means.append(mean)
    model.train()
    n = len(seqs)
    au = int((torch.cat(means).var(dim=0) > 0.01).sum())
    kl_all = torch.cat(kls)
    kl = kl_all.sum().item()
    return {
        "objective": rec / n + free_bits_kl(kl_all, free_bits).item(),
        "rec_per_sentence": rec / n,
        "kl_per_sentence": kl / n,
        "elbo_per_sentence": (rec + kl) / n,
        "nll_per_token": rec / tokens,
        "ppl_bound": math.exp((rec + kl) / tokens),
        "active_units": au,
    }


def train_vae(
    train_seqs: list[np.ndarray],
    val_seqs: list[np.ndarray],
    model_cfg: VAEConfig,
    out_dir: Path,
    cfg: VAETrainConfig,
    resume: bool = False,
    quiet: bool = False,
) -> dict:
    """Train, writing checkpoint.pt, best.pt, metrics.csv and loss.png into out_dir. Returns a summary."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not train_seqs or not val_seqs:
        raise ValueError("no training or validation sentences: the corpus is too small or its sentences too long")
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    seed_everything(cfg.seed)
    ckpt_path, best_path = out_dir / "checkpoint.pt", out_dir / "best.pt"
    ck = load_checkpoint(ckpt_path) if resume and ckpt_path.exists() else None
    if ck is not None:
        model_cfg = VAEConfig(**ck["model_config"])
    model = TextVAE(model_cfg)
    opt = make_optimizer(model.parameters(), cfg.optimizer, cfg.lr)
    step, seen, elapsed_before, best = 0, 0, 0.0, math.inf
    criterion = f"rec + free-bits KL ({cfg.free_bits} nats/dim)"
    log = MetricsLog(out_dir / "metrics.csv", ["step", "elapsed_s", "sentences", "lr", "beta", "train_rec", "train_kl",
                                               "val_rec", "val_kl", "val_elbo", "val_nll_per_token", "active_units"])
    if ck is not None:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        step, seen, elapsed_before = ck["step"], ck["sentences"], ck["elapsed"]
        # a best figure measured by another criterion (other free bits) cannot be compared
        best = ck["best"] if ck.get("criterion") == criterion else math.inf
        torch.set_rng_state(ck["torch_rng"])
        if not quiet:
            print(f"resumed at step {step} after {elapsed_before / 60:.1f} min")
    elif not resume and log.path.exists():
        log.path.unlink()
        log.rows = []

    budget = Budget(cfg.max_minutes, cfg.max_steps, elapsed_before)
    rng = np.random.default_rng(cfg.seed + step)
    val_seqs = val_seqs[: cfg.eval_sentences]
    queue: list[list[int]] = []
    last_eval = last_ckpt = budget.elapsed
    smooth_rec = smooth_kl = None
    beta = 0.0

    def checkpoint():
        save_checkpoint(ckpt_path, model=model.state_dict(), optimizer=opt.state_dict(), step=step, sentences=seen,
                        elapsed=budget.elapsed, best=best, criterion=criterion, torch_rng=torch.get_rng_state(),
                        model_config=model_cfg.to_dict(), train_config=cfg.__dict__)

    def evaluate_and_log(final: bool = False):
        nonlocal best
        m = evaluate_vae(model, val_seqs, free_bits=cfg.free_bits)
        log.add(step=step, elapsed_s=round(budget.elapsed, 1), sentences=seen, lr=lr, beta=beta, train_rec=smooth_rec,
                train_kl=smooth_kl, val_rec=m["rec_per_sentence"], val_kl=m["kl_per_sentence"],
                val_elbo=m["elbo_per_sentence"], val_nll_per_token=m["nll_per_token"], active_units=m["active_units"])
        if not quiet:
            tqdm.write(f"step {step}: beta {beta:.2f}  val rec {m['rec_per_sentence']:.2f}  KL {m['kl_per_sentence']:.2f} "
                       f"nats/sentence  {m['nll_per_token']:.3f} nats/token  AU {m['active_units']}/{model_cfg.latent}")
        # only a model trained with the full KL term is a candidate (early in a cycle beta is small)
        if (beta >= 1.0 or final) and m["objective"] < best:
            best = m["objective"]
            torch.save({"model": model.state_dict(), "model_config": model_cfg.to_dict()}, best_path)
        return m

    bar = budget.bar(step, quiet)
    model.train()
    lr = cfg.lr
    t_window, n_window = time.monotonic(), 0
    while not budget.done(step):
        if not queue:
            queue = length_batches(train_seqs, cfg.batch, rng)
        b = make_batch([train_seqs[i] for i in queue.pop()], model_cfg)
        progress = budget.progress(step)
        lr = lr_at(progress, cfg.lr, cfg.warmup)
        beta = kl_weight(progress, cfg.kl_schedule, cfg.kl_cycles, cfg.kl_ramp)
        for group in opt.param_groups:
            group["lr"] = lr
        logits, mean, logvar = model(b["x"], b["lengths"], b["dec_in"], cfg.word_dropout)
        rec = sequence_nll(logits, b["target"], model_cfg.pad_id).mean()
        kl = gaussian_kl(mean, logvar)
        loss = rec + beta * free_bits_kl(kl, cfg.free_bits)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
        opt.step()
        step += 1
        seen += len(b["lengths"])
        n_window += len(b["lengths"])
        kl_s = kl.sum(dim=1).mean().item()
        smooth_rec = rec.item() if smooth_rec is None else 0.98 * smooth_rec + 0.02 * rec.item()
        smooth_kl = kl_s if smooth_kl is None else 0.98 * smooth_kl + 0.02 * kl_s
        now = time.monotonic()
        if now - t_window > 2:
            bar.note(f"rec {smooth_rec:.2f} | KL {smooth_kl:.2f} | beta {beta:.2f} | "
                                f"{n_window / (now - t_window):,.0f} sent/s")
            t_window, n_window = now, 0
        bar.tick()
        if budget.elapsed - last_eval >= cfg.eval_every_s:
            evaluate_and_log()
            last_eval = budget.elapsed
        if budget.elapsed - last_ckpt >= cfg.checkpoint_every_s:
            checkpoint()
            last_ckpt = budget.elapsed
    bar.close()
    final = evaluate_and_log(final=True)
    checkpoint()
    log.plot(out_dir / "loss.png", "elapsed_s", ["train_rec", "val_rec", "val_kl", "val_elbo"], "sentence VAE", "nats per sentence")
    summary = {
        "steps": step,
        "sentences_seen": seen,
        "train_sentences": len(train_seqs),
        "minutes": round(budget.elapsed / 60, 2),
        "params": model.num_params(),
        "best_val_objective": best,
        "criterion": criterion,
        "final": final,
        "model_config": model_cfg.to_dict(),
        "train_config": dict(cfg.__dict__),
    }
    (out_dir / "train_summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def load_best_vae(out_dir: Path) -> TextVAE:
    ck = torch.load(Path(out_dir) / "best.pt", map_location="cpu", weights_only=False)
    model = TextVAE(VAEConfig(**ck["model_config"]))
    model.load_state_dict(ck["model"])
    model.eval()
    return model
