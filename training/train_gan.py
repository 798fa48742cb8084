"""Training the latent GAN ("sparks") on the sentence VAE's codes of the training sentences.

Every training sentence is encoded once by the trained VAE (posterior means, eval mode); the
generator then learns to produce codes the critic cannot tell from these, with the Wasserstein loss
and gradient penalty. Progress is judged by the Fréchet distance between generated codes and the
codes of held-out sentences; the best generator by that figure is kept.
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

from training.metrics.frechet import frechet_distance
from training.loop import (
    Budget,
    MetricsLog,
    load_checkpoint,
    lr_at,
    make_optimizer,
    save_checkpoint,
    seed_everything,
)
from training.losses import critic_loss, generator_loss, gradient_penalty
from training.models.latent_gan import Critic, GANConfig, Generator
from training.models.text_vae import TextVAE
from training.train_vae import make_batch


@dataclass
class GANTrainConfig:
    noise_dim: int = 64
    hidden: int = 256
    layers: int = 3
    lr: float = 1e-4
    betas: tuple[float, float] = (0.5, 0.9)
    critic_steps: int = 5  # critic updates per generator update
    gp_weight: float = 10.0
    batch: int = 256
    warmup: float = 0.02
    max_minutes: float | None = 10.0
    max_steps: int | None = None  # generator steps
    eval_every_s: float = 60.0
    eval_samples: int = 2000
    checkpoint_every_s: float = 300.0
    seed: int = 1337
    threads: int | None = None


@torch.no_grad()
def encode_codes(vae: TextVAE, seqs: list[np.ndarray], batch: int = 256) -> np.ndarray:
    """Posterior means [N, Z] of the sentences, in their order (batched by length, eval mode)."""
    vae.eval()
    order = np.argsort([len(s) for s in seqs], kind="stable")
    out = np.zeros((len(seqs), vae.cfg.latent), dtype=np.float32)
    for i in range(0, len(order), batch):
        idx = order[i : i + batch]
        b = make_batch([seqs[j] for j in idx], vae.cfg)
        mean, _ = vae.encode(b["x"], b["lengths"])
        out[idx] = mean.numpy()
    return out


@torch.no_grad()
def sample_codes(gen: Generator, n: int, seed: int = 0) -> np.ndarray:
    g = torch.Generator().manual_seed(seed)
    was_training = gen.training
    gen.eval()
    z = gen(torch.randn(n, gen.cfg.noise_dim, generator=g)).numpy()
    gen.train(was_training)
    return z


def train_gan(
    train_codes: np.ndarray,
    val_codes: np.ndarray,
    out_dir: Path,
    cfg: GANTrainConfig,
    resume: bool = False,
    quiet: bool = False,
) -> dict:
    """Train, writing checkpoint.pt, best.pt, metrics.csv and loss.png into out_dir. Returns a summary."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if len(train_codes) < cfg.batch or len(val_codes) < 2:
        raise ValueError(f"only {len(train_codes)} training and {len(val_codes)} held-out codes: too few for the GAN "
                         f"(it needs at least one batch of {cfg.batch})")
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    seed_everything(cfg.seed)
    real = torch.from_numpy(np.asarray(train_codes, dtype=np.float32))
    mean, std = real.mean(dim=0), real.std(dim=0).clamp_min(1e-4)
    real_std = (real - mean) / std  # the critic and the generator's body work in standardised units
    model_cfg = GANConfig(latent=real.shape[1], noise_dim=cfg.noise_dim, hidden=cfg.hidden, layers=cfg.layers)
    gen, critic = Generator(model_cfg), Critic(model_cfg)
    gen.set_code_stats(mean, std)
    opt_g = make_optimizer(gen.parameters(), "adam", cfg.lr, betas=cfg.betas)
    opt_c = make_optimizer(critic.parameters(), "adam", cfg.lr, betas=cfg.betas)
    ckpt_path, best_path = out_dir / "checkpoint.pt", out_dir / "best.pt"
    step, elapsed_before, best = 0, 0.0, math.inf
    log = MetricsLog(out_dir / "metrics.csv", ["step", "elapsed_s", "lr", "critic_loss", "gen_loss", "wasserstein",
                                               "gradient_penalty", "val_fd"])
    if resume and ckpt_path.exists():
        ck = load_checkpoint(ckpt_path)
        if GANConfig(**ck["model_config"]) != model_cfg:
            raise ValueError("the checkpoint was trained with other GAN sizes or another VAE; train afresh without --resume")
        gen.load_state_dict(ck["generator"])
        critic.load_state_dict(ck["critic"])
        opt_g.load_state_dict(ck["opt_g"])
        opt_c.load_state_dict(ck["opt_c"])
        step, elapsed_before, best = ck["step"], ck["elapsed"], ck["best"]
        torch.set_rng_state(ck["torch_rng"])
        if not quiet:
            print(f"resumed at step {step} after {elapsed_before / 60:.1f} min")
    elif not resume and log.path.exists():
        log.path.unlink()
        log.rows = []

    val = np.asarray(val_codes, dtype=np.float64)
    prior_fd = frechet_distance(np.random.default_rng(0).standard_normal((len(val), val.shape[1])), val)
    budget = Budget(cfg.max_minutes, cfg.max_steps, elapsed_before)
    last_eval = last_ckpt = budget.elapsed
    smooth = {"critic_loss": None, "gen_loss": None, "wasserstein": None, "gradient_penalty": None}
    lr = cfg.lr

    def checkpoint():
        save_checkpoint(ckpt_path, generator=gen.state_dict(), critic=critic.state_dict(), opt_g=opt_g.state_dict(),
                        opt_c=opt_c.state_dict(), step=step, elapsed=budget.elapsed, best=best,
                        torch_rng=torch.get_rng_state(), model_config=model_cfg.to_dict(), train_config=cfg.__dict__)

    def evaluate_and_log():
        nonlocal best
        fd = frechet_distance(sample_codes(gen, min(cfg.eval_samples, max(len(val), 2))), val)
        log.add(step=step, elapsed_s=round(budget.elapsed, 1), lr=lr, val_fd=fd, **smooth)
        if not quiet:
            tqdm.write(f"step {step}: Wasserstein estimate {smooth['wasserstein'] or 0:.3f}  held-out Fréchet distance "
                       f"{fd:.3f} (N(0, I): {prior_fd:.3f})")
        if fd < best:
            best = fd
            torch.save({"generator": gen.state_dict(), "model_config": model_cfg.to_dict()}, best_path)
        return fd

    def ema(key, value):
        smooth[key] = value if smooth[key] is None else 0.98 * smooth[key] + 0.02 * value

    bar = budget.bar(step, quiet)
    g = torch.Generator().manual_seed(cfg.seed + step)
    t_window = time.monotonic()
    gen.train()
    critic.train()
    while not budget.done(step):
        lr = lr_at(budget.progress(step), cfg.lr, cfg.warmup)
        for opt in (opt_g, opt_c):
            for group in opt.param_groups:
                group["lr"] = lr
        for _ in range(cfg.critic_steps):
            idx = torch.randint(0, len(real_std), (cfg.batch,), generator=g)
            x = real_std[idx]
            with torch.no_grad():
                fake = gen.standardised(torch.randn(cfg.batch, cfg.noise_dim, generator=g))
            r_s, f_s = critic(x), critic(fake)
            w_loss = critic_loss(r_s, f_s)
            gp = gradient_penalty(critic, x, fake, g)
            opt_c.zero_grad(set_to_none=True)
            (w_loss + cfg.gp_weight * gp).backward()
            opt_c.step()
        fake = gen.standardised(torch.randn(cfg.batch, cfg.noise_dim, generator=g))
        g_loss = generator_loss(critic(fake))
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        step += 1
        ema("critic_loss", w_loss.item() + cfg.gp_weight * gp.item())
        ema("gen_loss", g_loss.item())
        ema("wasserstein", -w_loss.item())
        ema("gradient_penalty", gp.item())
        now = time.monotonic()
        if now - t_window > 2:
            bar.note(f"W {smooth['wasserstein']:.3f} | GP {smooth['gradient_penalty']:.3f} | lr {lr:.1e}")
            t_window = now
        bar.tick()
        if budget.elapsed - last_eval >= cfg.eval_every_s:
            evaluate_and_log()
            last_eval = budget.elapsed
        if budget.elapsed - last_ckpt >= cfg.checkpoint_every_s:
            checkpoint()
            last_ckpt = budget.elapsed
    bar.close()
    final_fd = evaluate_and_log()
    checkpoint()
    log.plot(out_dir / "loss.png", "elapsed_s", ["wasserstein", "val_fd"], "latent WGAN-GP",
             "Wasserstein estimate / held-out Fréchet distance")
    summary = {
        "steps": step,
        "minutes": round(budget.elapsed / 60, 2),
        "train_codes": len(train_codes),
        "val_codes": len(val),
        "params": gen.num_params(),
        "critic_params": sum(p.numel() for p in critic.parameters()),
        "best_val_fd": best,
        "final_val_fd": final_fd,
        "prior_val_fd": prior_fd,
        "model_config": model_cfg.to_dict(),
        "train_config": {**cfg.__dict__, "betas": list(cfg.betas)},
    }
    (out_dir / "train_summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def load_best_gan(out_dir: Path) -> Generator:
    ck = torch.load(Path(out_dir) / "best.pt", map_location="cpu", weights_only=False)
    gen = Generator(GANConfig(**ck["model_config"]))
    gen.load_state_dict(ck["generator"])
    gen.eval()
    return gen
