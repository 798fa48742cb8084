import hashlib
import os
import stat
from pathlib import Path

import pytest

from creagen_desktop.documents import files as D


def test_utf8_bom_and_crlf_round_trip_byte_for_byte(tmp_path):
    for raw in ["plain\nlines\n".encode(), b"\xef\xbb\xbfwith bom\r\nand crlf\r\n", "caf\u00e9 \u2014 \U0001F600".encode()]:
        p = tmp_path / "doc.txt"
        p.write_bytes(raw)
        text, fmt, stamp = D.read_document(p)
        assert "\r" not in text and stamp.size == len(raw)
        D.save_document(p, text, fmt)
        assert p.read_bytes() == raw


def test_format_is_detected():
    assert D.decode(b"\xef\xbb\xbfa\r\nb")[1] == D.TextFormat(bom=True, newline="\r\n")
    assert D.decode(b"a\nb\r\n")[1] == D.TextFormat(bom=False, newline="\n")  # the first ending decides


@pytest.mark.parametrize("raw, words", [(b"\x00\x01\x02abc", "binary"), (b"caf\xe9", "not UTF-8"),
                                        ("héllo".encode("utf-16"), "UTF-16 text")])
def test_binary_and_undecodable_are_refused_clearly(tmp_path, raw, words):
    p = tmp_path / "x.txt"
    p.write_bytes(raw)
    with pytest.raises(D.DocumentError, match=words):
        D.read_document(p)


def test_missing_file_and_folder_give_messages(tmp_path):
    with pytest.raises(D.DocumentError, match="could not be opened"):
        D.read_document(tmp_path / "nope.txt")
    with pytest.raises(D.DocumentError, match="folder"):
        D.read_document(tmp_path)


def test_atomic_write_leaves_no_temp_and_keeps_permissions(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("old")
    os.chmod(p, 0o640)
    D.atomic_write(p, b"new")
    assert p.read_bytes() == b"new" and (os.stat(p).st_mode & 0o777) == 0o640
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_failed_write_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(D.os, "replace", broken_replace)
    with pytest.raises(D.DocumentError, match="No space left.*Nothing was lost"):
        D.save_document(p, "new", D.TextFormat())
    assert p.read_text() == "old" and [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_stale_temps_are_swept(tmp_path):
    (tmp_path / f".a.txt{D.TEMP_MARK}xyz").write_text("half")
    (tmp_path / f".b.txt{D.TEMP_MARK}xyz").write_text("half")
    (tmp_path / "a.txt").write_text("keep")
    assert D.clean_stale_temps(tmp_path, "a.txt", min_age_s=60) == []  # may be a save in progress
    old = 1_000_000_000
    os.utime(tmp_path / f".a.txt{D.TEMP_MARK}xyz", (old, old))
    assert len(D.clean_stale_temps(tmp_path, "a.txt", min_age_s=60)) == 1
    assert len(D.clean_stale_temps(tmp_path)) == 1
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_changes_on_disk_are_noticed(tmp_path):
    p = tmp_path / "a.txt"
    stamp = D.atomic_write(p, b"one")
    assert not D.changed_on_disk(p, stamp)
    os.utime(p, ns=(stamp.mtime_ns + 10**9, stamp.mtime_ns + 10**9))
    assert not D.changed_on_disk(p, stamp)  # touched, same bytes
    p.write_bytes(b"two")
    assert D.changed_on_disk(p, stamp)
    p.unlink()
    assert D.changed_on_disk(p, stamp)
    assert not D.changed_on_disk(p, None)


def test_saving_through_a_symbolic_link_writes_the_real_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "drafts" / "chapter.txt"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "chapter-link.txt"
    link.symlink_to(real)
    D.save_document(link, "new text", D.TextFormat())
    assert link.is_symlink() and real.read_text() == "new text"
    assert not D.changed_on_disk(link, D.read_document(link)[2])


def test_saving_a_hard_linked_file_updates_every_name_and_leaves_no_journal(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old")
    os.link(a, b)
    stamp = D.save_document(a, "new text", D.TextFormat())
    assert b.read_text() == "new text" and a.stat().st_ino == b.stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert not D.changed_on_disk(a, stamp)


def test_an_interrupted_in_place_save_is_finished_from_its_journal(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old text, longer than the new one")
    os.link(a, b)
    new = b"new text"
    journal = tmp_path / f".a.txt{D.JOURNAL_MARK}{hashlib.sha256(new).hexdigest()[:D.JOURNAL_DIGEST]}"
    journal.write_bytes(new)
    with open(a, "r+b") as f:  # a crash half way through the in-place write
        f.write(b"new")
    text, _, _ = D.read_document(a)
    assert text == "new text" and b.read_text() == "new text" and not journal.exists()
    # a journal cut short (its bytes do not match its name) is dropped and the file left alone
    (tmp_path / f".a.txt{D.JOURNAL_MARK}{'0' * D.JOURNAL_DIGEST}").write_bytes(b"partial")
    assert D.read_document(a)[0] == "new text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_a_read_only_file_is_saved_only_when_the_writer_agrees(tmp_path):
    doc = tmp_path / "locked.txt"
    doc.write_text("old")
    doc.chmod(0o444)
    with pytest.raises(D.ReadOnlyError, match="read-only"):
        D.save_document(doc, "new", D.TextFormat())
    assert doc.read_text() == "old"
    D.save_document(doc, "new", D.TextFormat(), allow_read_only=True)
    assert doc.read_text() == "new" and stat.S_IMODE(doc.stat().st_mode) == 0o444


def test_special_files_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(D.DocumentError, match="not a regular file"):
        D.read_document(fifo)  # returns at once: a pipe is never opened
    with pytest.raises(D.DocumentError, match="not a regular file"):
        D.read_document(Path("/dev/zero"))
    with pytest.raises(D.DocumentError, match="not a regular file"):
        D.save_document(fifo, "text", D.TextFormat())


def test_a_huge_binary_is_refused_from_its_first_bytes(tmp_path, monkeypatch):
    sparse = tmp_path / "disk.img"
    with open(sparse, "wb") as f:
        f.truncate(1 << 30)  # 1 GB of NULs, sparse: costs nothing on disk
    read = []
    real_open = open

    def counting_open(*a, **kw):
        f = real_open(*a, **kw)
        original = f.read
        f.read = lambda n=-1: read.append(n) or original(n)
        return f

    monkeypatch.setattr("builtins.open", counting_open)
    with pytest.raises(D.DocumentError, match="binary"):
        D.read_document(sparse)
    assert read == [D.SNIFF_BYTES]


def test_a_text_too_large_is_refused_with_its_size(tmp_path):
    doc = tmp_path / "big.txt"
    doc.write_text("word " * 1000)
    with pytest.raises(D.DocumentError, match="too large"):
        D.read_document(doc, max_bytes=1000)


def test_a_character_cut_by_the_sniffed_bytes_is_not_mistaken_for_bad_utf8(tmp_path):
    doc = tmp_path / "zh.txt"
    text = "春" * 5000  # 3 bytes each: the 8192-byte head ends inside a character
    doc.write_text(text, encoding="utf-8")
    assert D.read_document(doc)[0] == text
