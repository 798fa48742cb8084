import json
import shutil

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from creagen_desktop.engine.tokenizer import Tokenizer  # noqa: E402
from creagen_desktop.pack import ModelPack  # noqa: E402
from creagen_desktop.pack.format import plain  # noqa: E402
from training.cli import main as train_main  # noqa: E402
from training.export import export_gan, gan_parity_check  # noqa: E402
from training.metrics.frechet import frechet_distance, frechet_with_ci  # noqa: E402
from training.losses import critic_loss, generator_loss, gradient_penalty  # noqa: E402
from training.models.latent_gan import GANConfig, Generator  # noqa: E402
from training.train_gan import (  # noqa: E402
    GANTrainConfig,
    encode_codes,
    load_best_gan,
    sample_codes,
    train_gan,
)
from training.train_vae import load_best_vae, sentence_tokens  # noqa: E402


def test_wasserstein_losses():
    real, fake = torch.tensor([2.0, 4.0]), torch.tensor([1.0, 1.0])
    assert critic_loss(real, fake).item() == pytest.approx(-2.0)  # the critic gains by scoring real codes higher
    assert generator_loss(fake).item() == pytest.approx(-1.0)


def test_gradient_penalty_is_zero_only_for_a_unit_slope_critic():
    x, y = torch.randn(16, 3), torch.randn(16, 3)
    unit = torch.nn.Linear(3, 1)
    with torch.no_grad():
        unit.weight.copy_(torch.tensor([[0.6, 0.8, 0.0]]))  # gradient norm 1 everywhere
    steep = torch.nn.Linear(3, 1)
    with torch.no_grad():
        steep.weight.copy_(torch.tensor([[3.0, 0.0, 0.0]]))
    assert gradient_penalty(lambda z: unit(z).squeeze(-1), x, y).item() == pytest.approx(0.0, abs=1e-10)
    assert gradient_penalty(lambda z: steep(z).squeeze(-1), x, y).item() == pytest.approx(4.0, rel=1e-5)


def test_frechet_distance_of_a_set_with_itself_is_zero_and_grows_with_a_shift():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((400, 8))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    near, far = frechet_distance(a, a + 0.5), frechet_distance(a, a + 2.0)
    assert near == pytest.approx(8 * 0.25, rel=1e-6)  # a shift adds its squared length and nothing else
    assert far == pytest.approx(8 * 4.0, rel=1e-6)
    scaled = frechet_distance(a, a * 2.0)
    assert scaled > 1.0
    ci = frechet_with_ci(a, a + 0.5, resamples=50)
    assert ci["ci_low"] <= near <= ci["ci_high"]


def test_exported_generator_matches_torch(tmp_path):
    gen = Generator(GANConfig(latent=6, noise_dim=5, hidden=16))
    gen.set_code_stats(torch.arange(6.0), torch.full((6,), 2.0))
    path = export_gan(gen, tmp_path / "g.onnx")
    assert gan_parity_check(gen, path) < 1e-5


def test_a_tiny_gan_learns_where_a_tiny_vaes_codes_live(trained_pack_dir, tmp_path):
    work = trained_pack_dir.parent / "tiny-work"
    vae = load_best_vae(work / "vae")
    tok = Tokenizer(work / "tokenizer.model")
    train = encode_codes(vae, sentence_tokens((work / "train.txt").read_text(), tok))
    val = encode_codes(vae, sentence_tokens((work / "val.txt").read_text(), tok))
    cfg = GANTrainConfig(noise_dim=8, hidden=32, batch=64, lr=1e-3, critic_steps=3, max_minutes=None, max_steps=600,
                         eval_every_s=1e9, threads=1)
    summary = train_gan(train, val, tmp_path, cfg, quiet=True)
    for name in ("best.pt", "checkpoint.pt", "metrics.csv", "loss.png", "train_summary.json"):
        assert (tmp_path / name).exists()
    gen = load_best_gan(tmp_path)
    untrained = Generator(GANConfig(latent=train.shape[1], noise_dim=8, hidden=32))
    untrained.set_code_stats(torch.from_numpy(train.mean(axis=0)), torch.from_numpy(train.std(axis=0)))
    fd = frechet_distance(sample_codes(gen, len(val)), val)
    assert fd == pytest.approx(summary["best_val_fd"])
    assert fd < 0.4 * summary["prior_val_fd"]  # far closer to the real codes than the prior N(0, I)
    assert fd < 0.5 * frechet_distance(sample_codes(untrained, len(val)), val)
    again = train_gan(train, val, tmp_path / "again", cfg, quiet=True)
    assert again["best_val_fd"] == pytest.approx(summary["best_val_fd"])  # one seed, one result


def test_gan_needs_a_trained_vae(tmp_path, capsys):
    (tmp_path / "tokenizer.model").write_bytes(b"")
    with pytest.raises(SystemExit):
        train_main(["gan", "--work", str(tmp_path), "--gan-steps", "5"])
    assert "train the VAE first" in capsys.readouterr().err


def test_tiny_pack_has_the_generator_and_the_fingerprint(trained_pack_dir):
    pack = ModelPack.load(trained_pack_dir)
    assert pack.kinds == ["lm", "vae", "gan", "fingerprint"]
    gan = pack.manifest.gan
    assert gan.latent == pack.manifest.vae.latent and gan.noise_dim == 8
    assert gan.parity_max_abs_diff < 1e-4 and gan.training["steps"] == 400
    fp = pack.manifest.fingerprint
    assert fp.bits == 600 * 8 and (trained_pack_dir / "fingerprint.bin").stat().st_size == 600
    assert fp.false_flag_bound <= 1e-4


def test_pack_base_keeps_the_generator(trained_pack_dir, tmp_path):
    work_src = trained_pack_dir.parent / "tiny-work"
    work = tmp_path / "work"  # a work folder with only the tokenizer: every model comes from the base
    work.mkdir()
    for name in ["tokenizer.model", "val.txt"]:
        shutil.copy(work_src / name, work / name)
    out = tmp_path / "out"
    assert train_main(["pack", "--work", str(work), "--out", str(out), "--base", str(trained_pack_dir)]) == 0
    pack = ModelPack.load(out)
    assert pack.kinds == ["lm", "vae", "gan", "fingerprint"]
    assert plain(pack.manifest.gan) == json.loads((trained_pack_dir / "manifest.json").read_text())["gan"]


def test_gan_resumes_from_its_checkpoint(tmp_path):
    rng = np.random.default_rng(0)
    codes = (rng.standard_normal((300, 4)) * [1.0, 2.0, 0.5, 1.0] + 3.0).astype(np.float32)
    cfg = GANTrainConfig(noise_dim=4, hidden=16, batch=32, critic_steps=2, max_minutes=None, max_steps=20,
                         eval_every_s=1e9, threads=1)
    train_gan(codes, codes[:50], tmp_path, cfg, quiet=True)
    cfg.max_steps = 35
    s = train_gan(codes, codes[:50], tmp_path, cfg, resume=True, quiet=True)
    assert s["steps"] == 35
    assert len((tmp_path / "metrics.csv").read_text().splitlines()) == 3  # header + the two runs' final rows
    with pytest.raises(ValueError, match="other GAN sizes"):
        train_gan(codes, codes[:50], tmp_path, GANTrainConfig(noise_dim=4, hidden=8, batch=32, max_minutes=None,
                                                              max_steps=40, threads=1), resume=True, quiet=True)
