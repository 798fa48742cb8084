"""The sentence VAE's graphs: encoding, decoding (greedy, drawn, beam), in known words only."""

import shutil

import numpy as np
import pytest

from creagen_desktop.engine.sampling import SamplingConfig
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.words import KnownWords, load_lexicon, words_of
from creagen_desktop.pack import ModelPack, ModelPackError

DRAWN = SamplingConfig(temperature=1.5, top_k=0, top_p=1.0, repetition_penalty=1.0)


@pytest.fixture(scope="module")
def pack(tiny_pack_dir):
    return ModelPack.load(tiny_pack_dir)


@pytest.fixture(scope="module")
def vae(pack):
    return SentenceVAE(pack, Tokenizer.from_pack(pack), device="cpu")


@pytest.fixture(scope="module")
def codes(vae):
    return np.random.default_rng(0).standard_normal((40, vae.latent)).astype(np.float32) * 2


def invented(texts, known):
    return [w for t in texts for w in words_of(t) if not known.word_ok(w)]


def test_decoding_can_draw_pieces_reproducibly(vae):
    z = np.random.default_rng(0).standard_normal((6, vae.latent)).astype(np.float32)
    a = [d.text for d in vae.decode(z, sampling=DRAWN, rng=np.random.default_rng(1))]
    assert a == [d.text for d in vae.decode(z, sampling=DRAWN, rng=np.random.default_rng(1))]


def test_the_decoder_writes_only_known_words(vae, pack, codes):
    known = KnownWords(load_lexicon(pack))
    free = [d.text for d in vae.decode(codes, sampling=DRAWN, rng=np.random.default_rng(1))]
    assert invented(free, known)  # left alone, this small decoder invents words ("lld", "agt")...
    held = vae.decode(codes, sampling=DRAWN, rng=np.random.default_rng(1), known=known)
    assert invented([d.text for d in held], known) == []  # ...held to the lexicon, none
    assert sum(bool(d.text) for d in held) >= 0.9 * len(held)  # and it still writes, instead of giving up
    greedy = vae.decode(codes, known=known)
    assert invented([d.text for d in greedy], known) == []


def test_beam_gives_the_likeliest_distinct_decodings_best_first(vae, pack):
    known = KnownWords(load_lexicon(pack))
    mean, _ = vae.encode(["The old man walked to the river in the morning."])
    (found,) = vae.beam(mean, 4, known=known)
    texts = [d.text for d in found]
    assert 2 <= len(found) <= 4 and len(set(texts)) == len(texts)
    assert [d.score for d in found] == sorted((d.score for d in found), reverse=True)
    assert invented(texts, known) == []


def test_pack_missing_a_vae_file_is_refused(tiny_pack_dir, tmp_path):
    dst = tmp_path / "broken"
    shutil.copytree(tiny_pack_dir, dst)
    (dst / "vae_decoder.onnx").unlink()
    with pytest.raises(ModelPackError, match="missing vae_decoder.onnx"):
        ModelPack.load(dst)
