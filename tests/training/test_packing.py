import json
import shutil

import numpy as np
import pytest

pytest.importorskip("torch")

from creagen_desktop.pack import ModelPack  # noqa: E402
from creagen_desktop.pack.format import plain  # noqa: E402
from training.cli import main as train_main  # noqa: E402
from training.options import GROUPS, record, resolve  # noqa: E402
from training.workdir import WorkDir  # noqa: E402


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


def test_tiny_pack_has_the_vae_and_its_figures(trained_pack_dir, vae_figure_keys):
    pack = ModelPack.load(trained_pack_dir)
    assert "vae" in pack.kinds
    vae = pack.manifest.vae
    assert vae.latent == 8 and max(vae.parity_max_abs_diff.values()) < 1e-4
    metrics = pack.manifest.metrics
    for key in vae_figure_keys:
        assert key in metrics
    assert metrics["vae_active_units"] >= 1


def test_tiny_pack_has_the_generator_and_the_fingerprint(trained_pack_dir):
    pack = ModelPack.load(trained_pack_dir)
    assert pack.kinds == ["lm", "vae", "gan", "fingerprint", "lexicon"]
    gan = pack.manifest.gan
    assert gan.latent == pack.manifest.vae.latent and gan.noise_dim == 8
    assert gan.parity_max_abs_diff < 1e-4 and gan.training["steps"] == 400
    fp = pack.manifest.fingerprint
    assert fp.bits == 600 * 8 and (trained_pack_dir / "fingerprint.bin").stat().st_size == 600
    assert fp.false_flag_bound <= 1e-4


def test_pack_base_adds_a_vae_to_an_lm_only_pack(trained_pack_dir, tmp_path, capsys):
    work_src = trained_pack_dir.parent / "tiny-work"
    base = tmp_path / "base"
    shutil.copytree(trained_pack_dir, base)
    m = json.loads((base / "manifest.json").read_text())
    m["kinds"] = ["lm"]
    del m["vae"]
    m["files"] = [f for f in m["files"] if not f["path"].startswith("vae_")]
    for f in base.glob("vae_*.onnx"):
        f.unlink()
    (base / "manifest.json").write_text(json.dumps(m))
    # a work folder that holds only the VAE (no LM export)
    work = tmp_path / "work"
    work.mkdir()
    for name in ["tokenizer.model", "val.txt", "train.txt", "vae_export.json", "vae_encoder.onnx", "vae_init.onnx",
                 "vae_decoder.onnx"]:
        shutil.copy(work_src / name, work / name)
    shutil.copytree(work_src / "vae", work / "vae")
    out = tmp_path / "out"
    assert train_main(["pack", "--work", str(work), "--out", str(out), "--base", str(base), "--name", "grown"]) == 0
    pack = ModelPack.load(out)
    assert pack.kinds == ["lm", "vae", "fingerprint", "lexicon"]  # both built from the work folder's train.txt
    assert pack.manifest.metrics["val_bits_per_char"] == m["metrics"]["val_bits_per_char"]  # kept from the base
    assert "vae_kl_nats" in pack.manifest.metrics
    assert not out.with_name("out.new").exists()


def test_pack_base_keeps_the_generator(trained_pack_dir, tmp_path):
    work_src = trained_pack_dir.parent / "tiny-work"
    work = tmp_path / "work"  # a work folder with only the tokenizer: every model comes from the base
    work.mkdir()
    for name in ["tokenizer.model", "val.txt"]:
        shutil.copy(work_src / name, work / name)
    out = tmp_path / "out"
    assert train_main(["pack", "--work", str(work), "--out", str(out), "--base", str(trained_pack_dir)]) == 0
    (out / "report").mkdir()
    (out / "report" / "report.html").write_text("the report")
    assert train_main(["pack", "--work", str(work), "--out", str(out), "--base", str(out)]) == 0  # again, in place
    assert (out / "report" / "report.html").read_text() == "the report"  # the report beside it stays
    pack = ModelPack.load(out)
    assert pack.kinds == ["lm", "vae", "gan", "fingerprint", "lexicon"]  # without a train.txt, the base's lexicon
    assert plain(pack.manifest.gan) == json.loads((trained_pack_dir / "manifest.json").read_text())["gan"]


def test_every_training_option_reaches_the_summary_and_the_manifest(trained_pack_dir):
    work = WorkDir(trained_pack_dir.parent / "tiny-work")
    manifest = ModelPack.load(trained_pack_dir).manifest
    for kind in ("lm", "vae", "gan"):
        expected = record(resolve(kind, {}, "tiny"))  # the fixture trains with `--preset tiny` and no other flag
        assert list(expected) == [o.name for o in GROUPS[kind]]
        assert work.run(kind).read_summary()["options"] == expected
        training = manifest.section(kind).training
        assert training["options"] == expected
        assert training["steps"] == expected["max_steps"] and training["resumes"] == []
    # the top-level record describes the corpus only; each model's run figures are in its own section
    assert set(manifest.training) == {"corpus", "files", "paragraphs", "validation", "train_chars"}
    assert manifest.lm.training["tokens_seen"] == 150 * 8 * 32


def test_the_lexicon_holds_the_training_words_seen_often_enough(trained_pack_dir, tmp_path):
    from creagen_desktop.engine.words import Lexicon, load_lexicon

    pack = ModelPack.load(trained_pack_dir)
    train = (trained_pack_dir.parent / "tiny-work" / "train.txt").read_text(encoding="utf-8")
    assert load_lexicon(pack).words == Lexicon.from_text(train, 3).words
    assert pack.manifest.lexicon.min_count == 3 and pack.manifest.lexicon.source == "train.txt"
    out = tmp_path / "no-lexicon"
    work = trained_pack_dir.parent / "tiny-work"
    assert train_main(["pack", "--work", str(work), "--out", str(out), "--lexicon-min-count", "0",
                       "--fingerprint-bytes", "0"]) == 0
    assert "lexicon" not in ModelPack.load(out).kinds


def test_pack_tries_an_int8_head_and_keeps_it_only_when_it_pays(trained_pack_dir, tmp_path, capsys):
    import onnx

    from creagen_desktop.engine.engine import Engine

    work_src = trained_pack_dir.parent / "tiny-work"
    work = tmp_path / "work"  # the models come from the base: re-packed with the head quantised
    work.mkdir()
    for name in ["tokenizer.model", "val.txt"]:
        shutil.copy(work_src / name, work / name)
    out = tmp_path / "out"
    assert train_main(["pack", "--work", str(work), "--out", str(out), "--base", str(trained_pack_dir),
                       "--int8-head"]) == 0
    printed = capsys.readouterr().out
    lm = ModelPack.load(out).manifest.lm
    check = lm.head_check
    assert "int8 head: bits/char" in printed and check["chars"] > 0
    pays = check["bits_per_char_change"] <= 0.005 and check["step_speedup_b1"] > 1.0
    assert check["kept"] == pays and lm.head == ("int8" if pays else "float")
    ops = {n.op_type for n in onnx.load(str(out / lm.file)).graph.node}
    assert ("MatMulInteger" in ops) == pays
    engine = Engine.load(out, device="cpu")  # either way the pack works
    assert engine.ghost("The old man walked to the ri").units
    if pays:  # and the bits per character measured through it are the int8 head's
        assert ModelPack.load(out).manifest.metrics["val_bits_per_char"] != json.loads(
            (trained_pack_dir / "manifest.json").read_text())["metrics"]["val_bits_per_char"]
