"""A Wasserstein GAN in the sentence VAE's latent space: noise -> latent code, code -> score.

Shapes:
  Generator(noise [B, N]) -> z [B, Z]      (a code the VAE decoder turns into a sentence)
  Critic(z [B, Z]) -> score [B]            (unbounded: higher means "more like a real sentence's code")
The generator learns in standardised units and adds the codes' mean and spread back at its output
(fixed buffers), so the exported graph emits codes the VAE's decoder takes as they are. The critic
has no batch normalisation: the gradient penalty is computed per example (Gulrajani et al., 2017).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class GANConfig:
    latent: int
    noise_dim: int = 64
    hidden: int = 256
    layers: int = 3  # linear layers in each network

    def to_dict(self) -> dict:
        return asdict(self)


def mlp(inp: int, hidden: int, out: int, layers: int) -> nn.Sequential:
    dims = [inp] + [hidden] * (layers - 1) + [out]
    mods: list[nn.Module] = []
    for i in range(len(dims) - 1):
        mods.append(nn.Linear(dims[i], dims[i + 1]))
        if i < len(dims) - 2:
            mods.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*mods)


class Generator(nn.Module):
    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.cfg = cfg
        self.net = mlp(cfg.noise_dim, cfg.hidden, cfg.latent, cfg.layers)
        self.register_buffer("code_mean", torch.zeros(cfg.latent))
        self.register_buffer("code_std", torch.ones(cfg.latent))

    def set_code_stats(self, mean: torch.Tensor, std: torch.Tensor) -> None:
        self.code_mean.copy_(mean)
        self.code_std.copy_(std.clamp_min(1e-4))

    def forward(self, noise: torch.Tensor, standardised: bool = False) -> torch.Tensor:
        """Codes [B, Z]; standardised: in the standardised units the critic sees (training)."""
        z = self.net(noise)
        return z if standardised else z * self.code_std + self.code_mean

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())


class Critic(nn.Module):
    def __init__(self, cfg: GANConfig):
        super().__init__()
        self.net = mlp(cfg.latent, cfg.hidden, 1, cfg.layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z).squeeze(-1)
