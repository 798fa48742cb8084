import json

import pytest

pytest.importorskip("torch")

from creagen_desktop.pack import ModelPack  # noqa: E402
from training.cli import main as train_main  # noqa: E402

KEYS = ["fd_sparks", "fd_prior", "fd_lm", "fd_real_vs_real", "self_bleu_sparks", "self_bleu_real", "distinct2_sparks",
        "distinct2_real", "memorisation_rate"]


def test_report_builds_for_a_tiny_pack(trained_pack_dir, tmp_path, capsys):
    work = trained_pack_dir.parent / "tiny-work"
    pack = tmp_path / "pack"
    import shutil

    shutil.copytree(trained_pack_dir, pack)
    args = ["report", str(pack), "--text", str(work / "val.txt"), "--work", str(work), "--sentences", "40",
            "--resamples", "20", "--json"]
    assert train_main(args) == 0
    fig = json.loads(capsys.readouterr().out)
    for key in KEYS:
        assert key in fig, key
    for src in ("sparks", "prior", "lm", "real_vs_real"):
        fd = fig[f"fd_{src}"]
        assert fd["ci_low"] <= fd["fd"] <= fd["ci_high"] and fd["n_a"] == 40 and fd["n_b"] == 40
    assert set(fig["memorisation_rate"]) == {"sparks", "prior", "lm", "variations", "real_heldout"}
    assert fig["memorisation_rate"]["real_heldout"] > 0.5  # the made-up corpus repeats itself: a check that can fail
    out = pack / "report"
    page = (out / "report.html").read_text()
    assert "latent_map.png" in page and "curves.png" in page and "Sparks" in page
    assert (out / "latent_map.png").stat().st_size > 1000 and (out / "curves.png").stat().st_size > 1000
    assert ModelPack.load(pack).kinds == ModelPack.load(trained_pack_dir).kinds  # the report is not part of the pack


def test_report_explains_too_little_text(trained_pack_dir, tmp_path, capsys):
    short = tmp_path / "short.txt"
    short.write_text("The old man walked to the door. She left the river at night.\n")
    with pytest.raises(SystemExit):
        train_main(["report", str(trained_pack_dir), "--text", str(short), "--out", str(tmp_path / "r")])
    assert "sentences" in capsys.readouterr().err
