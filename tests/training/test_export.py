import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.export import (  # noqa: E402
    export_gan,
    export_lm,
    export_vae,
    parity_check,
    quantize_lm,
    quantized_check,
    vae_parity_check,
    vector_parity_check,
)
from training.models.latent_gan import GANConfig, Generator  # noqa: E402
from training.models.rnn_lm import RNNLM, LMConfig  # noqa: E402
from training.models.text_vae import TextVAE  # noqa: E402


@pytest.mark.parametrize("cell", ["gru", "lstm"])
def test_export_parity_with_torch(tmp_path, cell):
    torch.manual_seed(0)
    model = RNNLM(LMConfig(vocab_size=300, cell=cell, embed=24, hidden=40, layers=2, dropout=0.0))
    path = export_lm(model, tmp_path / f"{cell}.onnx")
    assert parity_check(model, path) <= 1e-4


def test_quantized_export_runs_and_agrees(tmp_path):
    torch.manual_seed(0)
    model = RNNLM(LMConfig(vocab_size=300, cell="lstm", embed=32, hidden=48, layers=1, dropout=0.0))
    f = export_lm(model, tmp_path / "f.onnx")
    q = quantize_lm(f, tmp_path / "q.onnx")
    check = quantized_check(f, q, np.arange(50) % 300, (2, 48))
    assert check["top1_agreement"] > 0.8 and check["max_abs_diff"] < 1.0


def test_exported_graphs_match_torch(tmp_path, small_vae_config):
    model = TextVAE(small_vae_config)
    paths = export_vae(model, tmp_path)
    diffs = vae_parity_check(model, paths)
    assert set(diffs) == {"encoder", "init", "decoder"}
    assert max(diffs.values()) < 1e-4


def test_exported_generator_matches_torch(tmp_path):
    gen = Generator(GANConfig(latent=6, noise_dim=5, hidden=16))
    gen.set_code_stats(torch.arange(6.0), torch.full((6,), 2.0))
    path = export_gan(gen, tmp_path / "g.onnx")
    assert vector_parity_check(gen, path) < 1e-5
