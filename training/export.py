"""Export the models to ONNX and check each against torch; optionally quantise the language model.

The TorchScript exporter (dynamo=False) is used on purpose: the dynamo exporter of torch 2.9+ has
written nn.GRU with linear_before_reset=0, which computes different numbers from torch's GRU.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch

from creagen_desktop.pack.format import VAEFiles, plain
from training.models.rnn_lm import RNNLM

OPSET = 17
PARITY_TOLERANCE = 1e-4


def _export(module: torch.nn.Module, args: tuple, path: Path, inputs: list[str], outputs: list[str], axes: dict) -> None:
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter warns about batch_first RNNs and dynamic axes
        torch.onnx.export(module, args, str(path), input_names=inputs, output_names=outputs, dynamic_axes=axes,
                          opset_version=OPSET, dynamo=False)


def export_lm(model: RNNLM, path: Path) -> Path:
    """The graph the app runs: (tokens [B, T], state [S, B, H]) -> (logits [B, T, V], state_out)."""
    model = model.eval()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tokens = torch.zeros(2, 5, dtype=torch.long)
    _export(model, (tokens, model.initial_state(2)), path, ["tokens", "state"], ["logits", "state_out"],
            {"tokens": {0: "batch", 1: "sequence"}, "state": {1: "batch"},
             "logits": {0: "batch", 1: "sequence"}, "state_out": {1: "batch"}})
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


HEAD_NODE = "head_matmul"


def quantize_head(src: Path, dst: Path) -> Path:
    """The LM with only its output projection quantised to int8 (per-channel weights, activations
    quantised on the fly), written to dst.

    The packed LM computes the tied head as Gemm(x, embedding, transB=1); onnxruntime's dynamic
    quantiser has no integer Gemm, so the Gemm becomes MatMul(x, a transposed copy of the
    embedding), which is quantised alone. The embedding lookup keeps the float original."""
    import logging

    import onnx
    from onnx import helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(src))
    g = model.graph
    gemms = [n for n in g.node if n.op_type == "Gemm"]
    if len(gemms) != 1:
        raise ValueError(f"expected the packed LM's one Gemm (its tied output projection), found {len(gemms)}")
    gemm = gemms[0]
    attrs = {a.name: helper.get_attribute_value(a) for a in gemm.attribute}
    if attrs.get("transB") != 1 or attrs.get("transA", 0) != 0 or len(gemm.input) != 2:
        raise ValueError("the LM's output projection is not the tied Gemm(x, embedding, transB=1) this expects")
    weight = numpy_helper.to_array(next(i for i in g.initializer if i.name == gemm.input[1]))  # [V, E]
    g.initializer.append(numpy_helper.from_array(np.ascontiguousarray(weight.T), f"{HEAD_NODE}_weight"))
    at = list(g.node).index(gemm)
    g.node.remove(gemm)
    g.node.insert(at, helper.make_node("MatMul", [gemm.input[0], f"{HEAD_NODE}_weight"], list(gemm.output), name=HEAD_NODE))
    onnx.checker.check_model(model)
    matmul = Path(dst).with_name(Path(dst).name + ".matmul")
    onnx.save(model, str(matmul))
    logging.disable(logging.WARNING)  # the quantiser's advice to pre-process applies to image models
    try:
        quantize_dynamic(str(matmul), str(dst), nodes_to_quantize=[HEAD_NODE], op_types_to_quantize=["MatMul"],
                         weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)
        matmul.unlink(missing_ok=True)
    return Path(dst)


def export_vae(model, out_dir: Path) -> dict[str, Path]:
    """Write the VAE's three graphs into out_dir under their pack names: encoder (tokens -> mean, logvar),
    init (z -> state) and decoder step. Returns their paths by role."""
    from training.models.text_vae import DecoderGraph, EncoderGraph, InitGraph

    model = model.eval()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {role: out_dir / name for role, name in plain(VAEFiles()).items()}
    c = model.cfg
    tokens = torch.zeros(2, 5, dtype=torch.long)
    z = torch.zeros(2, c.latent)
    state = torch.zeros(1, 2, c.dec_hidden)
    _export(EncoderGraph(model), (tokens,), paths["encoder"], ["tokens"], ["mean", "logvar"],
            {"tokens": {0: "batch", 1: "sequence"}, "mean": {0: "batch"}, "logvar": {0: "batch"}})
    _export(InitGraph(model), (z,), paths["init"], ["z"], ["state"], {"z": {0: "batch"}, "state": {1: "batch"}})
    _export(DecoderGraph(model), (z, tokens, state), paths["decoder"], ["z", "tokens", "state"], ["logits", "state_out"],
            {"z": {0: "batch"}, "tokens": {0: "batch", 1: "sequence"}, "state": {1: "batch"},
             "logits": {0: "batch", 1: "sequence"}, "state_out": {1: "batch"}})
    return paths


def vae_parity_check(model, paths: dict[str, Path], seed: int = 0) -> dict[str, float]:
    """Largest absolute difference between torch and onnxruntime for each exported VAE graph."""
    import onnxruntime as ort

    model = model.eval()
    c = model.cfg
    sess = {k: ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]) for k, p in paths.items()}
    g = torch.Generator().manual_seed(seed)
    worst = {k: 0.0 for k in paths}
    for batch, seq in [(1, 1), (1, 17), (3, 9)]:
        tokens = torch.randint(3, c.vocab_size, (batch, seq), generator=g)
        z = torch.randn(batch, c.latent, generator=g)
        state = torch.randn(1, batch, c.dec_hidden, generator=g) * 0.5
        with torch.no_grad():
            ref_enc = model.encode(tokens)
            ref_init = model.initial_state(z)
            ref_dec = model.decode(z, tokens, state)
        got_enc = sess["encoder"].run(None, {"tokens": tokens.numpy()})
        got_init = sess["init"].run(None, {"z": z.numpy()})
        got_dec = sess["decoder"].run(None, {"z": z.numpy(), "tokens": tokens.numpy(), "state": state.numpy()})
        for key, ref, got in [("encoder", ref_enc, got_enc), ("init", (ref_init,), got_init), ("decoder", ref_dec, got_dec)]:
            for r, o in zip(ref, got):
                worst[key] = max(worst[key], float(np.abs(o - r.numpy()).max()))
    return worst


def share_tied_weights(src: Path, dst: Path) -> int:
    """Rewrite MatMul(x, W^T stored as a copy) into Gemm(x, W, transB=1) on the embedding itself.

    The TorchScript exporter folds the transpose of a tied embedding into a second initializer,
    so the file holds the embedding twice (8 MB for the bundled LM). x [..., K] is flattened to 2-D
    for the Gemm and its leading dimensions restored afterwards. Returns the bytes saved (0: dst untouched).
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(src))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    arrays = {name: numpy_helper.to_array(t) for name, t in inits.items() if len(t.dims) == 2}
    saved = 0
    new_nodes = []
    for node in g.node:
        w_t = node.input[1] if node.op_type == "MatMul" and len(node.input) == 2 else None
        source = None
        if w_t in arrays:
            source = next((n for n, a in arrays.items() if n != w_t and a.shape == arrays[w_t].shape[::-1]
                           and np.array_equal(a.T, arrays[w_t])), None)
        if source is None:
            new_nodes.append(node)
            continue
        x, out, p = node.input[0], node.output[0], node.output[0] + "_tied"
        k, n = arrays[w_t].shape
        consts = {
            f"{p}_flat": np.array([-1, k], dtype=np.int64),
            f"{p}_start": np.array([0], dtype=np.int64),
            f"{p}_end": np.array([-1], dtype=np.int64),
            f"{p}_n": np.array([n], dtype=np.int64),
        }
        g.initializer.extend(numpy_helper.from_array(v, name) for name, v in consts.items())
        new_nodes += [
            helper.make_node("Shape", [x], [f"{p}_shape"]),
            helper.make_node("Slice", [f"{p}_shape", f"{p}_start", f"{p}_end"], [f"{p}_lead"]),
            helper.make_node("Concat", [f"{p}_lead", f"{p}_n"], [f"{p}_outshape"], axis=0),
            helper.make_node("Reshape", [x, f"{p}_flat"], [f"{p}_x2"]),
            helper.make_node("Gemm", [f"{p}_x2", source], [f"{p}_y2"], transB=1),
            helper.make_node("Reshape", [f"{p}_y2", f"{p}_outshape"], [out]),
        ]
        g.initializer.remove(inits[w_t])
        saved += arrays[w_t].nbytes
    if not saved:
        return 0  # nothing shared: dst is not written
    del g.node[:]
    g.node.extend(new_nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return saved


def export_gan(generator, path: Path) -> Path:
    """The sparks generator: noise float32 [batch, noise_dim] -> z float32 [batch, latent]."""
    generator = generator.eval()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _export(generator, (torch.zeros(2, generator.cfg.noise_dim),), path, ["noise"], ["z"],
            {"noise": {0: "batch"}, "z": {0: "batch"}})
    return path


def vector_parity_check(model, path: Path, seed: int = 0) -> float:
    """Largest absolute difference between torch and onnxruntime on random inputs of one vector graph
    (the sparks model's noise)."""
    import onnxruntime as ort

    model = model.eval()
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    g = torch.Generator().manual_seed(seed)
    width = sess.get_inputs()[0].shape[1]
    worst = 0.0
    for batch in (1, 5, 64):
        x = torch.randn(batch, width, generator=g)
        with torch.no_grad():
            ref = model(x).numpy()
        (got,) = sess.run(None, {"noise": x.numpy()})
        worst = max(worst, float(np.abs(got - ref).max()))
    return worst


def export_couplet(model, path: Path) -> Path:
    """The matching-line regressor: z, noise float32 [batch, latent] -> next_z float32 [batch, latent]
    (noise 0: the mean code of the second lines; standard normal noise: one drawn)."""
    model = model.eval()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    zeros = torch.zeros(2, model.cfg.latent)
    _export(model, (zeros, zeros), path, ["z", "noise"], ["next_z"],
            {"z": {0: "batch"}, "noise": {0: "batch"}, "next_z": {0: "batch"}})
    return path


def couplet_parity_check(model, path: Path, seed: int = 0) -> float:
    """Largest absolute difference between torch and onnxruntime of the matching-line regressor, with
    noise and without."""
    import onnxruntime as ort

    model = model.eval()
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    g = torch.Generator().manual_seed(seed)
    worst = 0.0
    for batch in (1, 5, 64):
        z = torch.randn(batch, model.cfg.latent, generator=g)
        for noise in (torch.zeros_like(z), torch.randn(batch, model.cfg.latent, generator=g)):
            with torch.no_grad():
                ref = model(z, noise).numpy()
            (got,) = sess.run(None, {"z": z.numpy(), "noise": noise.numpy()})
            worst = max(worst, float(np.abs(got - ref).max()))
    return worst
