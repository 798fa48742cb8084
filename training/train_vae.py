"""Training the sentence VAE on sentences cut from the prepared corpus.

Sentences are cut with the engine's splitter (the same one that cuts a writer's passage), encoded
with the pack's tokenizer and batched by length so that little of each batch is padding.

Under torchrun every rank draws the same global batches (batch x world size sentences) and trains
on its rows of each; the trainer draws the global batch's noise and keeps its rows, and the loss is
the global batch's (training.distributed.World.batch_mean), so N processes train as one would.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import torch

from creagen_desktop.engine.sentences import sentences
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.engine.verse import verse_lines
from training.loop import Evaluation, Trainer, load_best, make_optimizer, run
from training.losses import free_bits_kl, gaussian_kl, kl_weight, sequence_nll
from training.models.text_vae import TextVAE, VAEConfig
from training.options import VAETrainConfig

# what one code of the VAE holds: a sentence (engine.sentences), or a verse line without its
# punctuation (engine.verse: Chinese poetry, where a text line is a whole couplet)
UNITS = {"sentence": sentences, "line": verse_lines}


def cut_sentences(text: str, tok: Tokenizer, max_tokens: int = VAETrainConfig.max_tokens, min_tokens: int = 3,
                  limit: int | None = None, unit: str = "sentence") -> list[tuple[str, np.ndarray]]:
    """Distinct sentences (or verse lines) of `text` with their tokens, keeping those of min_tokens..max_tokens tokens."""
    seen: set[str] = set()
    out: list[tuple[str, np.ndarray]] = []
    cut = UNITS[unit]
    for para in text.split("\n\n"):
        for s in cut(para):
            if s in seen:
                continue
            seen.add(s)
            ids = tok.encode(s)
            if min_tokens <= len(ids) <= max_tokens:
                out.append((s, np.asarray(ids, dtype=np.int64)))
                if limit and len(out) >= limit:
                    return out
    return out


def sentence_tokens(text: str, tok: Tokenizer, max_tokens: int = VAETrainConfig.max_tokens, min_tokens: int = 3,
                    limit: int | None = None, unit: str = "sentence") -> list[np.ndarray]:
    return [ids for _, ids in cut_sentences(text, tok, max_tokens, min_tokens, limit, unit)]


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


def _to(batch: dict[str, torch.Tensor], device) -> dict[str, torch.Tensor]:
    # the lengths stay on the CPU, where pack_padded_sequence wants them
    return {k: v if k == "lengths" else v.to(device) for k, v in batch.items()}


@torch.no_grad()
def evaluate_vae(model: TextVAE, seqs: list[np.ndarray], batch: int = 128, free_bits: float = 0.0, device=None) -> dict:
    """Held-out figures from torch: reconstruction NLL (z sampled), KL, ELBO, active units, and the
    training objective (reconstruction + free-bits KL), which picks the best checkpoint."""
    model.eval()
    g = torch.Generator().manual_seed(0)
    rec = 0.0
    tokens = 0
    means, kls = [], []
    for i in range(0, len(seqs), batch):
        b = _to(make_batch(seqs[i : i + batch], model.cfg), device)
        mean, logvar = model.encode(b["x"], b["lengths"])
        z = mean + torch.randn(mean.shape, generator=g).to(mean.device) * torch.exp(0.5 * logvar)
        logits, _ = model.decode(z, b["dec_in"], model.initial_state(z))
        rec += sequence_nll(logits, b["target"], model.cfg.pad_id).sum().item()
        kls.append(gaussian_kl(mean, logvar))
        tokens += int(b["lengths"].sum()) + len(b["lengths"])
        means.append(mean)
    model.train()
    n = len(seqs)
    au = int((torch.cat(means).var(dim=0) > 0.01).sum())
    kl_all = torch.cat(kls).cpu()
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


class VAETrainer(Trainer):
    title = "sentence VAE"
    fields = ["sentences", "lr", "beta", "train_rec", "train_kl", "val_rec", "val_kl", "val_elbo", "val_nll_per_token",
              "active_units"]
    plot_ys = ["train_rec", "val_rec", "val_kl", "val_elbo"]
    ylabel = "nats per sentence"
    unit = "sent"

    def __init__(self, train_seqs, val_seqs, model_cfg: VAEConfig, cfg: VAETrainConfig):
        super().__init__(cfg)
        self.train_seqs, self.val_seqs = train_seqs, val_seqs[: cfg.eval_sentences]
        self.model_config = model_cfg
        self.model = TextVAE(model_cfg)
        self.opt = make_optimizer(self.model.parameters(), cfg.optimizer, cfg.lr)
        self.optimizers = [self.opt]
        self.criterion = f"rec + free-bits KL ({cfg.free_bits} nats/dim)"
        self.seen = 0
        self.beta = 0.0
        self.smooth_rec = self.smooth_kl = None

    def place(self, device, wrap) -> None:
        self.net = wrap(self.model.to(device))

    def start(self, step: int) -> None:
        if len(self.train_seqs) < self.world.size:
            raise ValueError(f"{len(self.train_seqs)} training sentences cannot be shared by {self.world.size} processes")
        self.rng = np.random.default_rng(self.cfg.seed + step)
        self.g = torch.Generator().manual_seed(self.cfg.seed + step)  # the global batch's noise
        self.queue: list[list[int]] = []
        self.model.train()

    def _next_batch(self) -> list[int]:
        """The next global batch (the same on every rank); a last one of fewer sentences than ranks is skipped."""
        while True:
            if not self.queue:
                self.queue = length_batches(self.train_seqs, self.cfg.batch * self.world.size, self.rng)
            batch = self.queue.pop()
            if len(batch) >= self.world.size:
                return batch

    def train_step(self, progress: float) -> int:
        c, cfg = self.cfg, self.model_config
        batch = self._next_batch()
        n = len(batch)
        mine = self.world.rows(n)
        longest = max(len(self.train_seqs[i]) for i in batch)
        eps = torch.randn(n, cfg.latent, generator=self.g)[mine]
        u = torch.rand(n, longest + 1, generator=self.g)[mine]
        b = _to(make_batch([self.train_seqs[batch[i]] for i in mine], cfg), self.device)
        noise = (eps.to(self.device), u[:, : b["dec_in"].shape[1]].to(self.device))
        self.beta = kl_weight(progress, c.kl_schedule, c.kl_cycles, c.kl_ramp)
        with self.precision.autocast():
            logits, mean, logvar = self.net(b["x"], b["lengths"], b["dec_in"], c.word_dropout, noise)
        # this rank's sums, made the global batch's means: [reconstruction, KL of each dimension]
        sums = torch.cat([sequence_nll(logits.float(), b["target"], cfg.pad_id).sum()[None],
                          gaussian_kl(mean.float(), logvar.float()).sum(dim=0)])
        means = self.world.batch_mean(sums, n)
        rec, kl = means[0], means[1:]
        loss = rec + self.beta * free_bits_kl(kl[None], c.free_bits)  # free bits clamp the global batch mean
        self.precision.update(loss, self.opt, self.model.parameters(), c.clip)
        self.seen += n
        rec_v, kl_v = rec.item(), kl.sum().item()
        self.smooth_rec = rec_v if self.smooth_rec is None else 0.98 * self.smooth_rec + 0.02 * rec_v
        self.smooth_kl = kl_v if self.smooth_kl is None else 0.98 * self.smooth_kl + 0.02 * kl_v
        return n

    def note(self, rate: float) -> str:
        return f"rec {self.smooth_rec:.2f} | KL {self.smooth_kl:.2f} | beta {self.beta:.2f} | {rate:,.0f} sent/s"

    def evaluate(self, final: bool) -> Evaluation:
        m = evaluate_vae(self.model, self.val_seqs, free_bits=self.cfg.free_bits, device=self.device)
        row = {"sentences": self.seen, "lr": self.lr, "beta": self.beta, "train_rec": self.smooth_rec,
               "train_kl": self.smooth_kl, "val_rec": m["rec_per_sentence"], "val_kl": m["kl_per_sentence"],
               "val_elbo": m["elbo_per_sentence"], "val_nll_per_token": m["nll_per_token"],
               "active_units": m["active_units"]}
        message = (f"beta {self.beta:.2f}  val rec {m['rec_per_sentence']:.2f}  KL {m['kl_per_sentence']:.2f} "
                   f"nats/sentence  {m['nll_per_token']:.3f} nats/token  AU {m['active_units']}/{self.model_config.latent}")
        # only a model trained with the full KL term is a candidate (early in a cycle beta is small)
        return Evaluation(m["objective"], row, message, candidate=self.beta >= 1.0 or final, figures=m)

    def best_state(self) -> dict:
        return {"model": self.model.state_dict(), "model_config": self.model_config.to_dict()}

    def state(self) -> dict:
        return {"model": self.model.state_dict(), "optimizer": self.opt.state_dict(), "sentences": self.seen}

    def load_state(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.opt.load_state_dict(state["optimizer"])
        self.seen = state["sentences"]

    def num_params(self) -> int:
        return self.model.num_params()

    def summary(self, best: float, final: Evaluation) -> dict:
        return {"sentences_seen": self.seen, "train_sentences": len(self.train_seqs), "best_val_objective": best,
                "criterion": self.criterion, "final": final.figures}


def train_vae(
    train_seqs: list[np.ndarray],
    val_seqs: list[np.ndarray],
    model_cfg: VAEConfig,
    out_dir: Path,
    cfg: VAETrainConfig,
    resume: bool = False,
    quiet: bool = False,
) -> dict:
    """Train (training.loop.run: checkpoint.pt, best.pt, metrics.csv, loss.png, train_summary.json). Returns the summary.

    Resuming keeps the checkpoint's model shape."""
    if not train_seqs or not val_seqs:
        raise ValueError("no training or validation sentences: the corpus is too small or its sentences too long")

    def build(saved: dict | None) -> VAETrainer:
        # the model's shape is model_cfg's (or, resuming, the checkpoint's), and so is what the run records
        shape = VAEConfig(**saved) if saved is not None else model_cfg
        kept = dataclasses.replace(cfg, embed=shape.embed, enc_hidden=shape.enc_hidden, dec_hidden=shape.dec_hidden,
                                   latent=shape.latent, dropout=shape.dropout)
        return VAETrainer(train_seqs, val_seqs, shape, kept)

    return run(build, out_dir, cfg, resume, quiet)


def load_best_vae(out_dir: Path) -> TextVAE:
    return load_best(out_dir, TextVAE, VAEConfig)
