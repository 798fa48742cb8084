import json

import pytest

pytest.importorskip("opencc")

from tiny_poetry import BAD, CI, TANG, write_tiny_poetry  # noqa: E402

from training.corpus import CorpusError  # noqa: E402
from training.poetry_corpus import (  # noqa: E402
    load_poems,
    one_sentence_a_line,
    prepare_poetry,
    read_poems,
)
from training.workdir import WorkDir  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_tiny_poetry(tmp_path_factory.mktemp("chinese-poetry"))


def test_read_convert_filter_and_deduplicate(corpus):
    poems, report = read_poems(corpus)
    assert sum(report.read.values()) == len(TANG) + len(BAD) + 2 + len(CI)
    assert report.dropped == {reason: 1 for _, reason in BAD} | {"duplicate": 2}
    assert len(poems) == len(TANG) + len(CI) == report.paragraphs_kept
    texts = {p.title: p.text for p in poems}
    # 全唐诗's Traditional characters come out Simplified, title included
    assert texts["登鹳雀楼"] == "白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。"
    assert texts["春望"].startswith("国破山河在，城春草木深。\n感时花溅泪")
    assert {p.form for p in poems if p.title in ("登鹳雀楼", "早发白帝城", "春望", "登高")} == {"wujue", "qijue", "wulv", "qilv"}
    assert {p.source for p in poems} == {"tang", "ci"}  # the anthology's copies were the duplicates
    assert texts["如梦令"].split("\n")[-2:] == ["知否，知否？", "应是绿肥红瘦。"]


def test_the_hold_out_is_a_hash_of_the_poem_not_of_the_order(corpus):
    poems, _ = read_poems(corpus, val_fraction=0.2)
    again, _ = read_poems(corpus, val_fraction=0.2)
    assert [p.split for p in poems] == [p.split for p in again]
    assert all((p.key() % 5 == 0) == (p.split == "val") for p in poems)
    assert 0 < sum(p.split == "val" for p in poems) < len(poems)


def test_prepare_writes_the_work_folder(corpus, tmp_path):
    work = WorkDir(tmp_path / "w")
    report = prepare_poetry([str(corpus)], work, 0.2)
    train, val = work.read(work.train), work.read(work.val)
    assert train.endswith("\n") and "\n\n" in train and "白日依山尽" in train + val
    assert not any(c in train + val for c in "□[]abc")
    record = json.loads(work.read(work.corpus))
    assert record["format"] == "chinese-poetry" and record["paragraphs"] == report.paragraphs_kept
    assert len(load_poems(work)) == report.paragraphs_kept
    assert all(p.form == "wulv" for p in load_poems(work, form="wulv")) and load_poems(work, form="wulv")
    assert "poems kept" in report.summary() and "五绝" in report.summary()


def test_unusable_corpora_are_refused_with_their_name(tmp_path):
    with pytest.raises(CorpusError, match="no such folder"):
        read_poems(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="no chinese-poetry JSON"):
        read_poems(tmp_path)
    (tmp_path / "tangshi_300.json").write_text("[{broken", encoding="utf-8")
    with pytest.raises(CorpusError, match="tangshi_300.json: not a readable JSON"):
        read_poems(tmp_path)
    (tmp_path / "tangshi_300.json").write_text(json.dumps([BAD[0][0]]), encoding="utf-8")
    with pytest.raises(CorpusError, match="no usable poem"):
        read_poems(tmp_path)
    with pytest.raises(CorpusError, match="one chinese-poetry folder"):
        prepare_poetry([str(tmp_path), str(tmp_path)], WorkDir(tmp_path / "w"))


def test_one_sentence_a_line():
    assert one_sentence_a_line(" 白日依山尽，黄河入海流。欲穷千里目，\n更上一层楼。") == "白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。"


def test_the_prepare_step_takes_the_format(corpus, tmp_path):
    from training.cli import main

    assert main(["prepare", str(corpus), "--work", str(tmp_path / "w"), "--corpus-format", "chinese-poetry"]) == 0
    assert (tmp_path / "w" / "poems.jsonl").exists()
    with pytest.raises(SystemExit):
        main(["prepare", str(corpus), "--work", str(tmp_path / "w"), "--corpus-format", "chinese-poetry",
              "--val-file", str(tmp_path / "w" / "val.txt")])
