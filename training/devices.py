"""Where a training run computes, and in what precision.

`--device auto` trains on CUDA when torch can really start on it (a tensor is made and used there,
not only `torch.cuda.is_available()`), else on the CPU, quietly; `--device cuda` where CUDA cannot
run stops with the reason, like `creagen --device cuda`. Under torchrun each process takes the GPU
of its local rank.

`--precision auto` is fp32 on the CPU and bf16 autocast on a GPU that has bf16 (fp16 with loss
scaling on one that has not). Evaluation always runs in fp32, so the figures a run reports do not
depend on it.
"""

from __future__ import annotations

import contextlib

import torch

from training.options import PRECISIONS


class DeviceError(Exception):
    """The device or precision asked for cannot be used here; the message says why."""


_cuda_problem: str | None = None


def cuda_problem() -> str:
    """Why torch cannot train on CUDA here ("" when it can). Tried once per process."""
    global _cuda_problem
    if _cuda_problem is None:
        if torch.version.cuda is None:
            _cuda_problem = "this torch is a CPU-only build"
        elif not torch.cuda.is_available():
            _cuda_problem = "torch finds no usable NVIDIA GPU (no device, or no driver for it)"
        else:
            try:
                x = torch.ones(2, device="cuda")
                (x @ x).item()
                _cuda_problem = ""
            except Exception as exc:  # a driver too old, out of memory, a broken install: all say the same
                first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
                _cuda_problem = f"CUDA could not start ({first})"
    return _cuda_problem


def choose_device(choice: str, local_rank: int = 0) -> torch.device:
    """The device of `--device choice` for the process of this local rank."""
    if choice == "cpu":
        return torch.device("cpu")
    if choice not in ("auto", "cuda"):
        raise DeviceError(f"unknown device {choice!r} (choose auto, cpu or cuda)")
    problem = cuda_problem()
    if problem:
        if choice == "cuda":
            raise DeviceError(f"--device cuda: {problem}. Use --device auto or --device cpu.")
        return torch.device("cpu")
    count = torch.cuda.device_count()
    if local_rank >= count:
        raise DeviceError(f"this process is local rank {local_rank} but the machine has {count} GPU(s): "
                          f"start at most {count} processes a node (torchrun --nproc_per_node {count})")
    torch.cuda.set_device(local_rank)
    return torch.device("cuda", local_rank)


def describe(device: torch.device) -> str:
    """The device as a run records it: "cpu" or "cuda:0 (NVIDIA ...)"."""
    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)})"
    return str(device)


def choose_precision(choice: str, device: torch.device) -> str:
    """fp32, bf16 or fp16: what `--precision choice` means on this device."""
    if choice not in PRECISIONS:
        raise DeviceError(f"unknown precision {choice!r} (choose {', '.join(PRECISIONS)})")
    if device.type != "cuda":
        if choice == "fp16":
            raise DeviceError("--precision fp16 needs a GPU; on the CPU use fp32 or bf16")
        return "fp32" if choice == "auto" else choice
    if choice == "auto":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    if choice == "bf16" and not torch.cuda.is_bf16_supported():
        raise DeviceError(f"--precision bf16: {torch.cuda.get_device_name(device)} has no bfloat16; use fp16 or fp32")
    return choice


class Precision:
    """Autocast for the forward pass and the optimiser step that goes with it (loss scaling for fp16)."""

    DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}

    def __init__(self, name: str, device: torch.device):
        self.name, self.device = name, device
        self.scaler = torch.amp.GradScaler(device.type) if name == "fp16" else None

    def autocast(self):
        if self.name == "fp32":
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.DTYPES[self.name])

    def update(self, loss: torch.Tensor, optimizer: torch.optim.Optimizer, params, clip: float = 0.0) -> None:
        """Back-propagate `loss`, clip the gradient norm to `clip` (0: no clipping) and step."""
        optimizer.zero_grad(set_to_none=True)
        params = list(params)
        if self.scaler is None:
            loss.backward()
            if clip:
                torch.nn.utils.clip_grad_norm_(params, clip)
            optimizer.step()
            return
        self.scaler.scale(loss).backward()
        self.scaler.unscale_(optimizer)  # clip the true gradient, not the scaled one
        if clip:
            torch.nn.utils.clip_grad_norm_(params, clip)
        self.scaler.step(optimizer)  # skipped when the scaled gradient overflowed
        self.scaler.update()
