"""A pack's models read back from their ONNX graphs into torch, so that adapting a pack needs no
checkpoint beside it: the graph is the checkpoint.

The graphs are the ones training/export.py writes (TorchScript exporter, then pack's
share_tied_weights): weights are initializers, each recurrent layer is one ONNX GRU or LSTM node,
and each linear layer a MatMul, or a Gemm, followed by the Add of its bias. ONNX orders a GRU's
gates z, r, h and an LSTM's i, o, f, c, where torch orders them r, z, n and i, f, g, o; the
weights are permuted back here. A graph of any other make (quantised, another exporter) is refused
with a message, never read half right. One quantisation is read: an LM packed with --int8-head,
whose tied output projection alone is int8 (training.export.quantize_head); its float original is
the embedding the lookup keeps, so the weights are still exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack
from training.models.rnn_lm import RNNLM, LMConfig
from training.models.text_vae import TextVAE, VAEConfig

# torch's gate blocks taken from ONNX's, in torch's order
GATES = {"GRU": (1, 0, 2), "LSTM": (0, 2, 3, 1)}
HEAD_OPS = {"DynamicQuantizeLinear", "MatMulInteger"}  # what quantize_head puts in place of the tied Gemm
QUANTISED_OPS = {"DynamicQuantizeLinear", "MatMulInteger", "DynamicQuantizeMatMul", "DequantizeLinear",
                 "QuantizeLinear", "DynamicQuantizeLSTM", "QLinearMatMul"}


class GraphError(Exception):
    """A graph this reader cannot turn back into the torch model exactly; the message says why."""


@dataclass
class Linear:
    weight: np.ndarray  # [out, in], torch's layout
    bias: np.ndarray | None
    tied_to: str | None = None  # the initializer it scores against when the weight is an embedding


class Graph:
    """An ONNX model's nodes and initializers, with the few look-ups the readers need."""

    def __init__(self, path: Path, what: str, int8_head: bool = False):
        import onnx
        from onnx import numpy_helper

        self.what = what
        try:
            model = onnx.load(str(path))
        except Exception as exc:  # onnx raises DecodeError and friends on a damaged file
            raise GraphError(f"{what} ({Path(path).name}) could not be read: {exc}") from None
        self.nodes = list(model.graph.node)
        self.init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
        quantised = sorted({n.op_type for n in self.nodes} & QUANTISED_OPS - (HEAD_OPS if int8_head else set()))
        if quantised:
            raise GraphError(f"{what} is quantised to int8 ({quantised[0]}): its exact weights are gone, so it "
                             "cannot be trained further. Adapt a pack exported without --quantize.")
        self.consumers: dict[str, list] = {}
        for n in self.nodes:
            for name in n.input:
                self.consumers.setdefault(name, []).append(n)

    @staticmethod
    def attr(node, name: str, default=None):
        from onnx import helper

        for a in node.attribute:
            if a.name == name:
                value = helper.get_attribute_value(a)
                return value.decode() if isinstance(value, bytes) else value
        return default

    def of_type(self, op: str) -> list:
        return [n for n in self.nodes if n.op_type == op]

    def embedding(self, input_name: str) -> tuple[str, np.ndarray]:
        """The table a Gather reads with the graph input `input_name`."""
        for n in self.of_type("Gather"):
            if n.input[1] == input_name and n.input[0] in self.init:
                return n.input[0], self.init[n.input[0]]
        raise GraphError(f"{self.what} has no embedding lookup of {input_name!r}")

    def rnn(self, node) -> tuple[str, int, dict[str, np.ndarray]]:
        """(cell, hidden, torch parameters for each direction suffix) of one GRU or LSTM node."""
        op = node.op_type
        hidden = self.attr(node, "hidden_size")
        if op == "GRU" and self.attr(node, "linear_before_reset", 0) != 1:
            raise GraphError(f"{self.what} has a GRU that resets before its linear layer, unlike torch's")
        if self.attr(node, "activations") or self.attr(node, "clip") is not None or self.attr(node, "input_forget", 0):
            raise GraphError(f"{self.what} has a {op} with settings torch's {op} does not have")
        w, r = self.init[node.input[1]], self.init[node.input[2]]
        has_bias = len(node.input) > 3 and node.input[3]
        b = self.init[node.input[3]] if has_bias else np.zeros((w.shape[0], 2 * w.shape[1]), dtype=w.dtype)
        order = GATES[op]

        def torch_order(m: np.ndarray) -> np.ndarray:
            blocks = np.split(m, len(order), axis=0)
            return np.concatenate([blocks[i] for i in order], axis=0)

        params = {}
        for d, suffix in enumerate(("", "_reverse")[: w.shape[0]]):
            gates = w.shape[1]
            params[f"weight_ih_l0{suffix}"] = torch_order(w[d])
            params[f"weight_hh_l0{suffix}"] = torch_order(r[d])
            params[f"bias_ih_l0{suffix}"] = torch_order(b[d, :gates])
            params[f"bias_hh_l0{suffix}"] = torch_order(b[d, gates:])
        return op.lower(), hidden, params

    def linears(self, after=None) -> list[Linear]:
        """Every MatMul or Gemm on an initializer (after node `after`, in graph order), with its bias."""
        start = self.nodes.index(after) + 1 if after is not None else 0
        out = []
        for n in self.nodes[start:]:
            if n.op_type not in ("MatMul", "Gemm") or n.input[1] not in self.init:
                continue
            w = self.init[n.input[1]]
            if n.op_type == "Gemm":
                if self.attr(n, "transA", 0) or self.attr(n, "alpha", 1.0) != 1.0 or self.attr(n, "beta", 1.0) != 1.0:
                    raise GraphError(f"{self.what} has a Gemm that is not a plain linear layer")
                weight = w if self.attr(n, "transB", 0) else w.T
                bias = self.init[n.input[2]] if len(n.input) > 2 and n.input[2] else None
            else:
                weight, bias = w.T, None
            if bias is None:
                bias = self._bias_after(n.output[0])
            tied = n.input[1] if n.op_type == "Gemm" and self.attr(n, "transB", 0) else None
            out.append(Linear(np.ascontiguousarray(weight), bias, tied))
        return out

    def bias_of(self, output: str) -> np.ndarray | None:
        """The initializer the Add that writes graph output `output` adds."""
        for n in self.of_type("Add"):
            if output in n.output:
                other = [i for i in n.input if i in self.init]
                return self.init[other[0]] if other else None
        return None

    def _bias_after(self, name: str) -> np.ndarray | None:
        """The initializer added to `name`, looking through the Reshapes share_tied_weights puts between."""
        for _ in range(4):
            users = self.consumers.get(name, [])
            if len(users) != 1:
                return None
            n = users[0]
            if n.op_type == "Reshape":
                name = n.output[0]
                continue
            if n.op_type == "Add":
                other = [i for i in n.input if i != name]
                return self.init[other[0]] if other and other[0] in self.init else None
            return None
        return None


def _load(module: torch.nn.Module, params: dict[str, np.ndarray], what: str) -> None:
    state = module.state_dict()
    missing = sorted(set(state) - set(params))
    if missing:
        raise GraphError(f"{what}: no weights found for {missing[0]}")
    for name, value in params.items():
        if tuple(state[name].shape) != value.shape:
            raise GraphError(f"{what}: {name} is {list(value.shape)} in the graph, {list(state[name].shape)} in the model")
    module.load_state_dict({k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in params.items()}, strict=True)


# -- the language model ----------------------------------------------------------------------------


def lm_from_pack(pack: ModelPack, dropout: float | None = None) -> RNNLM:
    """The pack's language model as a torch RNNLM (eval mode) with exactly the graph's weights.
    `dropout` is the model's for further training (default: the pack's own run's, else 0)."""
    info = pack.manifest.lm
    if info is None:
        raise GraphError(f"the model pack {pack.name} has no language model")
    if info.quantized:
        raise GraphError(f"the language model of {pack.name} is quantised to int8: its exact weights are gone, so "
                         "it cannot be trained further. Adapt a pack exported without --quantize.")
    if dropout is None:
        dropout = float(info.training.get("options", {}).get("dropout", 0.0))
    return lm_from_onnx(pack.file(info.file), dropout, f"the language model of {pack.name}", info.head == "int8")


def lm_from_onnx(path: Path, dropout: float = 0.0, what: str = "the language model", int8_head: bool = False) -> RNNLM:
    """With `int8_head` (the manifest's lm.head): the tied output projection is the int8 copy of the embedding."""
    g = Graph(path, what, int8_head)
    embed_name, embed = g.embedding("tokens")
    cells = [n for n in g.nodes if n.op_type in GATES]
    if not cells or len({n.op_type for n in cells}) != 1:
        raise GraphError(f"{what} has no recurrent layers of one kind")
    layers = [g.rnn(n) for n in cells]
    cell, hidden = layers[0][0], layers[0][1]
    if any(h != hidden for _, h, _ in layers) or any("weight_ih_l0_reverse" in p for _, _, p in layers):
        raise GraphError(f"{what} has recurrent layers of different sizes or directions")
    linears = g.linears(after=cells[-1])
    if int8_head:
        if not g.of_type("MatMulInteger"):
            raise GraphError(f"{what} has no int8 output projection, though its manifest says so")
        embed_name, embed = g.embedding("tokens")
        linears.append(Linear(embed, g.bias_of("logits"), embed_name))
    if len(linears) not in (1, 2):
        raise GraphError(f"{what} has {len(linears)} linear layers after its recurrent ones, not 1 or 2")
    head = linears[-1]
    vocab, width = embed.shape
    tie = head.tied_to == embed_name or (head.weight.shape == embed.shape and np.array_equal(head.weight, embed))
    cfg = LMConfig(vocab_size=vocab, cell=cell, embed=width, hidden=hidden, layers=len(layers), dropout=dropout,
                   tie=tie)
    model = RNNLM(cfg)
    params = {"embed.weight": embed}
    for k, (_, _, p) in enumerate(layers):
        params.update({f"rnn.{name[:-1]}{k}": v for name, v in p.items()})
    if len(linears) == 2:
        params["proj.weight"], params["proj.bias"] = linears[0].weight, _bias(linears[0], what)
    params["head.bias"] = _bias(head, what)
    if not tie:
        params["head.weight"] = head.weight
    else:
        params["head.weight"] = embed  # the same tensor as embed.weight in the model
    _load(model, params, what)
    return model.eval()


def _bias(lin: Linear, what: str) -> np.ndarray:
    if lin.bias is None:
        raise GraphError(f"{what} has a linear layer without the bias Creagen's models have")
    return lin.bias


# -- the sentence VAE ------------------------------------------------------------------------------


def vae_from_pack(pack: ModelPack, dropout: float | None = None) -> TextVAE:
    """The pack's sentence VAE as a torch TextVAE (eval mode), read from its three graphs."""
    info = pack.manifest.vae
    if info is None:
        raise GraphError(f"the model pack {pack.name} has no sentence VAE")
    what = f"the sentence VAE of {pack.name}"
    enc = Graph(pack.file(info.files.encoder), what + " (encoder)")
    init = Graph(pack.file(info.files.init), what + " (decoder start)")
    dec = Graph(pack.file(info.files.decoder), what + " (decoder)")
    embed_name, embed = enc.embedding("tokens")
    _, dec_embed = dec.embedding("tokens")
    if not np.array_equal(embed, dec_embed):
        raise GraphError(f"{what}: the encoder and decoder do not share one embedding")
    (enc_cell,) = [n for n in enc.nodes if n.op_type == "GRU"] or [None]
    (dec_cell,) = [n for n in dec.nodes if n.op_type == "GRU"] or [None]
    if enc_cell is None or dec_cell is None:
        raise GraphError(f"{what} does not have one GRU in its encoder and one in its decoder")
    _, enc_hidden, enc_p = enc.rnn(enc_cell)
    _, dec_hidden, dec_p = dec.rnn(dec_cell)
    (to_stats,) = enc.linears(after=enc_cell)
    (to_state,) = init.linears()
    out_proj, head = dec.linears(after=dec_cell)
    vocab, width = embed.shape
    tok = Tokenizer.from_pack(pack)
    sp = tok.sp
    if dropout is None:
        dropout = float(info.training.get("options", {}).get("dropout", 0.0))
    cfg = VAEConfig(vocab_size=vocab, bos_id=info.bos_id, eos_id=info.eos_id, pad_id=sp.unk_id(), unk_id=sp.unk_id(),
                    embed=width, enc_hidden=enc_hidden, dec_hidden=dec_hidden, latent=to_state.weight.shape[1],
                    dropout=dropout)
    model = TextVAE(cfg)
    params = {"embed.weight": embed, "to_stats.weight": to_stats.weight, "to_stats.bias": _bias(to_stats, what),
              "to_state.weight": to_state.weight, "to_state.bias": _bias(to_state, what),
              "out_proj.weight": out_proj.weight, "out_proj.bias": _bias(out_proj, what), "out_bias": _bias(head, what)}
    params.update({f"encoder.{k}": v for k, v in enc_p.items()})
    params.update({f"decoder.{k}": v for k, v in dec_p.items()})
    if head.tied_to is None and not np.array_equal(head.weight, embed):
        raise GraphError(f"{what}: the decoder does not score against the shared embedding")
    _load(model, params, what)
    return model.eval()
