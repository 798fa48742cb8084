"""Training the latent GAN ("sparks") on the sentence VAE's codes of the training sentences.

Every training sentence is encoded once by the trained VAE (posterior means, eval mode); the
generator then learns to produce codes the critic cannot tell from these, with the Wasserstein loss
and gradient penalty. Progress is judged by the Fréchet distance between generated codes and the
codes of held-out sentences; the best generator by that figure is kept.

Under torchrun every rank draws the global batch's codes and noise (batch x world size) from the
same generator and trains on its rows; DDP averages the critic's and the generator's gradients.
The GAN trains in fp32 (`--precision` is not among its options): its MLPs are too small for
autocast to pay, and the gradient penalty differentiates twice.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from training.loop import Evaluation, Trainer, load_best, make_optimizer, run
from training.losses import critic_loss, generator_loss, gradient_penalty
from training.metrics.frechet import frechet_distance
from training.models.latent_gan import Critic, GANConfig, Generator
from training.models.text_vae import TextVAE
from training.options import GANTrainConfig
from training.train_vae import make_batch


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
    device = next(gen.parameters()).device
    z = gen(torch.randn(n, gen.cfg.noise_dim, generator=g).to(device)).cpu().numpy()
    gen.train(was_training)
    return z


class GANTrainer(Trainer):
    title = "latent WGAN-GP"
    fields = ["lr", "critic_loss", "gen_loss", "wasserstein", "gradient_penalty", "val_fd"]
    plot_ys = ["wasserstein", "val_fd"]
    ylabel = "Wasserstein estimate / held-out Fréchet distance"
    criterion = "held-out Fréchet distance"
    autocast = False

    def __init__(self, train_codes: np.ndarray, val_codes: np.ndarray, cfg: GANTrainConfig):
        super().__init__(cfg)
        real = torch.from_numpy(np.asarray(train_codes, dtype=np.float32))
        mean, std = real.mean(dim=0), real.std(dim=0).clamp_min(1e-4)
        self.real_std = (real - mean) / std  # the critic and the generator's body work in standardised units
        self.model_config = GANConfig(latent=real.shape[1], noise_dim=cfg.noise_dim, hidden=cfg.hidden, layers=cfg.layers)
        self.gen, self.critic = Generator(self.model_config), Critic(self.model_config)
        self.gen.set_code_stats(mean, std)
        self.opt_g = make_optimizer(self.gen.parameters(), "adam", cfg.lr, betas=cfg.betas)
        self.opt_c = make_optimizer(self.critic.parameters(), "adam", cfg.lr, betas=cfg.betas)
        self.optimizers = [self.opt_g, self.opt_c]
        self.val = np.asarray(val_codes, dtype=np.float64)
        self.prior_fd = frechet_distance(np.random.default_rng(0).standard_normal((len(self.val), self.val.shape[1])), self.val)
        self.smooth = {"critic_loss": None, "gen_loss": None, "wasserstein": None, "gradient_penalty": None}

    def place(self, device, wrap) -> None:
        self.gen.to(device)
        self.critic.to(device)
        self.real_std = self.real_std.to(device)
        self.gen_net, self.critic_net = wrap(self.gen), wrap(self.critic)

    def start(self, step: int) -> None:
        self.g = torch.Generator().manual_seed(self.cfg.seed + step)
        self.gen.train()
        self.critic.train()

    def _mine(self, drawn: torch.Tensor) -> torch.Tensor:
        """This rank's rows of a draw made for the whole global batch (every rank makes the same draw)."""
        return drawn[self.world.lanes(self.cfg.batch)].to(self.device)

    def _ema(self, key: str, value: float) -> None:
        s = self.smooth
        s[key] = value if s[key] is None else 0.98 * s[key] + 0.02 * value

    def train_step(self, progress: float) -> int:
        c, g, n = self.cfg, self.g, self.cfg.batch * self.world.size
        for _ in range(c.critic_steps):
            x = self.real_std[self._mine(torch.randint(0, len(self.real_std), (n,), generator=g))]
            with torch.no_grad():
                fake = self.gen(self._mine(torch.randn(n, c.noise_dim, generator=g)), standardised=True)
            w_loss = critic_loss(self.critic_net(x), self.critic_net(fake))
            gp = gradient_penalty(self.critic_net, x, fake, alpha=self._mine(torch.rand(n, 1, generator=g)))
            self.precision.update(w_loss + c.gp_weight * gp, self.opt_c, self.critic.parameters())
        # the critic itself (not its DDP wrapper): only the generator's gradient is wanted, and averaged
        noise = self._mine(torch.randn(n, c.noise_dim, generator=g))
        g_loss = generator_loss(self.critic(self.gen_net(noise, standardised=True)))
        self.precision.update(g_loss, self.opt_g, self.gen.parameters())
        w, gp_v, g_v = self.world.mean(w_loss.item(), gp.item(), g_loss.item())
        self._ema("critic_loss", w + c.gp_weight * gp_v)
        self._ema("gen_loss", g_v)
        self._ema("wasserstein", -w)
        self._ema("gradient_penalty", gp_v)
        return 0

    def note(self, rate: float) -> str:
        return f"W {self.smooth['wasserstein']:.3f} | GP {self.smooth['gradient_penalty']:.3f} | lr {self.lr:.1e}"

    def evaluate(self, final: bool) -> Evaluation:
        fd = frechet_distance(sample_codes(self.gen, min(self.cfg.eval_samples, max(len(self.val), 2))), self.val)
        message = (f"Wasserstein estimate {self.smooth['wasserstein'] or 0:.3f}  held-out Fréchet distance "
                   f"{fd:.3f} (N(0, I): {self.prior_fd:.3f})")
        return Evaluation(fd, {"lr": self.lr, "val_fd": fd, **self.smooth}, message)

    def best_state(self) -> dict:
        return {"generator": self.gen.state_dict(), "model_config": self.model_config.to_dict()}

    def state(self) -> dict:
        return {"generator": self.gen.state_dict(), "critic": self.critic.state_dict(),
                "opt_g": self.opt_g.state_dict(), "opt_c": self.opt_c.state_dict()}

    def load_state(self, state: dict) -> None:
        self.gen.load_state_dict(state["generator"])
        self.critic.load_state_dict(state["critic"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_c.load_state_dict(state["opt_c"])

    def num_params(self) -> int:
        return self.gen.num_params()

    def summary(self, best: float, final: Evaluation) -> dict:
        return {"train_codes": len(self.real_std), "val_codes": len(self.val),
                "critic_params": sum(p.numel() for p in self.critic.parameters()), "best_val_fd": best,
                "final_val_fd": final.score, "prior_val_fd": self.prior_fd}


def train_gan(
    train_codes: np.ndarray,
    val_codes: np.ndarray,
    out_dir: Path,
    cfg: GANTrainConfig,
    resume: bool = False,
    quiet: bool = False,
) -> dict:
    """Train (training.loop.run: checkpoint.pt, best.pt, metrics.csv, loss.png, train_summary.json). Returns the summary."""
    if len(train_codes) < cfg.batch or len(val_codes) < 2:
        raise ValueError(f"only {len(train_codes)} training and {len(val_codes)} held-out codes: too few for the GAN "
                         f"(it needs at least one batch of {cfg.batch})")

    def build(saved: dict | None) -> GANTrainer:
        trainer = GANTrainer(train_codes, val_codes, cfg)
        if saved is not None and GANConfig(**saved) != trainer.model_config:
            raise ValueError("the checkpoint was trained with other GAN sizes or another VAE; train afresh without --resume")
        return trainer

    return run(build, out_dir, cfg, resume, quiet)


def load_best_gan(out_dir: Path) -> Generator:
    return load_best(out_dir, Generator, GANConfig, key="generator")
