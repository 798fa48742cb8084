"""Training the matching-line regressor on couplets of the prepared corpus, in the VAE's latent space.

Every couplet (出句，对句) of the training poems whose two lines the VAE takes is encoded by the
trained VAE (posterior means, eval mode); the regressor learns the second code from the first with
mean-squared error. Held-out couplets measure it against two baselines: the first line's own code,
and a draw from the prior N(0, I): its mean-squared error, and the Fréchet distance of its codes to
the real second lines' codes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from creagen_desktop.engine.verse import couplets
from training.loop import Evaluation, Trainer, load_best, make_optimizer, run
from training.metrics.frechet import frechet_distance
from training.models.couplet import CoupletConfig, CoupletRegressor
from training.options import CoupletTrainConfig
from training.train_gan import encode_codes


def couplet_tokens(text: str, tok, max_tokens: int, min_tokens: int = 3, limit: int | None = None):
    """(first lines, second lines) as token arrays: the distinct couplets of `text` the VAE takes."""
    seen, first, second = set(), [], []
    for para in text.split("\n\n"):
        for a, b in couplets(para):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ids = [np.asarray(tok.encode(s), dtype=np.int64) for s in (a, b)]
            if all(min_tokens <= len(x) <= max_tokens for x in ids):
                first.append(ids[0])
                second.append(ids[1])
            if limit and len(first) >= limit:
                return first, second
    return first, second


def encode_pairs(vae, first, second) -> tuple[np.ndarray, np.ndarray]:
    return encode_codes(vae, first), encode_codes(vae, second)


def baselines(z1: np.ndarray, z2: np.ndarray, seed: int = 0) -> dict:
    """The figures of the two baselines on held-out pairs: the first line's code, and a prior draw."""
    prior = np.random.default_rng(seed).standard_normal(z2.shape)
    return {"identity_mse": float(((z1 - z2) ** 2).mean()), "prior_mse": float(((prior - z2) ** 2).mean()),
            "identity_fd": frechet_distance(z1, z2), "prior_fd": frechet_distance(prior, z2)}


class CoupletTrainer(Trainer):
    title = "matching-line regressor"
    fields = ["lr", "train_mse", "val_mse", "val_fd", "val_mse_drawn", "val_fd_drawn"]
    plot_ys = ["train_mse", "val_mse"]
    ylabel = "mean squared error per latent dimension"
    criterion = "held-out mean squared error"
    autocast = False  # a small MLP: fp32 always, as the GAN

    def __init__(self, train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray], cfg: CoupletTrainConfig):
        super().__init__(cfg)
        self.x, self.y = (torch.from_numpy(np.asarray(a, dtype=np.float32)) for a in train)
        self.val = tuple(np.asarray(a, dtype=np.float32) for a in val)
        self.model_config = CoupletConfig(latent=self.x.shape[1], hidden=cfg.hidden, layers=cfg.layers)
        self.model = CoupletRegressor(self.model_config)
        self.opt = make_optimizer(self.model.parameters(), "adamw", cfg.lr, weight_decay=cfg.weight_decay)
        self.optimizers = [self.opt]
        self.baselines = baselines(*self.val)
        self.smooth = None

    def place(self, device, wrap) -> None:
        self.model.to(device)
        self.x, self.y = self.x.to(device), self.y.to(device)
        self.net = wrap(self.model)

    def start(self, step: int) -> None:
        self.g = torch.Generator().manual_seed(self.cfg.seed + step)
        self.model.train()

    def train_step(self, progress: float) -> int:
        # the global batch's draw on every rank, each training on its own rows (DDP averages the gradients)
        n = self.cfg.batch * self.world.size
        idx = torch.randint(0, len(self.x), (n,), generator=self.g)[self.world.lanes(self.cfg.batch)].to(self.device)
        loss = torch.nn.functional.mse_loss(self.net(self.x[idx]), self.y[idx])
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        (mse,) = self.world.mean(loss.item())
        self.smooth = mse if self.smooth is None else 0.98 * self.smooth + 0.02 * mse
        return n

    def note(self, rate: float) -> str:
        return f"mse {self.smooth:.4f} | {rate:,.0f} pairs/s"

    @torch.no_grad()
    def predict(self, z: np.ndarray, noise: np.ndarray | None = None) -> np.ndarray:
        self.model.eval()
        x = torch.from_numpy(z).to(self.device)
        out = self.model(x, None if noise is None else torch.from_numpy(noise).to(self.device)).cpu().numpy()
        self.model.train()
        return out

    def evaluate(self, final: bool) -> Evaluation:
        """The mean's held-out MSE (what best means) and Fréchet distance, and both of codes drawn around
        it with the spread of the training residuals (refitted here, so best.pt holds the spread that fits)."""
        self.model.fit_spread(self.x, self.y)
        z1, z2 = self.val
        pred = self.predict(z1)
        drawn = self.predict(z1, np.random.default_rng(0).standard_normal(z1.shape).astype(np.float32))
        mse, fd = float(((pred - z2) ** 2).mean()), frechet_distance(pred, z2)
        mse_d, fd_d = float(((drawn - z2) ** 2).mean()), frechet_distance(drawn, z2)
        b = self.baselines
        message = (f"held-out mse {mse:.4f}, drawn {mse_d:.4f} (first line's code {b['identity_mse']:.4f}, prior "
                   f"{b['prior_mse']:.4f}); Fréchet {fd:.3f}, drawn {fd_d:.3f} ({b['identity_fd']:.3f}, {b['prior_fd']:.3f})")
        figures = {"val_mse": mse, "val_fd": fd, "val_mse_drawn": mse_d, "val_fd_drawn": fd_d}
        return Evaluation(mse, {"lr": self.lr, "train_mse": self.smooth, **figures}, message, figures=figures)

    def best_state(self) -> dict:
        return {"model": self.model.state_dict(), "model_config": self.model_config.to_dict()}

    def state(self) -> dict:
        return {"model": self.model.state_dict(), "optimizer": self.opt.state_dict()}

    def load_state(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.opt.load_state_dict(state["optimizer"])

    def num_params(self) -> int:
        return self.model.num_params()

    def summary(self, best: float, final: Evaluation) -> dict:
        return {"train_pairs": len(self.x), "val_pairs": len(self.val[0]), "best_val_mse": best,
                "final": final.figures, "baselines": self.baselines}


def train_couplet(train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray], out_dir: Path,
                  cfg: CoupletTrainConfig, resume: bool = False, quiet: bool = False) -> dict:
    """Train (training.loop.run: checkpoint.pt, best.pt, metrics.csv, loss.png, train_summary.json). Returns the summary."""
    if len(train[0]) < cfg.batch or len(val[0]) < 2:
        raise ValueError(f"only {len(train[0])} training and {len(val[0])} held-out couplets: too few for the "
                         f"matching-line regressor (it needs at least one batch of {cfg.batch})")

    def build(saved: dict | None) -> CoupletTrainer:
        trainer = CoupletTrainer(train, val, cfg)
        if saved is not None and CoupletConfig(**saved) != trainer.model_config:
            raise ValueError("the checkpoint was trained with other sizes or another VAE; train afresh without --resume")
        return trainer

    return run(build, out_dir, cfg, resume, quiet)


def load_best_couplet(out_dir: Path) -> CoupletRegressor:
    return load_best(out_dir, CoupletRegressor, CoupletConfig)
