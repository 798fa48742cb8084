"""Losses: token cross-entropy, the VAE's KL term with annealing and free bits, and the WGAN-GP terms."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def sequence_nll(logits: torch.Tensor, targets: torch.Tensor, pad_id: int) -> torch.Tensor:
    """Summed negative log-likelihood per sequence [B] (padding ignored)."""
    nll = F.cross_entropy(logits.transpose(1, 2), targets, ignore_index=pad_id, reduction="none")
    return nll.sum(dim=1)


def gaussian_kl(mean: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mean, exp(logvar)) || N(0, I)) per example and dimension [B, Z], in nats."""
    return 0.5 * (mean.pow(2) + logvar.exp() - 1.0 - logvar)


def free_bits_kl(kl: torch.Tensor, floor: float) -> torch.Tensor:
    """Sum over dimensions of max(floor, batch-mean KL of the dimension).

    Below the floor a dimension's KL costs nothing, so the optimiser has no reason to switch it
    off: the standard guard against posterior collapse (Kingma et al., 2016).
    """
    per_dim = kl.mean(dim=0)
    if floor <= 0:
        return per_dim.sum()
    return torch.clamp(per_dim, min=floor).sum()


def kl_weight(progress: float, schedule: str = "cyclical", cycles: int = 3, ramp: float = 0.5) -> float:
    """The KL term's weight beta in [0, 1] at `progress` (0..1) of the run.

    linear: rises from 0 to 1 over the first `ramp` of the run, then stays at 1.
    cyclical: the run is cut into `cycles` equal parts; in each, beta rises over the first `ramp`
    of the part and then stays at 1 (Fu et al., 2019).
    """
    progress = min(max(progress, 0.0), 1.0)
    if schedule == "constant":
        return 1.0
    if schedule == "linear":
        return min(1.0, progress / max(ramp, 1e-9))
    if schedule == "cyclical":
        within = (progress * cycles) % 1.0 if progress < 1.0 else 1.0
        return min(1.0, within / max(ramp, 1e-9))
    raise ValueError(f"unknown KL schedule {schedule!r} (choose linear, cyclical or constant)")



def critic_loss(real_scores: torch.Tensor, fake_scores: torch.Tensor) -> torch.Tensor:
    """Wasserstein critic loss: minimising it widens the score gap between real and generated codes."""
    return fake_scores.mean() - real_scores.mean()


def generator_loss(fake_scores: torch.Tensor) -> torch.Tensor:
    """Wasserstein generator loss: raise the critic's score of generated codes."""
    return -fake_scores.mean()


def gradient_penalty(critic, real: torch.Tensor, fake: torch.Tensor, generator: torch.Generator | None = None,
                     alpha: torch.Tensor | None = None) -> torch.Tensor:
    """Mean of (|grad critic(x)| - 1)^2 at random points x between real and generated codes.

    The penalty keeps the critic near 1-Lipschitz, which the Wasserstein estimate needs
    (WGAN-GP, Gulrajani et al., 2017); fake is detached so only the critic is pushed by it.
    alpha [B, 1] (uniform on [0, 1)) places the points; None draws it from `generator`.
    """
    if alpha is None:
        alpha = torch.rand(real.shape[0], 1, generator=generator, device=real.device)
    x = (alpha * real + (1 - alpha) * fake.detach()).requires_grad_(True)
    scores = critic(x)
    (grad,) = torch.autograd.grad(scores.sum(), x, create_graph=True)
    return ((grad.norm(2, dim=1) - 1) ** 2).mean()
