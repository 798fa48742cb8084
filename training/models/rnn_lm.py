"""A recurrent language model (GRU or LSTM) with tied input/output embeddings.

Shapes: tokens [B, T] int64 -> logits [B, T, V]; the recurrent state is one tensor
[S, B, H] with S = layers for a GRU and 2 * layers for an LSTM (h stacked over c), so the app
carries a single array whatever the cell.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class LMConfig:
    vocab_size: int
    cell: str = "gru"  # "gru" or "lstm"
    embed: int = 256
    hidden: int = 512
    layers: int = 2
    dropout: float = 0.2
    tie: bool = True

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def state_layers(self) -> int:
        return self.layers * (2 if self.cell == "lstm" else 1)


class RNNLM(nn.Module):
    def __init__(self, cfg: LMConfig):
        super().__init__()
        if cfg.cell not in ("gru", "lstm"):
            raise ValueError("cell must be 'gru' or 'lstm'")
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.embed)
        rnn = nn.GRU if cfg.cell == "gru" else nn.LSTM
        self.rnn = rnn(cfg.embed, cfg.hidden, cfg.layers, batch_first=True, dropout=cfg.dropout if cfg.layers > 1 else 0.0)
        self.drop = nn.Dropout(cfg.dropout)
        # With tying, the hidden state is projected down to the embedding width and scored against
        # the embedding table: a smaller softmax layer and a smaller pack.
        out_dim = cfg.embed if cfg.tie else cfg.hidden
        self.proj = nn.Linear(cfg.hidden, cfg.embed) if cfg.tie and cfg.embed != cfg.hidden else None
        self.head = nn.Linear(out_dim, cfg.vocab_size)
        if cfg.tie:
            self.head.weight = self.embed.weight
        nn.init.normal_(self.embed.weight, std=0.05)
        nn.init.zeros_(self.head.bias)

    def initial_state(self, batch: int, device=None) -> torch.Tensor:
        return torch.zeros(self.cfg.state_layers, batch, self.cfg.hidden, device=device)

    def forward(self, tokens: torch.Tensor, state: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        if state is None:
            state = self.initial_state(tokens.shape[0], tokens.device)
        x = self.drop(self.embed(tokens))
        if self.cfg.cell == "lstm":
            h, c = state.chunk(2, dim=0)
            y, (h, c) = self.rnn(x, (h.contiguous(), c.contiguous()))
            new_state = torch.cat([h, c], dim=0)
        else:
            y, new_state = self.rnn(x, state)
        y = self.drop(y)
        if self.proj is not None:
            y = self.proj(y)
        return self.head(y), new_state

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())
