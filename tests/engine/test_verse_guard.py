import json

import pytest

from creagen_desktop.engine.verse_guard import LINE_HASH, MIN_CHARS, VerseGuard
from creagen_desktop.pack import ModelPack, ModelPackError

LINES = ["白日依山尽", "黄河入海流", "欲穷千里目", "更上一层楼", "朝辞白帝彩云间", "春风"]


def test_every_corpus_line_is_found_and_few_others_are(tmp_path):
    guard, fig = VerseGuard.build(LINES)
    assert fig["lines"] == 5 and fig["line_hash"] == LINE_HASH  # 春风 is too short to count
    assert all(line in guard for line in LINES[:5])
    assert "春风" not in guard and len("春风") < MIN_CHARS
    # another filter the size the pack's would be for 200,000 lines: about 1e-3 false positives
    big, fig = VerseGuard.build(f"{i:07d}" for i in range(200_000))
    assert fig["line_false_positive_rate"] < 2e-3
    others = [f"x{i:06d}" for i in range(20_000)]
    assert sum(big.copies(others)) < 60  # 1e-3 of 20,000 is 20
    big.save(tmp_path / "lines.bin")
    assert (tmp_path / "lines.bin").stat().st_size * 8 == fig["line_bits"]


def test_the_pack_filter_holds_its_corpus_lines(tiny_zh_pack_dir):
    guard = VerseGuard.from_pack(ModelPack.load(tiny_zh_pack_dir))
    assert "白日依山尽" in guard and "春风不度玉门关" in guard
    assert "白日依山海" not in guard
    assert guard.copies(["白日依山尽", "白日依山海"]) == [True, False]


def test_a_filter_that_does_not_fit_its_manifest_is_refused(pack_variant_zh):
    def shorten(folder):
        data = (folder / "verse_lines.bin").read_bytes()
        (folder / "verse_lines.bin").write_bytes(data[:-8])

    with pytest.raises(ModelPackError, match="verse-line filter"):
        VerseGuard.from_pack(ModelPack.load(pack_variant_zh("short-filter", shorten)))

    def other_hash(folder):
        m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        m["poem"]["line_hash"] = "md5"
        (folder / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ModelPackError, match="md5"):
        VerseGuard.from_pack(ModelPack.load(pack_variant_zh("other-hash", other_hash)))
