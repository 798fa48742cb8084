"""Training on several processes: torchrun and DistributedDataParallel.

torchrun starts the same `creagen-train` command in every process and tells each where it stands
(RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT in the environment). `world()` joins the
process group on first use: NCCL when torch can use CUDA, gloo otherwise, and always a gloo group
beside it for the small agreements made on the CPU (the stop decision, averaged figures, the
checkpoint handed from rank 0). Without torchrun it is a world of one process and every call here
costs nothing.

The run loop (training.loop) uses it so that every trainer built on it runs under torchrun as it
is: each rank trains on its own rows of the global batch, DDP averages the gradients, all ranks take
the same steps, and rank 0 alone evaluates and writes.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

import numpy as np
import torch
import torch.distributed as dist

# Rank 0 may work alone for a while (evaluating, or in `all` preparing the corpus, training the
# tokenizer, packing) while the others wait for it at the next collective.
WAIT = datetime.timedelta(hours=2)


def env_rank() -> int:
    """This process's rank as torchrun set it (0 without torchrun), before any process group exists."""
    return int(os.environ.get("RANK", "0"))


def env_world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def env_local_rank() -> int:
    return int(os.environ.get("LOCAL_RANK", "0"))


@dataclass(frozen=True)
class World:
    rank: int = 0
    size: int = 1
    local_rank: int = 0
    cpu_group: object = None  # the gloo group (None: the default group, itself gloo)

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1

    def lanes(self, per_rank: int) -> slice:
        """This rank's rows of a global batch of per_rank * size equal shares."""
        return slice(self.rank * per_rank, (self.rank + 1) * per_rank)

    def rows(self, n: int) -> np.ndarray:
        """This rank's rows of a global batch of n (shares differ by at most one row)."""
        return np.array_split(np.arange(n), self.size)[self.rank]

    def mean(self, *values: float) -> list[float]:
        """Each value averaged over the ranks (every rank gets the same numbers)."""
        if not self.distributed:
            return list(values)
        t = torch.tensor(values, dtype=torch.float64)
        dist.all_reduce(t, group=self.cpu_group)
        return (t / self.size).tolist()

    def most(self, value: float) -> float:
        """The largest of the ranks' values (e.g. how much of a time budget is used: all stop together)."""
        if not self.distributed:
            return value
        t = torch.tensor([value], dtype=torch.float64)
        dist.all_reduce(t, op=dist.ReduceOp.MAX, group=self.cpu_group)
        return t.item()

    def batch_mean(self, local_sum: torch.Tensor, n: int) -> torch.Tensor:
        """The mean over a global batch of n examples, from this rank's sum over its rows.

        Its value is the global batch's mean on every rank; its gradient is this rank's share, scaled
        so that once DDP averages the ranks' gradients they are the global mean's. So a loss that is
        not a plain mean of per-example terms (the VAE's free bits clamp a batch mean) trains on N
        processes exactly as on one."""
        if not self.distributed:
            return local_sum / n
        total = local_sum.detach().to("cpu", torch.float64)
        dist.all_reduce(total, group=self.cpu_group)
        mine = local_sum * (self.size / n)
        return (total / n).to(local_sum.device, local_sum.dtype) + (mine - mine.detach())

    def share(self, obj):
        """Rank 0's obj, on every rank."""
        if not self.distributed:
            return obj
        box = [obj if self.main else None]
        dist.broadcast_object_list(box, src=0, group=self.cpu_group)
        return box[0]

    def barrier(self) -> None:
        if self.distributed:
            dist.barrier(group=self.cpu_group)

    def on_main(self, fn, *args, **kwargs):
        """fn(*args, **kwargs) on rank 0 alone (the others wait); returns its result on rank 0, None elsewhere."""
        result = fn(*args, **kwargs) if self.main else None
        self.barrier()
        return result

    def wrap(self, module: torch.nn.Module, device: torch.device) -> torch.nn.Module:
        """module (already on device) in DistributedDataParallel, or as it is in a world of one."""
        if not self.distributed:
            return module
        from torch.nn.parallel import DistributedDataParallel

        if device.type == "cuda":
            return DistributedDataParallel(module, device_ids=[device.index], output_device=device.index)
        return DistributedDataParallel(module, process_group=self.cpu_group)


_world: World | None = None


def world() -> World:
    """This process's world: joins torchrun's process group the first time (a world of one without torchrun)."""
    global _world
    if _world is None:
        size = env_world_size()
        if size <= 1:
            _world = World()
        else:
            _world = _join(size)
    return _world


def _join(size: int) -> World:
    from training.devices import cuda_problem

    rank, local_rank = env_rank(), env_local_rank()
    if not dist.is_initialized():
        if cuda_problem() or local_rank >= torch.cuda.device_count():
            # (more processes than GPUs: training.devices says so when a run asks for CUDA)
            dist.init_process_group("gloo", rank=rank, world_size=size, timeout=WAIT)
        else:
            dist.init_process_group("nccl", rank=rank, world_size=size, timeout=WAIT,
                                    device_id=torch.device("cuda", local_rank))
    cpu_group = None if dist.get_backend() == "gloo" else dist.new_group(backend="gloo", timeout=WAIT)
    return World(rank, size, local_rank, cpu_group)


def leave() -> None:
    """Leave the process group (if this process joined one); safe to call more than once."""
    global _world
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
    _world = None
