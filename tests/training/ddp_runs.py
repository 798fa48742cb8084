"""Tiny LM, VAE and GAN runs for the distributed tests, the same in the test process (one process with
the global batch) and in the processes it starts (torch.multiprocessing, gloo, 2 ranks of half the
batch each). A run is traced: after every step, the trained parameters and the logged train figures.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time

import numpy as np
import torch

from training.distributed import leave
from training.models.text_vae import VAEConfig
from training.options import GANTrainConfig, LMTrainConfig, VAETrainConfig
from training.train_gan import GANTrainer, train_gan
from training.train_lm import LMTrainer, train_lm
from training.train_vae import VAETrainer, train_vae

KINDS = ("lm", "vae", "gan")
STEPS = 6
STREAM = (np.tile(np.arange(20), 100) + (np.random.default_rng(0).random(2000) < 0.05)).astype(np.int64) % 20
# 69 sentences of 3 to 9 tokens: the global batch of 16 leaves a last batch of 5, split 3 / 2 over two ranks
SENTENCES = [np.random.default_rng(i).integers(3, 50, 3 + i % 7) for i in range(69)]
CODES = (np.random.default_rng(1).standard_normal((200, 4)) * [1.0, 2.0, 0.5, 1.0] + 3.0).astype(np.float32)
VAE_SHAPE = VAEConfig(vocab_size=50, bos_id=1, eos_id=2, pad_id=0, unk_id=0, embed=8, enc_hidden=8, dec_hidden=16,
                      latent=4, dropout=0.0)  # no dropout: its masks are each rank's own
GLOBAL_BATCH = {"lm": 8, "vae": 16, "gan": 32}


def train(kind: str, out, world_size: int, resume: bool = False, **kw) -> dict:
    """A run of `kind` whose global batch is GLOBAL_BATCH[kind] on world_size processes."""
    common = {"batch": GLOBAL_BATCH[kind] // world_size, "max_steps": STEPS, "max_minutes": None,
              "eval_every_s": 1e9, "threads": 1, "device": "cpu", **kw}
    if kind == "lm":
        cfg = LMTrainConfig(**{"embed": 8, "hidden": 16, "layers": 1, "dropout": 0.0, "bptt": 8, **common})
        return train_lm(STREAM, STREAM[:400], 20, out, cfg, chars_per_token=1.0, resume=resume, quiet=True)
    if kind == "vae":
        shape = {k: getattr(VAE_SHAPE, k) for k in ("embed", "enc_hidden", "dec_hidden", "latent", "dropout")}
        cfg = VAETrainConfig(**{**shape, "free_bits": 0.02, "kl_schedule": "linear", **common})
        return train_vae(SENTENCES, SENTENCES[:16], VAE_SHAPE, out, cfg, resume=resume, quiet=True)
    cfg = GANTrainConfig(**{"noise_dim": 4, "hidden": 16, "critic_steps": 2, **common})
    return train_gan(CODES, CODES[:50], out, cfg, resume=resume, quiet=True)


TRAINERS = {"lm": LMTrainer, "vae": VAETrainer, "gan": GANTrainer}


def _params(trainer) -> torch.Tensor:
    modules = [trainer.gen, trainer.critic] if isinstance(trainer, GANTrainer) else [trainer.model]
    return torch.cat([p.detach().flatten().cpu() for m in modules for p in m.parameters()])


def checkpoint_params(kind: str, ck: dict) -> torch.Tensor:
    """The trained parameters a checkpoint holds, in the order a trace records them."""
    from training.models.latent_gan import Critic, GANConfig, Generator
    from training.models.rnn_lm import RNNLM, LMConfig
    from training.models.text_vae import TextVAE

    if kind == "gan":
        cfg = GANConfig(**ck["model_config"])
        modules = [Generator(cfg), Critic(cfg)]
        for m, key in zip(modules, ("generator", "critic")):
            m.load_state_dict(ck["state"][key])
    else:
        model = (RNNLM(LMConfig(**ck["model_config"])) if kind == "lm" else TextVAE(VAEConfig(**ck["model_config"])))
        model.load_state_dict(ck["state"]["model"])
        modules = [model]
    return torch.cat([p.detach().flatten() for m in modules for p in m.parameters()])


def _figures(trainer) -> list[float]:
    if isinstance(trainer, LMTrainer):
        return [trainer.smooth]
    if isinstance(trainer, VAETrainer):
        return [trainer.smooth_rec, trainer.smooth_kl]
    return [trainer.smooth[k] for k in ("critic_loss", "gen_loss", "wasserstein", "gradient_penalty")]


@contextlib.contextmanager
def stopping_early(kind: str, after: int | None):
    """The `kind` trainer stops early after `after` steps, as rank 0 alone decides (it alone evaluates)."""
    cls = TRAINERS[kind]
    if after is None:
        yield
        return
    counts = {"steps": 0}
    original = cls.train_step

    def step(self, progress):
        counts["steps"] += 1
        return original(self, progress)

    cls.train_step, cls.finished = step, lambda self: self.world.main and counts["steps"] >= after
    try:
        yield
    finally:
        cls.train_step = original
        del cls.finished


@contextlib.contextmanager
def traced(kind: str, slow_by: float = 0.0):
    """Record each step of the `kind` trainer: {"params": [...], "figures": [...]} (a step may be slowed)."""
    cls = TRAINERS[kind]
    original = cls.train_step
    trace = {"params": [], "figures": []}

    def step(self, progress):
        n = original(self, progress)
        trace["params"].append(_params(self))
        trace["figures"].append(_figures(self))
        time.sleep(slow_by)
        return n

    cls.train_step = step
    try:
        yield trace
    finally:
        cls.train_step = original


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rank_main(rank: int, world_size: int, port: int, out: str, jobs: list[dict]) -> None:
    """One rank of a torchrun-like world: the environment torchrun would set, then each job's run, traced
    into out/<name>-rank<r>.pt. Leaves the process group whatever happens."""
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank), LOCAL_RANK=str(rank),
                      WORLD_SIZE=str(world_size), LOCAL_WORLD_SIZE=str(world_size))
    torch.set_num_threads(1)
    try:
        for job in jobs:
            job = dict(job)
            name, kind, slow = job.pop("name"), job.pop("kind"), job.pop("slow_rank", None)
            with stopping_early(kind, job.pop("stop_after", None)), \
                    traced(kind, slow_by=0.01 if rank == slow else 0.0) as trace:
                summary = train(kind, os.path.join(out, name), world_size, **job)
            torch.save({**trace, "summary": summary}, os.path.join(out, f"{name}-rank{rank}.pt"))
    finally:
        leave()


def spawn(world_size: int, out, jobs: list[dict], timeout: float = 180.0) -> None:
    """Run the jobs on world_size processes; a process that fails fails the caller, one that hangs is killed."""
    import torch.multiprocessing as mp

    ctx = mp.start_processes(rank_main, args=(world_size, free_port(), str(out), jobs), nprocs=world_size,
                             join=False, start_method="spawn")
    deadline = time.monotonic() + timeout
    while not ctx.join(timeout=1):
        if time.monotonic() > deadline:
            for p in ctx.processes:
                p.kill()
            raise TimeoutError(f"the {world_size} training processes did not finish in {timeout:.0f} s")
