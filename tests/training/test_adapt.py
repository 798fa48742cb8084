"""`creagen-train adapt`: the committed tiny pack trained further on a tiny "writer's" text."""

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from tiny_data import make_text  # noqa: E402

from creagen_desktop.adaptation import WORK_PREFIX, Request, command, parse_progress, sweep_leftovers  # noqa: E402
from creagen_desktop.pack import MANIFEST, ModelPack, sha256_of  # noqa: E402
from training.cli import build_parser, main  # noqa: E402
from training.corpus import clean_files  # noqa: E402
from training.options import resolve  # noqa: E402
from training.train_adapt import EarlyStop  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# names the base pack has never seen, and a sentence that must not leave the writer's folder
NAMES = {"The captain": "Queequeg", "Mary": "Starbuck"}
SECRET = "Nobody must ever read that Queequeg hid the harpoon under the floorboards."


def writer_text(seed: int = 7, n: int = 120) -> str:
    text = make_text(n, seed=seed)
    for old, new in NAMES.items():
        text = text.replace(old, new)
    return text + "\n" + SECRET + "\n"


@pytest.fixture
def writer(tmp_path) -> Path:
    folder = tmp_path / "my novel"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "one.txt").write_text(writer_text(7), encoding="utf-8")
    (folder / "two.md").write_text(writer_text(8, 40), encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_text("a hidden file is never read", encoding="utf-8")
    return folder


@pytest.fixture
def private_temp(tmp_path, monkeypatch) -> Path:
    """The temporary folder adapt makes its work folder in: checked empty afterwards."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def left(temp: Path) -> list[Path]:
    """adapt's work folders in `temp` (torch keeps its own caches there too)."""
    return [p for p in temp.iterdir() if p.name.startswith(WORK_PREFIX)]


def adapt(base, texts, out, *extra) -> None:
    main(["adapt", str(base), "--texts", *map(str, texts), "--out", str(out), "--max-steps", "40",
          "--eval-every", "0", "--threads", "1", *extra])


def test_adapt_learns_the_writers_text_and_keeps_it_private(tiny_pack_dir, writer, tmp_path, private_temp):
    out = tmp_path / "packs" / "mine"
    adapt(tiny_pack_dir, [writer], out, "--name", "mine")
    pack, base = ModelPack.load(out), ModelPack.load(tiny_pack_dir)
    m = pack.manifest
    assert m.name == "mine" and m.kinds == base.kinds
    a = m.adaptation
    assert (a.base, a.adapted, a.files) == ("tiny-test", ["lm"], 2)  # .git/notes.txt was not read
    assert a.base_lm_sha256 == sha256_of(base.file(base.manifest.lm.file))
    assert 0 < a.held_out_characters < a.characters
    # the writer's held-out text, measured through the app's engine: better than the base pack's figure
    assert m.metrics["val_bits_per_char"] < m.metrics["base_val_bits_per_char"]
    # the base's fingerprint, tokenizer and other models are kept as they were; the LM is new
    for kind in ("fingerprint", "vae", "gan"):
        for name in base.manifest.files_of(kind):
            assert sha256_of(pack.file(name)) == sha256_of(base.file(name)), name
    assert sha256_of(pack.tokenizer_path) == sha256_of(base.tokenizer_path)
    # its lexicon: the base's words and the writer's seen as often (the names it learnt), no sentence
    from creagen_desktop.engine.words import load_lexicon

    words, base_words = load_lexicon(pack).words, load_lexicon(base).words
    assert base_words < words and {"queequeg", "starbuck"} <= words and "floorboards" not in words
    assert sha256_of(pack.file(m.lm.file)) != a.base_lm_sha256
    # privacy: no file name, no folder, no text of the writer in the manifest or any file of the pack
    manifest = (out / MANIFEST).read_text(encoding="utf-8")
    for word in ("one.txt", "two.md", "chapters", "my novel", str(writer)):
        assert word not in manifest
    for f in out.iterdir():
        data = f.read_bytes()
        assert b"floorboards" not in data and b"Queequeg hid" not in data, f.name
    assert left(private_temp) == []  # the work folder, with its copy of the text, is gone
    assert not any(p.name.startswith(".") for p in out.parent.iterdir())  # no staging folder left


def name_bits(pack_dir: Path, before: str, name: str) -> float:
    """Bits the pack's language model (through the app's engine) spends on `name` after `before`."""
    import numpy as np

    from creagen_desktop.engine.tokenizer import Tokenizer
    from training.evaluate import token_probabilities

    pack = ModelPack.load(pack_dir)
    tail = Tokenizer.from_pack(pack).encode(name)
    ids, probs = token_probabilities(pack, before + name)
    assert list(ids[-len(tail):]) == tail
    return float(-np.log2(probs[-len(tail):]).sum())


def test_the_adapted_model_writes_the_writers_names(tiny_pack_dir, writer, tmp_path, private_temp):
    out = tmp_path / "mine"
    main(["adapt", str(tiny_pack_dir), "--texts", str(writer), "--out", str(out), "--max-steps", "150",
          "--eval-every", "5", "--threads", "1", "--lr", "0.01"])
    before = "She walked to the garden. The old man looked at the river."
    for name in NAMES.values():  # names the base never saw: the adapted model expects them
        mine, base = name_bits(out, before, " " + name), name_bits(tiny_pack_dir, before, " " + name)
        assert mine < 0.5 * base, (name, mine, base)


def test_adapting_the_vae_keeps_the_latent_space_and_the_sparks(tiny_pack_dir, writer, tmp_path, private_temp):
    out = tmp_path / "mine"
    adapt(tiny_pack_dir, [writer], out, "--vae")
    pack, base = ModelPack.load(out), ModelPack.load(tiny_pack_dir)
    assert pack.manifest.adaptation.adapted == ["lm", "vae"]
    files, base_files = pack.manifest.vae.files, base.manifest.vae.files
    # the encoder is frozen: every sentence keeps its code, so the base's sparks generator still fits
    assert sha256_of(pack.file(files.encoder)) == sha256_of(base.file(base_files.encoder))
    assert sha256_of(pack.file(files.decoder)) != sha256_of(base.file(base_files.decoder))
    gan, base_gan = pack.manifest.gan.files.generator, base.manifest.gan.files.generator
    assert sha256_of(pack.file(gan)) == sha256_of(base.file(base_gan))
    assert pack.manifest.vae.training["frozen"] == ["embed", "encoder", "to_stats"]


def test_a_pull_that_always_wins_leaves_the_base_weights(tiny_pack_dir, writer, tmp_path, private_temp):
    from training.from_onnx import lm_from_pack

    out = tmp_path / "mine"
    adapt(tiny_pack_dir, [writer], out, "--pull", "1e9")
    record = ModelPack.load(out).manifest.lm.training
    assert record["moved"] == 0.0
    base, mine = lm_from_pack(ModelPack.load(tiny_pack_dir)).state_dict(), lm_from_pack(ModelPack.load(out)).state_dict()
    assert all(torch.equal(base[k], mine[k]) for k in base)


def test_a_kept_work_folder_resumes_and_the_record_says_so(tiny_pack_dir, writer, tmp_path, private_temp):
    out, work = tmp_path / "mine", tmp_path / "work"
    adapt(tiny_pack_dir, [writer], out, "--work", str(work))
    main(["adapt", str(tiny_pack_dir), "--texts", str(writer), "--out", str(out), "--max-steps", "60",
          "--eval-every", "0", "--threads", "1", "--work", str(work), "--resume"])
    record = ModelPack.load(out).manifest.lm.training
    assert record["steps"] == 60 and record["resumes"][0]["step"] == 40
    assert (work / "train.txt").exists()  # a folder the writer named is theirs to remove


def test_bad_input_gets_a_plain_message(tiny_pack_dir, tmp_path, capsys, private_temp):
    empty = tmp_path / "empty"
    empty.mkdir()
    short = tmp_path / "short"
    short.mkdir()
    (short / "a.txt").write_text("One line.\n\nAnother line.\n", encoding="utf-8")
    cases = [
        ([str(empty)], [], "no .txt or .md files found"),
        ([str(short)], [], "characters of your text to learn from"),
        ([str(short)], ["--resume"], "--resume continues a run whose work folder was kept"),
        ([str(tmp_path / "missing")], [], "no such file or folder"),
    ]
    for texts, extra, message in cases:
        with pytest.raises(SystemExit) as stop:
            main(["adapt", str(tiny_pack_dir), "--texts", *texts, "--out", str(tmp_path / "o"), "--max-steps", "5",
                  *extra])
        assert stop.value.code == 2
        assert message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["adapt", str(tmp_path), "--texts", str(short), "--out", str(tmp_path / "o"), "--max-steps", "5"])
    assert "manifest.json" in capsys.readouterr().err  # not a pack: the app's own explanation
    assert left(private_temp) == [] and not (tmp_path / "o").exists()


def test_cancelling_a_run_removes_the_work_folder(tiny_pack_dir, writer, tmp_path):
    """SIGTERM (the app's Cancel) stops the process cleanly: exit 130, no copy of the text left."""
    temp = tmp_path / "temp"
    temp.mkdir()
    request = Request(base=tiny_pack_dir, sources=(writer,), out=tmp_path / "mine", name="mine", minutes=5)
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command(sys.executable, request) + ["--threads", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        for line in proc.stdout:
            event = parse_progress(line)
            if event and event["event"] == "progress":
                break
        assert left(temp)  # the work folder exists while it trains
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 130
    finally:
        proc.kill()
    assert "cancelled" in proc.stderr.read()
    assert left(temp) == [] and not (tmp_path / "mine").exists()


def test_the_apps_command_is_one_the_trainer_understands(tmp_path):
    request = Request(base=tmp_path / "base", sources=(tmp_path / "a b", tmp_path / "c.txt"), out=tmp_path / "out",
                      name="My pack", minutes=12.5, vae=True, keep_work=True)
    argv = command("python", request)
    assert argv[:4] == ["python", "-m", "training.cli", "adapt"]
    a = build_parser().parse_args(argv[3:])
    assert (a.base, a.texts, a.out) == (str(request.base), [str(p) for p in request.sources], str(request.out))
    o = resolve("adapt", vars(a))
    assert (o.name, o.max_minutes, o.vae, o.keep_work, a.progress) == ("My pack", 12.5, True, True, "json")


def test_leftover_work_folders_of_dead_runs_are_swept(tmp_path):
    dead = tmp_path / f"{WORK_PREFIX}999999999-abc"
    alive = tmp_path / f"{WORK_PREFIX}{os.getpid()}-def"
    other = tmp_path / "someone-elses"
    for p in (dead, alive, other):
        p.mkdir()
    assert sweep_leftovers(tmp_path) == [dead]
    assert alive.exists() and other.exists()


def test_early_stopping_counts_validations_without_a_new_best():
    e = EarlyStop(patience=2)
    for step, score in enumerate([3.0, 2.5, 2.6, 2.4, 2.45, 2.41]):
        e.see(score, step)
    assert e.stop and e.stopped_at == 5 and e.best == 2.4
    never = EarlyStop(patience=0)
    for step in range(10):
        never.see(5.0, step)
    assert not never.stop


def test_a_writers_files_are_cleaned_without_gutenberg_rules(tmp_path):
    typed = "A paragraph typed in an editor, one long line that nobody would ever wrap by hand like that. " * 2
    f = tmp_path / "draft.txt"
    f.write_text(f"*** START OF THE PROJECT GUTENBERG EBOOK MINE ***\n{typed}\n{typed.upper()}\nShort\nlines\n",
                 encoding="utf-8")
    paras, report = clean_files([f], gutenberg=False)
    assert paras[0].startswith("*** START OF THE PROJECT GUTENBERG")  # the writer's text is all theirs
    assert paras[1:3] == [typed.strip(), typed.upper().strip()]  # a line is a paragraph
    assert report.gutenberg_chars_removed == 0
    wrapped, _ = clean_files([f])  # the corpus rules: the header goes, the block is unwrapped
    assert not wrapped[0].startswith("***")


def test_progress_lines_round_trip():
    from creagen_desktop.adaptation import progress_line

    line = progress_line("evaluation", val_bpc=1.5, model="lm")
    assert parse_progress(line) == {"event": "evaluation", "val_bpc": 1.5, "model": "lm"}
    assert parse_progress("step 3: train 2.1") is None and parse_progress("creagen-progress {not json") is None
    with pytest.raises(ValueError):
        progress_line("exploded")
    assert json.loads(line.split(" ", 1)[1])["event"] == "evaluation"
