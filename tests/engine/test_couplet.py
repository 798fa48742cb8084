import json

import numpy as np
import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.verse import is_cjk
from creagen_desktop.pack import ModelPackError


@pytest.fixture(scope="module")
def engine(tiny_zh_pack_dir) -> Engine:
    return Engine.load(tiny_zh_pack_dir, device="cpu")


def test_the_matching_line_has_the_first_lines_length(engine):
    for first in ("白日依山尽", "朝辞白帝彩云间", "昨夜雨疏风骤"):
        lines = engine.next_line(first, n=3, seed=1)
        assert 1 <= len(lines) <= 3 and len(set(lines)) == len(lines)
        assert all(len(line) == len(first) and all(is_cjk(c) for c in line) and line != first for line in lines)
    # the last verse line of a longer text is the one answered
    assert all(len(line) == 7 for line in engine.next_line("白日依山尽，黄河入海流。\n朝辞白帝彩云间，", seed=2))
    assert engine.next_line("白日依山尽", seed=3) == engine.next_line("白日依山尽", seed=3)


def test_the_regressor_moves_the_code_and_draws_around_its_mean(engine):
    m = engine.matching_line
    z, _ = m.vae.encode(["白日依山尽"])
    assert m.predict(z).shape == z.shape and not np.allclose(m.predict(z), z)
    assert np.allclose(m.predict(z, np.zeros_like(z)), m.predict(z))
    noise = np.random.default_rng(0).standard_normal((2, z.shape[1])).astype(np.float32)
    drawn = m.predict(np.repeat(z, 2, axis=0), noise)
    assert not np.allclose(drawn[0], m.predict(z)[0]) and not np.allclose(drawn[0], drawn[1])


@pytest.mark.parametrize("text, words", [("", "no line to answer"), ("，。", "no line to answer"),
                                         ("白日依山尽白日依山尽白日依山尽白日", "too long"), ("hello", "not a Chinese character")])
def test_what_cannot_be_answered_says_why(engine, text, words):
    with pytest.raises(ValueError, match=words):
        engine.next_line(text)


def test_a_regressor_of_another_latent_space_is_refused(pack_variant_zh):
    def widen(folder):
        m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        m["couplet"]["latent"] += 1
        (folder / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ModelPackError, match="matching-line model .* does not fit its VAE"):
        Engine.load(pack_variant_zh("wide-couplet", widen), device="cpu")
