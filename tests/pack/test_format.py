import json
import math

import pytest
from tiny_data import TINY_PACK

from creagen_desktop.pack.format import (
    GAN_FILE,
    LEXICON_FILE,
    LM_FILE,
    FingerprintSection,
    LMSection,
    Manifest,
    ModelPackError,
    plain,
)


def test_the_committed_manifest_reads_and_writes_back_unchanged():
    raw = json.loads((TINY_PACK / "manifest.json").read_text())
    m = Manifest.from_dict(raw)
    assert isinstance(m.lm, LMSection) and m.lm.file == LM_FILE
    assert m.gan.files.generator == GAN_FILE and isinstance(m.fingerprint, FingerprintSection)
    assert m.lexicon.file == LEXICON_FILE and m.lexicon.words > 0 and m.files_of("lexicon") == [LEXICON_FILE]
    assert m.lm.head == "float" and m.lm.head_check == {}
    assert m.to_dict() == raw  # one definition: what is read is what training wrote
    assert Manifest.from_dict(m.to_dict()) == m


def test_files_of_names_what_each_section_opens():
    m = Manifest.from_dict(json.loads((TINY_PACK / "manifest.json").read_text()))
    assert m.files_of("lm") == [LM_FILE]
    assert m.files_of("vae") == [m.vae.files.encoder, m.vae.files.init, m.vae.files.decoder]
    assert m.files_of("nothing") == []


@pytest.mark.parametrize("value", [math.nan, math.inf, True, "1.5"])
def test_a_float_field_takes_only_finite_numbers(value):
    with pytest.raises(ModelPackError, match="fill should be a number"):
        Manifest.from_dict({**_minimal(), "kinds": ["fingerprint"], "fingerprint": {
            "window": 8, "hash": "h", "bits": 64, "hashes": 1, "run": 1, "fill": value}})


def test_integers_are_accepted_where_numbers_are_expected_and_absent_kinds_write_nothing():
    m = Manifest.from_dict({**_minimal(), "metrics": {"val_bits_per_char": 2, "note": "text", "flag": True, "none": None}})
    assert m.metrics["val_bits_per_char"] == 2 and m.lm is None
    assert "lm" not in m.to_dict() and plain(m)["metrics"] == m.metrics


def test_metrics_take_only_plain_values():
    with pytest.raises(ModelPackError, match="metrics.x should be"):
        Manifest.from_dict({**_minimal(), "metrics": {"x": {"nested": 1}}})


def _minimal() -> dict:
    return {"format": 1, "name": "p", "kinds": [], "files": [], "tokenizer": {"path": "tokenizer.model"}}


def test_the_chinese_pack_manifest_reads_back_with_its_poem_and_couplet_sections():
    from tiny_poetry import TINY_ZH_PACK

    from creagen_desktop.pack.format import (
        COUPLET_FILE,
        PROSODY_FILE,
        VERSE_LINES_FILE,
        CoupletSection,
        PoemSection,
    )

    raw = json.loads((TINY_ZH_PACK / "manifest.json").read_text(encoding="utf-8"))
    m = Manifest.from_dict(raw)
    assert m.to_dict() == raw and m.language == "zh"
    assert isinstance(m.poem, PoemSection) and isinstance(m.couplet, CoupletSection)
    assert m.files_of("poem") == [PROSODY_FILE, VERSE_LINES_FILE] and m.files_of("couplet") == [COUPLET_FILE]
    assert m.vae.unit == "line" and m.couplet.latent == m.vae.latent
    assert "xin" in m.poem.tables and m.poem.lines > 0
    bad = json.loads(json.dumps(raw))
    bad["poem"]["rhyme_book"] = "guangyun"  # a field nobody checks is refused
    with pytest.raises(ModelPackError, match="poem has an unknown field 'rhyme_book'"):
        Manifest.from_dict(bad)
    bad = json.loads(json.dumps(raw))
    del bad["poem"]["line_bits"]
    with pytest.raises(ModelPackError, match="poem has no 'line_bits'"):
        Manifest.from_dict(bad)
