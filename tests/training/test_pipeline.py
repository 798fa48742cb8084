import json
import math

import pytest

pytest.importorskip("torch")

from training.cli import main as train_main  # noqa: E402


def test_all_makes_a_pack_and_eval_prints_both_forms(trained_pack_dir, tiny_corpus_dir, capsys):
    manifest = json.loads((trained_pack_dir / "manifest.json").read_text())
    assert manifest["format"] == 1 and manifest["kinds"] == ["lm", "vae", "gan", "fingerprint", "lexicon"]
    assert {f["path"] for f in manifest["files"]} == {"lm.onnx", "tokenizer.model", "vae_encoder.onnx", "vae_init.onnx",
                                                      "vae_decoder.onnx", "gan_generator.onnx", "fingerprint.bin",
                                                      "lexicon.txt.gz"}
    assert manifest["lm"]["parity_max_abs_diff"] <= 1e-4
    assert manifest["lm"]["training"]["options"]["hidden"] == 64
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


def test_eval_json_gives_the_vae_figures(trained_pack_dir, tiny_corpus_dir, capsys, vae_figure_keys):
    assert train_main(["eval", str(trained_pack_dir), "--text", str(tiny_corpus_dir / "book_two.md"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in vae_figure_keys:
        assert isinstance(result[key], (int, float))
    assert result["vae_latent_dim"] == 8


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


def test_gan_needs_a_trained_vae(tmp_path, capsys):
    (tmp_path / "tokenizer.model").write_bytes(b"")
    with pytest.raises(SystemExit):
        train_main(["gan", "--work", str(tmp_path), "--gan-steps", "5"])
    assert "train the VAE first" in capsys.readouterr().err


@pytest.mark.parametrize("step,flags", [("lm", "--max-minutes (or --max-steps) for the language model"),
                                        ("vae", "--vae-minutes (or --vae-steps) for the sentence VAE")])
def test_a_training_step_without_a_budget_says_which_flags(tmp_path, capsys, step, flags):
    with pytest.raises(SystemExit) as exc:
        train_main([step, "--work", str(tmp_path)])
    assert exc.value.code == 2 and f"give {flags}" in capsys.readouterr().err


def test_all_without_a_budget_stops_before_touching_anything(tmp_path, tiny_corpus_dir, capsys):
    with pytest.raises(SystemExit):
        train_main(["all", "--corpus", str(tiny_corpus_dir), "--out", str(tmp_path / "pack")])
    assert "give --max-minutes (or --max-steps) for the language model" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_step_whose_input_is_missing_names_the_step_before(tmp_path, capsys):
    with pytest.raises(SystemExit):
        train_main(["tokenizer", "--work", str(tmp_path)])
    assert "train.txt does not exist; run the earlier step first" in capsys.readouterr().err
