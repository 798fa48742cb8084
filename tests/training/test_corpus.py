import pytest

from training.corpus import (
    CorpusError,
    clean_files,
    list_text_files,
    normalise,
    paragraphs,
    prepare,
    split_train_val,
    strip_gutenberg,
)

BODY = "It was a fine day.\n\nThe end of the story came at last."

HEADERS = [
    ("*** START OF THIS PROJECT GUTENBERG EBOOK EMMA ***", "*** END OF THIS PROJECT GUTENBERG EBOOK EMMA ***"),
    ("*** START OF THE PROJECT GUTENBERG EBOOK PETER PAN ***", "            *** END OF THE PROJECT GUTENBERG EBOOK PETER PAN ***"),
    ("***START OF THE PROJECT GUTENBERG EBOOK JANE EYRE***", "***END OF THE PROJECT GUTENBERG EBOOK JANE EYRE***"),
    ("*** START OF THIS PROJECT GUTENBERG EBOOK\nTHE STRANGE CASE OF DR. JEKYLL AND MR. HYDE ***", "End of the Project Gutenberg EBook of Jekyll\n\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***"),
]


@pytest.mark.parametrize("start,end", HEADERS)
def test_gutenberg_header_footer_and_licence_removed(start, end):
    raw = (
        "The Project Gutenberg EBook of Something\n\nThis eBook is for the use of anyone anywhere.\n\n"
        f"{start}\n\n\n\nProduced by Some Volunteer\nand Friends\n\n\n{BODY}\n\n{end}\n\n"
        "*** START: FULL LICENSE ***\nTHE FULL PROJECT GUTENBERG LICENSE\nPlease read this.\n"
    )
    out = strip_gutenberg(raw)
    assert "It was a fine day." in out and "came at last." in out
    for gone in ("Gutenberg", "GUTENBERG", "LICENSE", "Produced by", "Volunteer", "anyone anywhere"):
        assert gone not in out


def test_text_without_markers_is_kept_whole():
    assert strip_gutenberg(BODY) == BODY


def test_normalise_nfc_newlines_controls_spaces():
    text, n_control = normalise("Cafe\u0301\r\nA\x07B\u200b  two \t spaces\rend\ufeff")
    assert text == "Café\nAB two spaces\nend"
    assert n_control == 3


def test_hard_wrapped_prose_unwrapped_and_verse_kept():
    prose = "This is a long line of prose that was wrapped by the typesetter here\nand it goes on."
    verse = "Once upon a midnight dreary,\nwhile I pondered, weak and weary"
    assert paragraphs(prose + "\n\n" + verse) == [prose.replace("\n", " "), verse]


def test_duplicates_removed_and_report_counts(tmp_path):
    (tmp_path / "a.txt").write_text("One.\n\nTwo.\n\nOne.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("\ufeffTwo.\r\n\r\nThree.\r\n", encoding="utf-8")
    paras, report = clean_files(list_text_files([tmp_path]))
    assert paras == ["One.", "Two.", "Three."]
    assert report.duplicate_paragraphs_removed == 2 and report.paragraphs_kept == 3
    assert "duplicate paragraphs" in report.summary()


def test_bad_files_give_clear_messages(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(CorpusError) as exc:
        clean_files(sorted(tmp_path.iterdir()))
    msg = str(exc.value)
    assert "empty.txt: the file is empty" in msg
    assert "binary.txt: looks like a binary file" in msg
    assert "latin1.txt: not valid UTF-8" in msg
    with pytest.raises(CorpusError, match="no such file"):
        list_text_files([tmp_path / "missing"])


def test_split_is_deterministic_and_disjoint():
    paras = [f"Paragraph {i}." for i in range(1000)]
    a = split_train_val(paras, 0.05)
    assert a == split_train_val(paras, 0.05)
    train, val = a
    assert set(train).isdisjoint(val) and len(train) + len(val) == 1000
    assert 30 <= len(val) <= 70


def test_prepare_holds_out_whole_books(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"book{i:02d}.txt").write_text(f"Book {i} begins.\n\nBook {i} ends.\n")
    report = prepare([corpus], tmp_path / "out", val_fraction=0.1)
    val = (tmp_path / "out" / "val.txt").read_text()
    train = (tmp_path / "out" / "train.txt").read_text()
    assert report.held_out and all(name in report.summary() for name in report.held_out)
    for name in report.held_out:
        i = int(name[4:6])
        assert f"Book {i} begins." in val and f"Book {i} begins." not in train
