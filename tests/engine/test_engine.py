import hashlib
import json
import shutil

import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.pack import ModelPackError
from creagen_desktop.paths import default_pack_dir


def test_engine_reports_provider_and_name(tiny_pack_dir):
    engine = Engine.load(tiny_pack_dir, device="auto")
    assert engine.provider in ("CPU", "CUDA")
    assert engine.pack_name == "tiny-test"
    # asking for CUDA on a machine without it falls back to the CPU without raising
    assert Engine.load(tiny_pack_dir, device="cuda").provider in ("CPU", "CUDA")


def _swap(pack, tmp_path, target: str, source) -> object:
    """A copy of the pack whose file `target` holds the bytes of `source`, with an honest checksum."""
    dst = tmp_path / "swapped"
    shutil.copytree(pack, dst)
    data = (source if not isinstance(source, str) else dst / source).read_bytes()
    (dst / target).write_bytes(data)
    m = json.loads((dst / "manifest.json").read_text())
    for f in m["files"]:
        if f["path"] == target:
            f["sha256"], f["bytes"] = hashlib.sha256(data).hexdigest(), len(data)
    (dst / "manifest.json").write_text(json.dumps(m))
    return dst


@pytest.mark.parametrize("target, source, words", [
    ("lm.onnx", "gan_generator.onnx", "language model .* has no input named 'tokens'"),
    ("lm.onnx", "vae_decoder.onnx", "language model .* wants an input 'z'"),
    ("vae_init.onnx", "gan_generator.onnx", "decoder start .* no input named 'z'"),
    ("gan_generator.onnx", "vae_init.onnx", "sparks generator .* no input named 'noise'"),
])
def test_a_graph_of_another_kind_is_refused_at_load(tiny_pack_dir, tmp_path, target, source, words):
    with pytest.raises(ModelPackError, match=words):
        Engine.load(_swap(tiny_pack_dir, tmp_path, target, source), device="cpu")


def test_a_tokenizer_of_another_pack_is_refused_at_load(tiny_pack_dir, tmp_path):
    other = default_pack_dir() / "tokenizer.model"
    with pytest.raises(ModelPackError, match="pieces where its manifest says|does not fit"):
        Engine.load(_swap(tiny_pack_dir, tmp_path, "tokenizer.model", other), device="cpu")


def test_a_tokenizer_file_that_is_not_one_is_refused_plainly(tiny_pack_dir, tmp_path):
    with pytest.raises(ModelPackError, match="tokenizer .* could not be loaded"):
        Engine.load(_swap(tiny_pack_dir, tmp_path, "tokenizer.model", "manifest.json"), device="cpu")


def test_shutdown_stops_generation_on_every_thread_at_its_next_model_call(tiny_pack_dir):
    import threading

    from creagen_desktop.engine.cancel import Cancelled

    engine = Engine.load(tiny_pack_dir, device="cpu")
    assert engine.suggest("The old man walked to").candidates  # works before
    started, outcome = threading.Event(), {}
    real_run = engine.continuer.lm.run

    def slow_run(tokens, state):
        started.set()
        threading.Event().wait(0.05)
        return real_run(tokens, state)

    engine.continuer.lm.run = slow_run

    def job():
        try:
            engine.suggest("The old man walked to the door and " * 20)
        except Cancelled:
            outcome["cancelled"] = True

    t = threading.Thread(target=job)
    t.start()
    assert started.wait(5)
    engine.shutdown()
    t.join(5)
    assert outcome == {"cancelled": True} and not t.is_alive()
    with pytest.raises(Cancelled):
        engine.variations("The old man walked to the door.")


def test_suggest_lists_the_ghosts_continuation_first_then_drawn_ones(tiny_pack_dir):
    from creagen_desktop.engine.sampling import SamplingConfig
    from creagen_desktop.engine.words import KnownWords, words_of

    engine = Engine.load(tiny_pack_dir, device="cpu")
    text = "The old man walked to the ri"
    ghost = engine.ghost(text)
    s = engine.suggest(text, SamplingConfig(n=3, seed=1))
    assert ghost.text.startswith("ver") and s.ghost == ghost.text
    assert s.candidates[0].startswith(ghost.text) and len(set(s.candidates)) == len(s.candidates) <= 3
    known = KnownWords(engine.lexicon)
    assert all(known.text_ok("ri" + c) for c in s.candidates)
    with pytest.raises(ValueError, match="suggest setting"):
        engine.ghost(text, "sometimes")
