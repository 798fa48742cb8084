"""Export the language model to ONNX, check it against torch, optionally quantise it.

The TorchScript exporter (dynamo=False) is used on purpose: the dynamo exporter of torch 2.9+ has
written nn.GRU with linear_before_reset=0, which computes different numbers from torch's GRU.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch

from training.models.rnn_lm import RNNLM

OPSET = 17
PARITY_TOLERANCE = 1e-4


def export_lm(model: RNNLM, path: Path) -> Path:
    """The graph the app runs: (tokens [B, T], state [S, B, H]) -> (logits [B, T, V], state_out)."""
    model = model.eval()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tokens = torch.zeros(2, 5, dtype=torch.long)
    state = model.initial_state(2)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter warns about batch_first RNNs and dynamic axes
        torch.onnx.export(
            model,
            (tokens, state),
            str(path),
            input_names=["tokens", "state"],
            output_names=["logits", "state_out"],
            dynamic_axes={
                "tokens": {0: "batch", 1: "sequence"},
                "state": {1: "batch"},
                "logits": {0: "batch", 1: "sequence"},
                "state_out": {1: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )
    return path


def parity_check(model: RNNLM, onnx_path: Path, trials: int = 3, seed: int = 0) -> float:
    """Largest absolute difference of logits and state between torch and onnxruntime on random inputs."""
    import onnxruntime as ort

    model = model.eval()
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    g = torch.Generator().manual_seed(seed)
    worst = 0.0
    for batch, seq in [(1, 1), (3, 7), (2, 33)][:trials]:
        tokens = torch.randint(0, model.cfg.vocab_size, (batch, seq), generator=g)
        state = torch.randn(model.cfg.state_layers, batch, model.cfg.hidden, generator=g) * 0.5
        with torch.no_grad():
            ref_logits, ref_state = model(tokens, state)
        logits, new_state = sess.run(None, {"tokens": tokens.numpy(), "state": state.numpy()})
        worst = max(worst, float(np.abs(logits - ref_logits.numpy()).max()), float(np.abs(new_state - ref_state.numpy()).max()))
    return worst


def quantize_lm(onnx_path: Path, out_path: Path) -> Path:
    """int8 dynamic quantisation of the MatMul, Gather and LSTM weights (onnxruntime has no GRU kernel for it)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(onnx_path), str(out_path), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather", "LSTM"])
    return Path(out_path)


def quantized_check(float_path: Path, quant_path: Path, tokens: np.ndarray, state_shape: tuple[int, int]) -> dict:
    """Compare the quantised model with the float one on real text: logit error and top-1 agreement."""
    import onnxruntime as ort

    a = ort.InferenceSession(str(float_path), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(quant_path), providers=["CPUExecutionProvider"])
    state = np.zeros((state_shape[0], 1, state_shape[1]), dtype=np.float32)
    feed = {"tokens": tokens[None, :].astype(np.int64), "state": state}
    la, _ = a.run(None, feed)
    lb, _ = b.run(None, feed)
    return {
        "max_abs_diff": float(np.abs(la - lb).max()),
        "top1_agreement": float((la.argmax(-1) == lb.argmax(-1)).mean()),
    }
