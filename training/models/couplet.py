"""The matching-line regressor (对句): the VAE code of a couplet's first line to the code of its second.

Shapes: CoupletRegressor(z [B, Z], noise [B, Z]) -> next_z [B, Z]. It predicts the change from the
first line's code (z + f(z)), so a net that learns nothing is the baseline "the second line is like
the first"; trained with mean-squared error, that is the mean code of the lines that answer z. The
mean of many answers is no answer itself (its codes spread far less than real second lines'), so
the model is a Gaussian around it: `spread` is the Cholesky factor of the covariance of the training
residuals, and next_z = z + f(z) + spread @ noise draws a second line's code (noise 0: the mean).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

from training.models.latent_gan import mlp


@dataclass
class CoupletConfig:
    latent: int
    hidden: int = 256
    layers: int = 3  # linear layers

    def to_dict(self) -> dict:
        return asdict(self)


class CoupletRegressor(nn.Module):
    def __init__(self, cfg: CoupletConfig):
        super().__init__()
        self.cfg = cfg
        self.net = mlp(cfg.latent, cfg.hidden, cfg.latent, cfg.layers)
        nn.init.zeros_(self.net[-1].weight)  # starts as the identity: the first line's own code
        nn.init.zeros_(self.net[-1].bias)
        self.register_buffer("spread", torch.zeros(cfg.latent, cfg.latent))  # set from residuals (fit_spread)

    def mean(self, z):
        return z + self.net(z)

    def forward(self, z, noise=None):
        out = self.mean(z)
        return out if noise is None else out + noise @ self.spread.T

    @torch.no_grad()
    def fit_spread(self, z1, z2, batch: int = 8192) -> None:
        """The spread of the residuals z2 - mean(z1) (tensors [N, Z]): their covariance's Cholesky factor."""
        res = torch.cat([z2[i : i + batch] - self.mean(z1[i : i + batch]) for i in range(0, len(z1), batch)])
        cov = torch.cov(res.T.double()) + 1e-6 * torch.eye(res.shape[1], dtype=torch.float64)
        self.spread.copy_(torch.linalg.cholesky(cov).to(self.spread.dtype))

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())
