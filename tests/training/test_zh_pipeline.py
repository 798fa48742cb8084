"""The whole Chinese pipeline on the tests' little collections: prepare (chinese-poetry), a character
tokenizer, the LM, the line VAE, the GAN and the matching-line regressor, export and pack."""

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("opencc")
pytest.importorskip("pypinyin")

from tiny_poetry import TINY_ZH_PACK, tiny_zh_pack_args, write_tiny_poetry  # noqa: E402

from creagen_desktop.engine.engine import Engine  # noqa: E402
from creagen_desktop.engine.verse import is_cjk  # noqa: E402
from creagen_desktop.engine.words import load_lexicon  # noqa: E402
from creagen_desktop.pack import ModelPack  # noqa: E402
from training.options import record, resolve  # noqa: E402
from training.prosody_table import find_pingshui_data  # noqa: E402


@pytest.fixture(scope="module")
def zh_pack(tmp_path_factory):
    from training.cli import main

    root = tmp_path_factory.mktemp("zh")
    out = root / "pack"
    assert main(tiny_zh_pack_args(write_tiny_poetry(root / "chinese-poetry"), out, root / "work")) == 0
    return out


def test_every_model_of_the_chinese_pack_is_packed(zh_pack):
    m = ModelPack.load(zh_pack).manifest
    assert set(m.kinds) == {"lm", "vae", "gan", "couplet", "fingerprint", "poem", "lexicon"} and m.language == "zh"
    # the lexicon is the characters seen twice in training: the ones the poem decoder writes
    lexicon = load_lexicon(ModelPack.load(zh_pack))
    assert lexicon.words == lexicon.ideographs and m.lexicon.min_count == 2 and len(lexicon) == m.lexicon.words
    train = (zh_pack.parent / "work" / "train.txt").read_text(encoding="utf-8")
    assert lexicon.words == {c for c in set(train) if is_cjk(c) and train.count(c) >= 2}
    assert m.vae.unit == "line" and m.vae.training["options"]["unit"] == "line"
    t = m.couplet.training
    assert t["train_pairs"] > 0 and {"identity_mse", "prior_mse", "identity_fd", "prior_fd"} <= set(t["baselines"])
    assert m.couplet.parity_max_abs_diff < 1e-4
    assert m.poem.tables == (["xin", "pingshui"] if find_pingshui_data() else ["xin"])
    assert m.poem.lines > 100 and "held-out ones included" in m.poem.sources["verse_lines"]
    assert m.training["format"] == "chinese-poetry" and m.tokenizer.vocab_size > 256
    poem = Engine.load(zh_pack, device="cpu").poem("wujue", seed=1)
    assert len(poem.lines) == 4


def test_the_committed_tiny_chinese_pack_is_what_the_preset_trains(zh_pack):
    committed = json.loads((TINY_ZH_PACK / "manifest.json").read_text(encoding="utf-8"))
    fresh = ModelPack.load(zh_pack).manifest
    for kind in ("lm", "vae", "gan", "couplet"):
        assert committed[kind]["training"]["options"] == record(resolve(kind, {}, "tiny-zh")), kind
        assert fresh.section(kind).training["options"] == committed[kind]["training"]["options"], kind
