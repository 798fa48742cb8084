"""What the steps of `creagen-train` share (training.pipeline, training.couplet_step): the error a
step raises for the person at the terminal, the budget check, the export parity check, the tokenizer."""

from __future__ import annotations

from training.options import flag_of
from training.workdir import WorkDir, write_json

MODEL_NAMES = {"lm": "the language model", "vae": "the sentence VAE", "gan": "the latent GAN",
               "couplet": "the matching-line regressor"}


class StepError(Exception):
    """A step that cannot go on; the message says why and what to do."""


def need_budget(kind: str, cfg) -> None:
    """A run's budget, device and precision, checked before any data is read."""
    from training.devices import choose_device, choose_precision
    from training.distributed import env_local_rank

    if not cfg.max_minutes and not cfg.max_steps:
        raise StepError(f"give {flag_of(kind, 'max_minutes')} (or {flag_of(kind, 'max_steps')}) for {MODEL_NAMES[kind]}")
    device = choose_device(cfg.device, env_local_rank())
    if hasattr(cfg, "precision"):  # the GAN and the regressor have none: they train in fp32
        choose_precision(cfg.precision, device)


def parity(diff: float, what: str) -> None:
    from training.export import PARITY_TOLERANCE

    if diff > PARITY_TOLERANCE:
        raise StepError(f"the exported {what} does not match torch; not using it")


def export_checked(model, export, check, onnx, record, what: str) -> None:
    """export(model, onnx) -> path, then check(model, path) -> the largest difference from torch:
    said, refused past the tolerance, and recorded in `record` for the pack's manifest."""
    path = export(model, onnx)
    diff = check(model, path)
    print(f"export: {path.name} {path.stat().st_size / 1e6:.2f} MB; parity with torch: {diff:.2e}")
    parity(diff, what)
    write_json(record, {"parity_max_abs_diff": diff})


def tokenizer_of(work: WorkDir):
    from creagen_desktop.engine.tokenizer import Tokenizer

    return Tokenizer(work.need(work.tokenizer))
