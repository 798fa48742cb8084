"""The matching-line regressor (对句): the VAE code of a couplet's first line to the code of its second.

Shapes: CoupletRegressor(z [B, Z]) -> next_z [B, Z]. It predicts the change from the first line's
code (next_z = z + f(z)), so a net that learns nothing is the baseline "the second line is like the
first"; trained with mean-squared error, it predicts the mean code of the lines that answer z.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

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

    def forward(self, z):
        return z + self.net(z)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())
