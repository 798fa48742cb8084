"""onnxruntime sessions: provider choice (CUDA when it really works, else CPU) and session options.

Asking onnxruntime-gpu for CUDA on a machine without the CUDA libraries prints pages of errors, so
the probe runs with onnxruntime's logging silenced and keeps CUDA only if a session really starts
on it.
"""

from __future__ import annotations

import os
from pathlib import Path

import onnxruntime as ort

from creagen_desktop.engine.devices import DEVICES
from creagen_desktop.pack import ModelPackError

CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"
_VERBOSE = 0
_FATAL = 4
# onnxruntime prints its own banners (to stdout, from C++) for a model it refuses; the engine turns
# every refusal into one plain message instead, so the library stays quiet unless asked.
DEBUG_ENV = "CREAGEN_DEBUG"
_QUIET = _VERBOSE if os.environ.get(DEBUG_ENV) else _FATAL
ort.set_default_logger_severity(_QUIET)
_cuda_usable: bool | None = None
_cuda_problem = "CUDA has not been tried yet"


def default_threads() -> int:
    # Two threads serve batch-of-3 decoding best here; more only add synchronisation cost, and
    # leave the writer's other cores alone.
    return max(1, min(2, os.cpu_count() or 1))


def session_options(threads: int | None = None) -> ort.SessionOptions:
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads or default_threads()
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads keep a core busy after every call; between keystrokes that is wasted CPU.
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.add_session_config_entry("session.inter_op.allow_spinning", "0")
    so.log_severity_level = _QUIET
    return so


def cuda_usable(probe_model: str | Path) -> bool:
    """True when onnxruntime offers CUDA and a session really starts on it (probed once, quietly)."""
    global _cuda_usable, _cuda_problem
    if _cuda_usable is None:
        _cuda_usable = False
        if CUDA not in ort.get_available_providers():
            _cuda_problem = "this onnxruntime has no CUDA support (install onnxruntime-gpu)"
        else:
            ort.set_default_logger_severity(_FATAL)
            try:
                so = session_options()
                so.log_severity_level = _FATAL
                sess = ort.InferenceSession(str(probe_model), so, providers=[CUDA, CPU])
                _cuda_usable = sess.get_providers()[0] == CUDA
                if not _cuda_usable:
                    _cuda_problem = "no usable NVIDIA GPU or CUDA libraries were found"
            except Exception as exc:
                _cuda_problem = f"CUDA could not start ({str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__})"
            finally:
                ort.set_default_logger_severity(_QUIET)
    return _cuda_usable


def cuda_problem() -> str:
    """Why CUDA is not used, once cuda_usable() has said it is not (empty when it is)."""
    return "" if _cuda_usable else _cuda_problem


def create_session(model: str | Path, device: str = "auto", threads: int | None = None) -> tuple[ort.InferenceSession, str]:
    """Open a session on the requested device; returns (session, "CUDA" or "CPU").

    device: "auto" (CUDA if usable, else CPU, silently), "cpu", or "cuda" (still falls back to the
    CPU when CUDA does not work, and the returned name says so).
    """
    device = device.lower()
    if device not in DEVICES:
        raise ValueError("device must be auto, cpu or cuda")
    if device != "cpu" and cuda_usable(model):
        ort.set_default_logger_severity(_FATAL)
        try:
            sess = ort.InferenceSession(str(model), session_options(threads), providers=[CUDA, CPU])
        finally:
            ort.set_default_logger_severity(_QUIET)
        if sess.get_providers()[0] == CUDA:
            return sess, "CUDA"
    return ort.InferenceSession(str(model), session_options(threads), providers=[CPU]), "CPU"


# What a graph must look like: input or output name -> (element type, dims); a dim of None is free
# (batch, sequence), an int must match the graph where the graph fixes it.
Signature = dict[str, tuple[str, tuple]]
FLOAT, INT64 = "tensor(float)", "tensor(int64)"


def _dims(shape) -> str:
    return "[" + ", ".join(str(d) if isinstance(d, int) else "any" for d in shape) + "]"


def _mismatch(nodes, expected: Signature | None, side: str) -> str | None:
    """Why the graph's inputs or outputs do not fit `expected`, or None when they do."""
    if expected is None:
        return None
    have = {n.name: n for n in nodes}
    missing = [name for name in expected if name not in have]
    if missing:
        return f"it has no {side} named {missing[0]!r} (it has {', '.join(sorted(have)) or 'none'})"
    extra = [name for name in have if name not in expected]
    if extra and side == "input":  # the engine would not feed it, and running would fail
        return f"it wants an input {extra[0]!r} that this kind of model does not have"
    for name, (dtype, dims) in expected.items():
        node = have[name]
        if node.type != dtype:
            return f"its {side} {name!r} holds {node.type}, not {dtype}"
        if len(node.shape) != len(dims) or any(isinstance(g, int) and isinstance(w, int) and g != w
                                               for g, w in zip(node.shape, dims)):
            return f"its {side} {name!r} is {_dims(node.shape)}, where {_dims(dims)} is expected"
    return None


def open_model(pack, name: str, what: str, device: str = "auto", threads: int | None = None,
               inputs: Signature | None = None, outputs: Signature | None = None) -> tuple[ort.InferenceSession, str]:
    """A session on the pack file `name` (what: "the language model", ...), checked against the
    `inputs` and `outputs` the manifest implies. onnxruntime's refusal of a damaged graph, and a graph
    of another shape or vocabulary, become a ModelPackError that says which model of which pack."""
    try:
        session, provider = create_session(pack.file(name), device, threads)
    except Exception as exc:  # onnxruntime raises its own exception types, with long messages
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelPackError(f"{what.capitalize()} in the model pack {pack.name} could not be loaded ({first}).") from None
    why = _mismatch(session.get_inputs(), inputs, "input") or _mismatch(session.get_outputs(), outputs, "output")
    if why:
        raise ModelPackError(f"{what.capitalize()} in the model pack {pack.name} does not fit the pack's manifest: "
                             f"{why}. The file may belong to another pack.")
    return session, provider
