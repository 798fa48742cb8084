import json
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.cli import main as train_main  # noqa: E402
from training.export import export_lm, parity_check, quantize_lm, quantized_check  # noqa: E402
from training.models.rnn_lm import RNNLM, LMConfig  # noqa: E402
from training.tokenizer import train_tokenizer  # noqa: E402
from training.train_lm import LMTrainConfig, evaluate_loss, train_lm  # noqa: E402


def test_tokenizer_round_trip_exact(tmp_path, tiny_corpus_dir):
    import sentencepiece as spm

    text = (tiny_corpus_dir / "book_one.txt").read_text()
    path = train_tokenizer(text, tmp_path / "t.model", vocab_size=400)
    sp = spm.SentencePieceProcessor(model_file=str(path))
    for sample in [text[:3000], "  Two spaces,\ttab\n\n\nthree newlines “quotes” — é 你好 ", "x"]:
        assert sp.decode(sp.encode(sample)) == sample


def test_tokenizer_refuses_too_small_vocabulary(tmp_path):
    with pytest.raises(ValueError, match="too small"):
        train_tokenizer("abc def ghi " * 50, tmp_path / "t.model", vocab_size=100)


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


def test_training_lowers_loss_and_resume_continues(tmp_path):
    rng = np.random.default_rng(0)
    # a learnable stream: a repeating pattern with a little noise
    ids = np.tile(np.arange(20), 400) + (rng.random(8000) < 0.05)
    ids = ids.astype(np.int64) % 20
    cfg = LMTrainConfig(embed=16, hidden=32, layers=1, dropout=0.0, batch=8, bptt=16, max_steps=60, lr=0.02,
                        max_minutes=None, eval_every_s=1e9, threads=1)
    untrained = evaluate_loss(RNNLM(LMConfig(20, embed=16, hidden=32, layers=1, dropout=0.0)), ids[:2000])
    s1 = train_lm(ids, ids[:2000], 20, tmp_path, cfg, chars_per_token=1.0, quiet=True)
    assert s1["best_val_loss"] < untrained - 1.0
    assert (tmp_path / "metrics.csv").exists() and (tmp_path / "loss.png").stat().st_size > 1000
    cfg.max_steps = 90
    s2 = train_lm(ids, ids[:2000], 20, tmp_path, cfg, chars_per_token=1.0, resume=True, quiet=True)
    assert s2["steps"] == 90 and s2["tokens"] == 90 * 8 * 16


def test_all_makes_a_pack_and_eval_prints_both_forms(trained_pack_dir, tiny_corpus_dir, capsys):
    manifest = json.loads((trained_pack_dir / "manifest.json").read_text())
    assert manifest["format"] == 1 and manifest["kinds"] == ["lm", "vae", "gan", "fingerprint"]
    assert {f["path"] for f in manifest["files"]} == {"lm.onnx", "tokenizer.model", "vae_encoder.onnx", "vae_init.onnx",
                                                      "vae_decoder.onnx", "gan_generator.onnx", "fingerprint.bin"}
    assert manifest["lm"]["parity_max_abs_diff"] <= 1e-4
    assert manifest["training"]["hyperparameters"]["hidden"] == 64
    text = tiny_corpus_dir / "book_two.md"
    capsys.readouterr()
    train_main(["eval", str(trained_pack_dir), "--text", str(text)])
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("bits_per_char: ")
    bpc = float(line.split(": ")[1])
    train_main(["eval", str(trained_pack_dir), "--text", str(text), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert math.isclose(data["bits_per_char"], bpc, rel_tol=1e-3)
    # a trained model beats the uniform guess over its vocabulary by a wide margin
    assert bpc < 0.5 * math.log2(manifest["tokenizer"]["vocab_size"])


def test_eval_of_bad_pack_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "t.txt").write_text("hello")
    with pytest.raises(SystemExit) as exc:
        train_main(["eval", str(tmp_path / "nopack"), "--text", str(tmp_path / "t.txt")])
    assert exc.value.code == 2
    assert "was not found" in capsys.readouterr().err


def test_empty_corpus_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "empty.txt").write_text("")
    with pytest.raises(SystemExit):
        train_main(["prepare", str(tmp_path / "c"), "--work", str(tmp_path / "w")])
    assert "empty.txt: the file is empty" in capsys.readouterr().err


def test_pack_stores_the_tied_embedding_once(trained_pack_dir):
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper

    exported = trained_pack_dir.parent / "tiny-work" / "lm.onnx"  # as the exporter wrote it
    packed = trained_pack_dir / "lm.onnx"
    shapes = lambda p: sorted(tuple(numpy_helper.to_array(i).shape) for i in onnx.load(str(p)).graph.initializer)  # noqa: E731
    vocab = json.loads((trained_pack_dir / "manifest.json").read_text())["tokenizer"]["vocab_size"]
    assert (32, vocab) in shapes(exported) and (32, vocab) not in shapes(packed)
    assert packed.stat().st_size < exported.stat().st_size
    a = ort.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(packed), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    for batch, seq in [(1, 1), (3, 9)]:
        feed = {"tokens": rng.integers(0, vocab, (batch, seq)).astype(np.int64),
                "state": rng.standard_normal((1, batch, 64)).astype(np.float32)}
        for x, y in zip(a.run(None, feed), b.run(None, feed)):
            assert np.abs(x - y).max() < 1e-5
    # the VAE's decoder ties its embedding the same way and is packed the same way
    exported, packed = trained_pack_dir.parent / "tiny-work" / "vae_decoder.onnx", trained_pack_dir / "vae_decoder.onnx"
    assert (32, vocab) in shapes(exported) and (32, vocab) not in shapes(packed)
    a = ort.InferenceSession(str(exported), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(packed), providers=["CPUExecutionProvider"])
    feed = {"z": rng.standard_normal((3, 8)).astype(np.float32), "tokens": rng.integers(0, vocab, (3, 9)).astype(np.int64),
            "state": rng.standard_normal((1, 3, 64)).astype(np.float32)}
    for x, y in zip(a.run(None, feed), b.run(None, feed)):
        assert np.abs(x - y).max() < 1e-5
