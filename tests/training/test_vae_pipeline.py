import json
import shutil

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from creagen_desktop.pack import ModelPack  # noqa: E402
from training.cli import main as train_main  # noqa: E402
from training.export import export_vae, vae_parity_check  # noqa: E402
from training.losses import free_bits_kl, gaussian_kl, kl_weight, sequence_nll  # noqa: E402
from training.models.text_vae import TextVAE, VAEConfig  # noqa: E402
from training.metrics.text_metrics import corpus_bleu4, shared_token_share, token_accuracy  # noqa: E402
from training.train_vae import VAETrainConfig, make_batch, train_vae  # noqa: E402

REQUIRED_KEYS = ["vae_kl_nats", "vae_active_units", "vae_latent_dim", "vae_recon_bleu4", "vae_recon_nll_per_token"]


def _cfg(**kw):
    return VAEConfig(vocab_size=50, bos_id=1, eos_id=2, pad_id=0, unk_id=0, embed=8, enc_hidden=8, dec_hidden=16,
                     latent=4, **kw)


def test_kl_schedules():
    assert kl_weight(0.0, "linear", ramp=0.5) == 0.0
    assert kl_weight(0.25, "linear", ramp=0.5) == pytest.approx(0.5)
    assert kl_weight(0.9, "linear", ramp=0.5) == 1.0
    # three cycles: beta drops back to 0 at the start of each and is 1 at the end of the run
    assert kl_weight(1 / 3 + 1e-6, "cyclical", cycles=3) < 0.01
    assert kl_weight(1 / 3 - 1e-6, "cyclical", cycles=3) == 1.0
    assert kl_weight(1.0, "cyclical", cycles=3) == 1.0
    with pytest.raises(ValueError):
        kl_weight(0.5, "sideways")


def test_kl_and_free_bits():
    mean, logvar = torch.zeros(3, 4), torch.zeros(3, 4)
    assert gaussian_kl(mean, logvar).abs().max() < 1e-7  # the prior itself costs nothing
    kl = gaussian_kl(torch.tensor([[1.0, 0.0]]), torch.zeros(1, 2))
    assert kl.tolist() == [[0.5, 0.0]]
    assert free_bits_kl(kl, 0.0).item() == pytest.approx(0.5)
    assert free_bits_kl(kl, 0.25).item() == pytest.approx(0.75)  # the collapsed dimension is charged the floor


def test_sequence_nll_ignores_padding():
    logits = torch.zeros(1, 3, 5)
    full = sequence_nll(logits, torch.tensor([[1, 2, 3]]), pad_id=0)
    padded = sequence_nll(logits, torch.tensor([[1, 2, 0]]), pad_id=0)
    assert padded.item() == pytest.approx(full.item() * 2 / 3)


def test_exported_graphs_match_torch(tmp_path):
    model = TextVAE(_cfg())
    paths = export_vae(model, tmp_path)
    diffs = vae_parity_check(model, paths)
    assert set(diffs) == {"encoder", "init", "decoder"}
    assert max(diffs.values()) < 1e-4


def test_training_lowers_the_reconstruction_loss(tmp_path):
    rng = np.random.default_rng(0)
    # sentences that differ only in which two "words" they hold: z must carry them
    seqs = [np.array([5 + a, 20, 30, 5 + b, 40], dtype=np.int64) for a in range(8) for b in range(8) for _ in range(2)]
    rng.shuffle(seqs)
    cfg = VAETrainConfig(max_minutes=None, max_steps=150, batch=16, lr=0.01, eval_every_s=1e9, word_dropout=0.3,
                         free_bits=0.5, kl_schedule="linear", threads=1)
    model_cfg = _cfg()
    summary = train_vae(seqs, seqs[:32], model_cfg, tmp_path, cfg, quiet=True)
    rows = (tmp_path / "metrics.csv").read_text().splitlines()
    assert len(rows) >= 2 and (tmp_path / "best.pt").exists() and (tmp_path / "loss.png").exists()
    untrained = TextVAE(model_cfg).eval()
    b = make_batch(seqs[:32], model_cfg)
    with torch.no_grad():
        mean, _ = untrained.encode(b["x"], b["lengths"])
        before = sequence_nll(untrained.decode(mean, b["dec_in"], untrained.initial_state(mean))[0], b["target"], 0).mean()
    assert summary["final"]["rec_per_sentence"] < 0.5 * before.item()


def test_text_metrics():
    assert corpus_bleu4(["the cat sat on the mat"], ["the cat sat on the mat"]) == pytest.approx(1.0)
    assert corpus_bleu4(["a b"], ["the cat sat on the mat"]) < 0.05
    assert shared_token_share([1, 2, 2, 3], [2, 3, 9]) == 0.5
    assert token_accuracy([1, 2, 3], [1, 2, 4, 5]) == 0.5


def test_tiny_pack_has_the_vae_and_its_figures(trained_pack_dir):
    pack = ModelPack.load(trained_pack_dir)
    assert "vae" in pack.kinds
    vae = pack.manifest.vae
    assert vae.latent == 8 and max(vae.parity_max_abs_diff.values()) < 1e-4
    metrics = pack.manifest.metrics
    for key in REQUIRED_KEYS:
        assert key in metrics
    assert metrics["vae_active_units"] >= 1


def test_eval_json_gives_the_vae_figures(trained_pack_dir, tiny_corpus_dir, capsys):
    assert train_main(["eval", str(trained_pack_dir), "--text", str(tiny_corpus_dir / "book_two.md"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in REQUIRED_KEYS:
        assert isinstance(result[key], (int, float))
    assert result["vae_latent_dim"] == 8


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
    assert pack.kinds == ["lm", "vae", "fingerprint"]  # the fingerprint is built from the work folder's train.txt
    assert pack.manifest.metrics["val_bits_per_char"] == m["metrics"]["val_bits_per_char"]  # kept from the base
    assert "vae_kl_nats" in pack.manifest.metrics
    assert not out.with_name("out.new").exists()


def test_training_resumes_from_its_checkpoint(tmp_path):
    seqs = [np.array([5 + a, 20, 30, 5 + b, 40], dtype=np.int64) for a in range(8) for b in range(8)]
    cfg = VAETrainConfig(max_minutes=None, max_steps=20, batch=16, eval_every_s=1e9, threads=1)
    first = train_vae(seqs, seqs[:16], _cfg(), tmp_path, cfg, quiet=True)
    cfg.max_steps = 35
    second = train_vae(seqs, seqs[:16], _cfg(), tmp_path, cfg, resume=True, quiet=True)
    assert (first["steps"], second["steps"]) == (20, 35)
    assert second["sentences_seen"] == 35 * 16
