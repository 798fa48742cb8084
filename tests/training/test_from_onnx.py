"""A pack's models read back from ONNX into torch: the round trip is exact (the same weights, bit for
bit, once exported again) and the torch model computes what onnxruntime computes."""

import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")

from onnx import numpy_helper  # noqa: E402

from creagen_desktop.pack import ModelPack  # noqa: E402
from training.export import (  # noqa: E402
    export_lm,
    export_vae,
    parity_check,
    quantize_lm,
    share_tied_weights,
    vae_parity_check,
)
from training.from_onnx import GraphError, lm_from_onnx, lm_from_pack, vae_from_pack  # noqa: E402
from training.models.rnn_lm import RNNLM, LMConfig  # noqa: E402


def weights(path) -> list[tuple[tuple, bytes]]:
    """Every initializer of a graph as (shape, raw bytes), whatever the exporter named it."""
    arrays = (numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer)
    return sorted((a.shape, a.tobytes()) for a in arrays)


def packed(model: RNNLM, folder, name="lm") -> object:
    """Export like `creagen-train export` and `pack` do: the exporter, then one copy of a tied embedding."""
    raw = export_lm(model, folder / f"{name}_float.onnx")
    out = folder / f"{name}.onnx"
    if not share_tied_weights(raw, out):
        out.write_bytes(raw.read_bytes())
    return out


def test_the_packs_language_model_comes_back_exactly(tiny_pack_dir, tmp_path):
    pack = ModelPack.load(tiny_pack_dir)
    model = lm_from_pack(pack)
    original = pack.file(pack.manifest.lm.file)
    assert parity_check(model, original) < 1e-5  # torch computes what onnxruntime computes
    again = packed(model, tmp_path)
    assert weights(again) == weights(original)  # bit for bit: nothing was lost or rounded on the way
    assert model.cfg.tie and model.head.weight is model.embed.weight  # tied, as trained
    m = pack.manifest.lm
    assert (model.cfg.cell, model.cfg.layers, model.cfg.hidden, model.cfg.embed) == (m.arch, m.layers, m.hidden, m.embed)


@pytest.mark.parametrize("cell,tie,layers", [("lstm", True, 2), ("gru", False, 2), ("lstm", False, 1)])
def test_every_shape_of_language_model_round_trips(tmp_path, cell, tie, layers):
    torch.manual_seed(0)
    model = RNNLM(LMConfig(vocab_size=97, cell=cell, embed=24, hidden=40, layers=layers, dropout=0.0, tie=tie)).eval()
    with torch.no_grad():  # a bias that is not zero, so a dropped one would show
        model.head.bias.normal_()
    path = packed(model, tmp_path)
    back = lm_from_onnx(path)
    assert back.cfg == model.cfg
    mine, theirs = model.state_dict(), back.state_dict()
    assert mine.keys() == theirs.keys()
    for k in mine:
        assert torch.equal(mine[k], theirs[k]), k


def test_the_packs_vae_comes_back_exactly(tiny_pack_dir, tmp_path):
    pack = ModelPack.load(tiny_pack_dir)
    vae = vae_from_pack(pack)
    files = pack.manifest.vae.files
    originals = {"encoder": pack.file(files.encoder), "init": pack.file(files.init), "decoder": pack.file(files.decoder)}
    assert max(vae_parity_check(vae, originals).values()) < 1e-5
    again = export_vae(vae, tmp_path / "raw")
    for role, raw in again.items():
        out = tmp_path / f"{role}.onnx"
        if not share_tied_weights(raw, out):
            out.write_bytes(raw.read_bytes())
        assert weights(out) == weights(originals[role]), role
    assert (vae.cfg.latent, vae.cfg.bos_id, vae.cfg.eos_id) == (pack.manifest.vae.latent, 1, 2)


def test_a_quantised_graph_is_refused_with_a_reason(tmp_path):
    torch.manual_seed(0)
    model = RNNLM(LMConfig(vocab_size=50, cell="lstm", embed=16, hidden=16, layers=1, dropout=0.0))
    q = quantize_lm(export_lm(model, tmp_path / "f.onnx"), tmp_path / "q.onnx")
    with pytest.raises(GraphError, match="quantised to int8.*without --quantize"):
        lm_from_onnx(q)


def test_a_damaged_graph_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "lm.onnx"
    bad.write_bytes(b"not a graph" * 10)
    with pytest.raises(GraphError, match="could not be read"):
        lm_from_onnx(bad)


def test_a_graph_without_recurrent_layers_is_refused(tmp_path):
    class NotAnLM(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(10, 4)

        def forward(self, tokens, state):
            return self.embed(tokens), state

    path = tmp_path / "x.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notes
        torch.onnx.export(NotAnLM(), (torch.zeros(1, 3, dtype=torch.long), torch.zeros(1, 1, 4)), str(path),
                          input_names=["tokens", "state"], output_names=["logits", "state_out"], dynamo=False)
    with pytest.raises(GraphError, match="no recurrent layers"):
        lm_from_onnx(path)


def test_the_bundled_pack_reads_back_too():
    """The shipped en-fiction pack (exported before the tiny pack's torch, its head in int8): the same
    outputs as onnxruntime, up to the int8 head's rounding (the float weights are exact)."""
    from creagen_desktop.paths import default_pack_dir

    pack = ModelPack.load(default_pack_dir(), verify_hashes=False)
    model = lm_from_pack(pack)
    int8 = pack.manifest.lm.head == "int8"
    assert parity_check(model, pack.file(pack.manifest.lm.file), trials=2) < (0.5 if int8 else 1e-4)
    assert np.isclose(model.cfg.dropout, 0.1)  # the pack's own run's, from its manifest


def test_an_int8_head_reads_back_from_the_embedding(tmp_path):
    """A pack's LM with only its tied output projection in int8 (pack --int8-head): the float weights
    are all still in the graph (the embedding is the projection); any other int8 graph is refused."""
    from training.export import quantize_head

    torch.manual_seed(0)
    model = RNNLM(LMConfig(vocab_size=60, cell="gru", embed=16, hidden=24, layers=2, dropout=0.0, tie=True))
    with torch.no_grad():
        model.head.bias.normal_()
    f = packed(model, tmp_path)
    q = quantize_head(f, tmp_path / "q.onnx")
    with pytest.raises(GraphError, match="quantised to int8"):
        lm_from_onnx(q)  # not told the head is int8: refused, never read half right
    back = lm_from_onnx(q, int8_head=True)
    for name, value in model.state_dict().items():
        assert torch.equal(back.state_dict()[name], value), name
    with pytest.raises(GraphError, match="no int8 output projection"):
        lm_from_onnx(f, int8_head=True)
