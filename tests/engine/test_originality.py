import shutil
from dataclasses import replace

import numpy as np
import pytest
from tiny_data import TINY_TRAIN

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.originality import (
    WINDOW,
    Fingerprint,
    OriginalityGuard,
    choose_run,
    context_lead,
    longest_found_run,
    window_hashes,
)
from creagen_desktop.pack import ModelPack, ModelPackError

NEW = "Quantum zebras compute elegant sonnets beneath violet moons while the harbour sleeps."


def test_window_hashes_depend_on_every_token_and_their_order():
    ids = np.arange(20)
    h = window_hashes(ids)
    assert len(h) == 20 - WINDOW + 1 and len(set(h.tolist())) == len(h)
    assert window_hashes(ids[3 : 3 + WINDOW])[0] == h[3]  # the same window hashes alike wherever it stands
    swapped = ids.copy()
    swapped[[4, 5]] = swapped[[5, 4]]
    assert window_hashes(swapped)[0] != h[0]
    assert len(window_hashes(ids[:WINDOW - 1])) == 0


def test_run_length_follows_the_false_positive_rate():
    assert choose_run(1e-9) == 1
    assert choose_run(0.4) > choose_run(0.1) > 1
    r = choose_run(0.4)
    assert (64 - r + 1) * 0.4**r <= 1e-4 < (64 - r + 2) * 0.4 ** (r - 1)
    assert longest_found_run(np.array([1, 1, 0, 1, 1, 1, 0], dtype=bool)) == 3
    assert longest_found_run(np.zeros(4, dtype=bool)) == 0


def test_filter_finds_every_training_window_and_few_others(tmp_path):
    rng = np.random.default_rng(0)
    train = rng.integers(0, 5000, 50_000)
    fp, info = Fingerprint.build(train, 20_000)
    assert fp.contains(window_hashes(train)).all()  # no false negatives, ever
    other = fp.contains(window_hashes(rng.integers(0, 5000, 20_000))).mean()
    assert abs(other - info.window_false_positive_rate) < 0.02
    fp.save(tmp_path / "f.bin")
    again = Fingerprint.load(tmp_path / "f.bin", info)
    assert (again.array == fp.array).all() and again.run == info.run
    with pytest.raises(ValueError, match="bits"):
        Fingerprint.load(tmp_path / "f.bin", replace(info, bits=info.bits + 8))


def test_guard_flags_a_copied_sentence_and_passes_a_new_one(tiny_pack_dir):
    pack = ModelPack.load(tiny_pack_dir)
    engine = Engine.load(tiny_pack_dir, device="cpu")
    guard = engine.guard
    assert isinstance(guard, OriginalityGuard)
    train = TINY_TRAIN.read_text()
    copied = next(p for p in train.split("\n\n") if len(engine.continuer.tok.encode(p)) > guard.copy_tokens + 4)
    assert guard.repeats_training_text(copied)
    assert not guard.repeats_training_text(NEW)
    assert guard.copy_tokens == pack.manifest.fingerprint.copy_tokens
    # a copy that begins in the writer's text and runs on in the suggestion counts too
    ids = engine.continuer.tok.encode(copied)
    cut = len(engine.continuer.tok.decode(ids[:WINDOW - 1]))
    assert guard.repeats_training_text(copied[cut:], context=copied[:cut])


def test_engine_drops_or_flags_copies_and_counts_them(tiny_pack_dir):
    engine = Engine.load(tiny_pack_dir, device="cpu")
    train = TINY_TRAIN.read_text()
    copied = max(train.split("\n\n"), key=len)
    assert engine.screen([copied, NEW]) == [NEW]
    assert engine.guard_counts == {"checked": 2, "dropped": 1, "flagged": 0}
    engine.set_originality("flag")
    assert engine.screen([copied, NEW]) == [copied, NEW]
    assert engine.guard_counts == {"checked": 4, "dropped": 1, "flagged": 1}
    assert list(engine.flagged) == [copied]
    with pytest.raises(ValueError):
        engine.set_originality("shout")


def test_a_pack_without_fingerprint_passes_everything(pack_variant):
    dst = pack_variant("no-fp", lambda m: m.update(kinds=["lm", "vae", "gan"]))
    engine = Engine.load(dst, device="cpu")
    assert engine.guard is None and engine.screen(["anything at all"]) == ["anything at all"]


def test_a_damaged_fingerprint_is_explained(pack_variant):
    dst = pack_variant("bad-fp", lambda m: m["fingerprint"].update(hash="md5-of-something-else"))
    with pytest.raises(ModelPackError, match="fingerprint .* is unusable"):
        Engine.load(dst, device="cpu")


def test_report_files_inside_a_pack_do_not_break_it(tiny_pack_dir, tmp_path):
    dst = tmp_path / "with-report"
    shutil.copytree(tiny_pack_dir, dst)
    (dst / "report").mkdir(exist_ok=True)
    (dst / "report" / "report.html").write_text("<html></html>")
    (dst / "report" / "curves.png").write_bytes(b"\x89PNG")
    assert ModelPack.load(dst).kinds == ModelPack.load(tiny_pack_dir).kinds


def test_the_context_lead_is_the_last_tokens_of_the_whole_context(tiny_pack_dir):
    from tiny_data import make_text

    from creagen_desktop.engine.tokenizer import Tokenizer

    tok = Tokenizer(ModelPack.load(tiny_pack_dir).tokenizer_path)
    text = make_text(40, seed=3)
    for end in (0, 5, 300, 511, 512, 513, 2000, len(text)):
        assert context_lead(tok, text[:end]) == tok.encode(text[:end])[-7:]
