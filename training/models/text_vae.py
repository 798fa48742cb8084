"""A sentence VAE: a bidirectional GRU encoder to a Gaussian latent, a GRU decoder conditioned on it.

Shapes:
  encode(tokens [B, T], lengths [B]) -> mean, logvar [B, Z]
  initial_state(z [B, Z]) -> state [1, B, H]        (the decoder starts from z ...)
  decode(z [B, Z], tokens [B, T], state) -> logits [B, T, V], state   (... and sees z at every step)
Decoder inputs are BOS + sentence, targets sentence + EOS. Input and output embeddings are tied
(through a projection), which keeps the pack small.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


@dataclass
class VAEConfig:
    vocab_size: int
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    embed: int = 96
    enc_hidden: int = 192
    dec_hidden: int = 384
    latent: int = 32
    dropout: float = 0.1

    def to_dict(self) -> dict:
        return asdict(self)


class TextVAE(nn.Module):
    def __init__(self, cfg: VAEConfig):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.embed)
        self.drop = nn.Dropout(cfg.dropout)
        self.encoder = nn.GRU(cfg.embed, cfg.enc_hidden, batch_first=True, bidirectional=True)
        self.to_stats = nn.Linear(2 * cfg.enc_hidden, 2 * cfg.latent)
        self.to_state = nn.Linear(cfg.latent, cfg.dec_hidden)
        self.decoder = nn.GRU(cfg.embed + cfg.latent, cfg.dec_hidden, batch_first=True)
        self.out_proj = nn.Linear(cfg.dec_hidden, cfg.embed)
        self.out_bias = nn.Parameter(torch.zeros(cfg.vocab_size))
        nn.init.normal_(self.embed.weight, std=0.05)

    def encode(self, tokens: torch.Tensor, lengths: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        x = self.drop(self.embed(tokens))
        if lengths is not None:
            x = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, h = self.encoder(x)  # h [2, B, He]: the last forward state and the first backward state
        stats = self.to_stats(torch.cat([h[0], h[1]], dim=-1))
        mean, logvar = stats.chunk(2, dim=-1)
        return mean, logvar

    def initial_state(self, z: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.to_state(z)).unsqueeze(0)

    def decode(self, z: torch.Tensor, tokens: torch.Tensor, state: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = self.drop(self.embed(tokens))
        x = torch.cat([x, z.unsqueeze(1).expand(-1, tokens.shape[1], -1)], dim=-1)
        out, state = self.decoder(x, state)
        logits = self.out_proj(self.drop(out)) @ self.embed.weight.t() + self.out_bias
        return logits, state

    def forward(self, tokens, lengths, dec_in, word_dropout: float = 0.0, noise=None):
        """Training pass: (logits, mean, logvar) with z drawn by the reparameterisation trick.

        noise: (eps [B, Z] standard normal, u [B, T] uniform on [0, 1)), drawn by the trainer so that a
        batch split over processes draws what one process would; None draws them here."""
        mean, logvar = self.encode(tokens, lengths)
        if noise is None:
            noise = (torch.randn_like(mean), torch.rand(dec_in.shape, device=dec_in.device))
        eps, u = noise
        z = mean + eps * torch.exp(0.5 * logvar)
        if word_dropout > 0:
            # replace decoder inputs (never BOS) by UNK so the decoder must lean on z
            drop = u < word_dropout
            drop[:, 0] = False
            dec_in = dec_in.masked_fill(drop, self.cfg.unk_id)
        logits, _ = self.decode(z, dec_in, self.initial_state(z))
        return logits, mean, logvar

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())


class EncoderGraph(nn.Module):
    """What vae_encoder.onnx computes: one unpadded sentence batch -> (mean, logvar)."""

    def __init__(self, vae: TextVAE):
        super().__init__()
        self.vae = vae

    def forward(self, tokens):
        return self.vae.encode(tokens)


class InitGraph(nn.Module):
    """What vae_init.onnx computes: z -> the decoder's first state."""

    def __init__(self, vae: TextVAE):
        super().__init__()
        self.vae = vae

    def forward(self, z):
        return self.vae.initial_state(z)


class DecoderGraph(nn.Module):
    """What vae_decoder.onnx computes: one decoding chunk, (z, tokens, state) -> (logits, state)."""

    def __init__(self, vae: TextVAE):
        super().__init__()
        self.vae = vae

    def forward(self, z, tokens, state):
        return self.vae.decode(z, tokens, state)
