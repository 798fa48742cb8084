import os

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
