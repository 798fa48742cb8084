import shutil

import numpy as np
import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.sparks import SparkGenerator
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack, ModelPackError

PARAGRAPH = "Mary painted the ship at night. The little dog found the box again."


@pytest.fixture(scope="module")
def sparks(tiny_pack_dir):
    pack = ModelPack.load(tiny_pack_dir)
    return SparkGenerator(pack, SentenceVAE(pack, Tokenizer.from_pack(pack), device="cpu"), device="cpu")


def test_sparks_are_reproducible_and_distinct(sparks):
    a = sparks.sparks(5, seed=3)
    assert a == sparks.sparks(5, seed=3)
    assert 1 <= len(a) <= 5 and len(set(a)) == len(a) and all(s.strip() for s in a)
    assert sparks.sparks(5, seed=4) != a


def test_generated_codes_have_the_latent_size(sparks):
    z = sparks.codes(7, np.random.default_rng(0))
    assert z.shape == (7, sparks.vae.latent) and z.dtype == np.float32


def test_near_moves_the_codes_toward_the_paragraph(sparks):
    own, _ = sparks.vae.encode(["Mary painted the ship at night.", "The little dog found the box again."])

    def mean_distance(lines):
        z, _ = sparks.vae.encode(lines)
        return float(np.linalg.norm(z[:, None, :] - own[None, :, :], axis=-1).min(axis=1).mean())

    free = sparks.sparks(5, seed=1)
    near = sparks.sparks(5, near=PARAGRAPH, seed=1)
    assert near and all(s not in PARAGRAPH for s in near)
    assert mean_distance(near) < mean_distance(free)


def test_steering_keeps_the_nearest_codes_and_pulls_them_halfway(sparks):
    anchors = np.array([[0.0, 0.0], [10.0, 0.0]], dtype=np.float32)
    z = np.array([[1.0, 0.0], [5.0, 5.0], [9.0, 0.0], [-4.0, 0.0]], dtype=np.float32)
    out = sparks._steer(z, anchors, keep=2)
    assert out.tolist() == [[0.5, 0.0], [9.5, 0.0]]


def test_engine_and_bad_requests(tiny_pack_dir, pack_variant):
    engine = Engine.load(tiny_pack_dir, device="cpu")
    assert engine.sparks(3, seed=2) == engine.sparks(3, seed=2)
    with pytest.raises(ValueError):
        engine.sparks(0)
    dst = pack_variant("no-gan", lambda m: m.update(kinds=["lm", "vae"]))
    with pytest.raises(ModelPackError, match="no generator for sparks"):
        Engine.load(dst, device="cpu").sparks(3)


def test_a_generator_for_another_latent_size_is_refused(pack_variant):
    dst = pack_variant("mismatch", lambda m: m["gan"].update(latent=99))
    with pytest.raises(ModelPackError, match="does not fit its VAE"):
        Engine.load(dst, device="cpu")


def test_pack_missing_the_generator_file_is_refused(tiny_pack_dir, tmp_path):
    dst = tmp_path / "broken"
    shutil.copytree(tiny_pack_dir, dst)
    (dst / "gan_generator.onnx").unlink()
    with pytest.raises(ModelPackError, match="missing gan_generator.onnx"):
        ModelPack.load(dst)


def test_sparks_write_only_known_words_and_the_writers_own(tiny_pack_dir):
    from creagen_desktop.engine.words import KnownWords, words_of

    engine = Engine.load(tiny_pack_dir, device="cpu")
    known = KnownWords(engine.lexicon)
    lines = [s for k in range(8) for s in engine.sparks(5, seed=k)]
    assert lines and all(known.word_ok(w) for line in lines for w in words_of(line))
    # a word of the writer's own is known where they write
    free = SparkGenerator(engine.pack, engine.latent.vae, device="cpu")  # no lexicon: what the decoder would invent
    made_up = {w for k in range(8) for s in free.sparks(5, seed=k) for w in words_of(s) if not known.word_ok(w)}
    assert made_up
    context = "And then " + " ".join(sorted(made_up)) + "."
    with_them = {w for k in range(8) for s in engine.sparks(5, seed=k, context=context) for w in words_of(s)}
    assert all(known.word_ok(w) or w in context for w in with_them)
    assert {w for w in with_them if not known.word_ok(w)}  # and some of them are used
