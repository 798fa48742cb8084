"""The int8 output projection against the float one, measured side by side through the app's engine:
bits per character on the same text, and the time of one decoding step, interleaved so that a busy
machine slows both alike (one onnxruntime thread each)."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np

from creagen_desktop.engine.continuation import LanguageModel
from creagen_desktop.pack import ModelPack
from training.evaluate import bits_per_char

STEP_REPS = 300  # timed steps per model and batch size


def _variant(pack: ModelPack, file: Path) -> ModelPack:
    """The pack as if its LM were `file` (a file beside it, not in its checksummed list)."""
    lm = dataclasses.replace(pack.manifest.lm, file=Path(file).name)
    return ModelPack(pack.path, dataclasses.replace(pack.manifest, lm=lm))


def step_ms(models: dict[str, LanguageModel], batch: int, reps: int = STEP_REPS) -> dict[str, float]:
    """Median time of one step (one token a row) of each model, the models taking turns."""
    tokens = np.ones((batch, 1), dtype=np.int64)
    state = next(iter(models.values())).initial_state(batch)
    times: dict[str, list[float]] = {name: [] for name in models}
    for lm in models.values():
        for _ in range(20):
            lm.run(tokens, state)
    for _ in range(reps):
        for name, lm in models.items():
            t0 = time.perf_counter()
            lm.run(tokens, state)
            times[name].append((time.perf_counter() - t0) * 1000)
    return {name: float(np.median(t)) for name, t in times.items()}


def compare_heads(pack: ModelPack, int8_file: Path, text: str) -> dict:
    models = {"float": LanguageModel(pack, device="cpu", threads=1),
              "int8": LanguageModel(_variant(pack, int8_file), device="cpu", threads=1)}
    out: dict = {"chars": len(text), "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None}
    for name, lm in models.items():
        out[f"bits_per_char_{name}"] = bits_per_char(pack, text, lm=lm)["bits_per_char"]
    out["bits_per_char_change"] = out["bits_per_char_int8"] / out["bits_per_char_float"] - 1
    for batch in (1, 4):
        ms = step_ms(models, batch)
        out[f"step_ms_b{batch}_float"], out[f"step_ms_b{batch}_int8"] = ms["float"], ms["int8"]
        out[f"step_speedup_b{batch}"] = ms["float"] / ms["int8"]
    out["file_mb_float"] = round((pack.path / pack.manifest.lm.file).stat().st_size / 1e6, 2)
    out["file_mb_int8"] = round(Path(int8_file).stat().st_size / 1e6, 2)
    return out
