"""Documents a writer may open or save: encodings, links, permissions, special files, huge files,
damaged sidecars and a full disk. Nothing may hang, crash, read without bound or lose text."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

from hostile_cases import expect


def _D():
    from creagen_desktop.documents import files

    return files


def _refused(path: Path, words: str) -> str:
    D = _D()
    result = {}

    def read():
        try:
            D.read_document(path)
            result["got"] = "opened"
        except D.DocumentError as exc:
            result["got"] = str(exc)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(5)
    expect(not t.is_alive(), "hung while opening")
    expect(words in result["got"], f"got: {result['got'][:120]}")
    return result["got"][:100]


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def _round_trip(tmp: Path) -> str:
    D = _D()
    raw = b"\xef\xbb\xbfFirst line\r\nSecond \xe2\x80\x94 line\r\n"
    p = _write(tmp / "bom.txt", raw)
    text, fmt, _ = D.read_document(p)
    D.save_document(p, text, fmt)
    expect(p.read_bytes() == raw, "not written back byte for byte")
    return "BOM and CRLF kept"


def _symlink(tmp: Path) -> str:
    D = _D()
    real = _write(tmp / "real.txt", b"old")
    link = tmp / "link.txt"
    link.symlink_to(real)
    D.save_document(link, "new", D.TextFormat())
    expect(link.is_symlink() and real.read_text() == "new", "the link was replaced or the file not written")
    return "link kept, real file written"


def _hardlink(tmp: Path) -> str:
    D = _D()
    a = _write(tmp / "a.txt", b"old")
    os.link(a, tmp / "b.txt")
    D.save_document(a, "new", D.TextFormat())
    expect((tmp / "b.txt").read_text() == "new", "the other name kept the old text")
    return "both names see the new text"


def _read_only(tmp: Path) -> str:
    D = _D()
    p = _write(tmp / "ro.txt", b"old")
    p.chmod(0o444)
    try:
        D.save_document(p, "new", D.TextFormat())
    except D.ReadOnlyError as exc:
        expect(p.read_text() == "old", "overwritten anyway")
        return str(exc)[:90]
    raise AssertionError("overwritten without asking")


def _fifo(tmp: Path) -> str:
    os.mkfifo(tmp / "pipe")
    return _refused(tmp / "pipe", "not a regular file")


def _sparse(tmp: Path) -> str:
    p = tmp / "disk.img"
    with open(p, "wb") as f:
        f.truncate(1 << 30)
    return _refused(p, "binary")


def _huge_text(tmp: Path) -> str:
    D = _D()
    p = tmp / "huge.txt"
    with open(p, "wb") as f:
        f.write(b"words and more words\n")
        f.truncate(D.MAX_DOCUMENT_BYTES + 10)  # the rest reads as NULs, but the size is checked first
    return _refused(p, "binary")


def _sidecar(kind: str):
    def case(tmp: Path) -> str:
        from creagen_desktop.documents.authorship import load_sidecar, sidecar_path

        doc = _write(tmp / "story.txt", b"Some text.")
        side = sidecar_path(doc)
        side.write_text({"deep": '{"spans": ' + "[" * 100_000 + "]" * 100_000 + "}", "list": "[1, 2]",
                         "outside": '{"format": 1, "sha256": "x", "spans": [[0, 999, "continuation"]]}',
                         "binary": "\x00\x01"}[kind])
        text, _, _ = _D().read_document(doc)
        marks, note = load_sidecar(doc, text)
        expect(marks.spans == [] and note, "no note for a damaged sidecar")
        return note[:90]
    return case


def _disk_full(tmp: Path) -> str:
    if os.geteuid() != 0:
        return "skipped: needs root to mount a small tmpfs"
    D = _D()
    mnt = tmp / "small"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        return f"skipped: could not mount a tmpfs ({done.stderr.decode().strip()[:60]})"
    try:
        p = _write(mnt / "novel.txt", b"the old text\n" * 1000)
        try:
            D.save_document(p, "new text\n" * 200_000, D.TextFormat())
        except D.DocumentError as exc:
            expect(p.read_bytes() == b"the old text\n" * 1000, "the old file was damaged")
            left = [q.name for q in mnt.iterdir() if q.name != "novel.txt"]
            expect(not left, f"left behind {left}")
            return str(exc)[:90]
        raise AssertionError("a save larger than the disk succeeded?")
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def _odd_name(tmp: Path) -> str:
    D = _D()
    p = tmp / os.fsdecode(b"chapter \xff\nnew line.txt")
    D.save_document(p, "text", D.TextFormat())
    expect(D.read_document(p)[0] == "text", "did not read back")
    return "saved and read back"


def cases() -> dict:
    return {
        "UTF-16 text": lambda tmp: _refused(_write(tmp / "u16.txt", "hello".encode("utf-16")), "UTF-16"),
        "a binary file": lambda tmp: _refused(_write(tmp / "b.bin", bytes(range(256)) * 10), "binary"),
        "Latin-1 text": lambda tmp: _refused(_write(tmp / "l1.txt", "café".encode("latin-1")), "not UTF-8"),
        "BOM and CRLF round trip": _round_trip,
        "an empty file": lambda tmp: str(_D().read_document(_write(tmp / "e.txt", b""))[0] == "") + ": opened",
        "a folder": lambda tmp: _refused(tmp, "folder"),
        "a missing file": lambda tmp: _refused(tmp / "none.txt", "could not be opened"),
        "save through a symbolic link": _symlink,
        "save a hard-linked file": _hardlink,
        "save a read-only file": _read_only,
        "open a FIFO": _fifo,
        "open /dev/zero": lambda tmp: _refused(Path("/dev/zero"), "not a regular file"),
        "open /dev/urandom": lambda tmp: _refused(Path("/dev/urandom"), "not a regular file"),
        "open a 1 GB sparse binary": _sparse,
        "open a file over the size limit": _huge_text,
        "sidecar nested 100,000 deep": _sidecar("deep"),
        "sidecar a list": _sidecar("list"),
        "sidecar marks outside the text": _sidecar("outside"),
        "sidecar binary": _sidecar("binary"),
        "save on a full disk (1 MB tmpfs)": _disk_full,
        "a file name with odd bytes and a newline": _odd_name,
        "save into a missing folder": lambda tmp: _save_fails(tmp / "nowhere" / "x.txt"),
    }


def _save_fails(p: Path) -> str:
    D = _D()
    try:
        D.save_document(p, "text", D.TextFormat())
    except D.DocumentError as exc:
        return str(exc)[:90]
    raise AssertionError("saved into a folder that does not exist")
