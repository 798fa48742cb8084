"""Text documents on disk: reading with encoding and line-ending detection, safe saves, and
noticing when another program changed a file. No Qt here; the window calls these.

A save writes a temporary file in the same folder, flushes and fsyncs it, then renames it over the
target (os.replace is atomic on one file system): a crash at any moment leaves the old file or the
new one, never half of either. Temporary files carry TEMP_MARK so a later start can sweep up the
one a crash may leave behind.

Saving respects the writer's file: through a symbolic link the real file is replaced and the link
stays a link. A file with other hard links cannot be renamed over without splitting it from its
other names, so it is written in place, journalled: the complete new text goes first to a verified
journal file beside it (named by its sha256), then into the file; a crash during the in-place write
leaves the journal, and the next read of the document finishes that save from it (roll forward).
A read-only file is saved only when the caller says the writer agreed. Only regular files are read
(no pipes or devices), and a binary file is refused from its first bytes, before the rest is read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"
TEMP_MARK = ".creagen-save-"
JOURNAL_MARK = ".creagen-inplace-"  # + the first JOURNAL_DIGEST hex digits of the sha256 of the text written
JOURNAL_DIGEST = 32  # 128 bits: unique enough, and the name stays short
SNIFF_BYTES = 8192
MAX_DOCUMENT_BYTES = 256 << 20  # a long novel is a few MB; beyond this the editor would crawl


class DocumentError(Exception):
    """A file that cannot be opened or saved; the message is written for the writer."""


class ReadOnlyError(DocumentError):
    """The file is read-only: save again with allow_read_only=True once the writer agrees."""


@dataclass(frozen=True)
class TextFormat:
    """How a file was written, so saving gives it back the same way."""

    bom: bool = False
    newline: str = "\n"  # "\n" or "\r\n"


@dataclass(frozen=True)
class DiskStamp:
    """What a file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    sha256: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, name: str = "the file", sniff_only: bool = False) -> tuple[str, TextFormat] | None:
    """Bytes to editor text ("\\n" line endings) and the format to write it back in. With sniff_only,
    `data` is the start of a file: refuse it early if it is not UTF-8 text, else return None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 has NUL bytes too, but is text: say so
        raise DocumentError(f"{name} is UTF-16 text, which Creagen does not open. "
                            "Save it as UTF-8 in another editor first.")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DocumentError(f"{name} looks like a binary file, not text, so it was not opened.")
    bom = data.startswith(BOM)
    try:
        text = data[len(BOM):].decode("utf-8") if bom else data.decode("utf-8")
        if sniff_only:
            return None
    except UnicodeDecodeError as exc:
        if sniff_only and exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return None  # a character cut at the end of the sniffed bytes
        raise DocumentError(
            f"{name} is not UTF-8 text (undecodable byte at position {exc.start}), so it was not opened. "
            "Convert it to UTF-8 in another editor first."
        ) from None
    # The first line ending decides: a file that mixes both is saved with the one it starts with.
    lf = text.find("\n")
    newline = "\r\n" if lf > 0 and text[lf - 1] == "\r" else "\n"
    return text.replace("\r\n", "\n"), TextFormat(bom=bom, newline=newline)


def encode(text: str, fmt: TextFormat) -> bytes:
    if fmt.newline != "\n":
        text = text.replace("\n", fmt.newline)
    data = text.encode("utf-8")
    return BOM + data if fmt.bom else data


def _check_regular(path: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(f"{path} is a folder, not a document.")
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(f"{path} is not a regular file (it is a device, a pipe or a socket), so it was not opened.")


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[str, TextFormat, DiskStamp]:
    path = Path(path)
    try:
        finish_interrupted_save(path)
        st = path.stat()  # follows a link to the file it names; does not block on a pipe
        _check_regular(path, st)
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
            decode(head, str(path), sniff_only=True)
            if st.st_size > max_bytes:
                raise DocumentError(f"{path} is too large to open ({st.st_size / 1e6:,.0f} MB; Creagen opens "
                                    f"documents up to {max_bytes / 1e6:,.0f} MB).")
            data = head + f.read(max_bytes + 1 - len(head))
    except OSError as exc:
        raise DocumentError(f"{path} could not be opened: {exc.strerror or exc}.") from None
    if len(data) > max_bytes:  # it grew while being read
        raise DocumentError(f"{path} is too large to open (more than {max_bytes / 1e6:,.0f} MB).")
    text, fmt = decode(data, str(path))
    return text, fmt, DiskStamp(st.st_mtime_ns, len(data), _sha256(data))


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on Windows, where os.replace is enough.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path: Path, data: bytes) -> DiskStamp:
    """Replace the file `path` names with `data` all at once; returns its new stamp. Raises OSError.

    Through a symbolic link the linked file is replaced, so the link stays; the file's permissions
    are kept."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    folder = real.parent
    try:
        mode = stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}{TEMP_MARK}", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp makes it private; keep the file's own permissions
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)
    st = real.stat()
    return DiskStamp(st.st_mtime_ns, len(data), _sha256(data))


def _journal_path(real: Path, digest: str) -> Path:
    return real.with_name(f".{real.name}{JOURNAL_MARK}{digest[:JOURNAL_DIGEST]}")


def _write_in_place(real: Path, data: bytes) -> None:
    """Overwrite the file's own bytes (its inode, so every hard link sees the new text)."""
    fd = os.open(real, os.O_WRONLY)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def journalled_write(path: Path, data: bytes) -> DiskStamp:
    """Write `data` into the existing file in place, through a verified journal (see the module notes)."""
    real = Path(os.path.realpath(path))
    digest = _sha256(data)
    journal = _journal_path(real, digest)
    atomic_write(journal, data)
    if _sha256(journal.read_bytes()) != digest:  # the copy we would recover from must be sound
        journal.unlink()
        raise OSError(f"the safety copy of {real.name} did not read back correctly")
    _write_in_place(real, data)
    journal.unlink()
    _fsync_dir(real.parent)
    st = real.stat()
    return DiskStamp(st.st_mtime_ns, len(data), digest)


def finish_interrupted_save(path: Path) -> bool:
    """Complete an in-place save a crash interrupted, from its journal; True if one was finished.

    A journal whose bytes do not match the sha256 in its name was itself cut short, before the
    file was touched: it is simply removed."""
    real = Path(os.path.realpath(path))
    prefix = f".{real.name}{JOURNAL_MARK}"
    try:
        journals = [p for p in real.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return False
    finished = False
    for journal in sorted(journals, key=lambda p: p.stat().st_mtime_ns):
        data = journal.read_bytes()
        digest = journal.name[len(prefix):]
        if _sha256(data)[:JOURNAL_DIGEST] == digest and real.is_file():
            if _sha256(real.read_bytes())[:JOURNAL_DIGEST] != digest:
                _write_in_place(real, data)
            finished = True
        journal.unlink()
    return finished


def is_read_only(path: Path) -> bool:
    """True for an existing file its owner may not write (checked by mode: root may write anything)."""
    try:
        st = Path(path).stat()
    except OSError:
        return False
    return not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def save_document(path: Path, text: str, fmt: TextFormat, allow_read_only: bool = False,
                  backups=None) -> DiskStamp:
    """Save text in its format, atomically (journalled in place for a hard-linked file).

    Raises ReadOnlyError for a read-only file unless allow_read_only, and DocumentError with a plain
    message when it cannot save. `backups` (documents.backups.Backups) keeps the previous version."""
    path = Path(path)
    try:
        real = Path(os.path.realpath(path))
        exists = real.exists()
        if exists:
            _check_regular(path, real.stat())
            if not allow_read_only and is_read_only(real):
                raise ReadOnlyError(f"{path} is read-only. Save anyway to overwrite it, or save under another name.")
            if backups is not None:
                backups.keep_copy(real)
        data = encode(text, fmt)
        if exists and real.stat().st_nlink > 1:
            if is_read_only(real):
                os.chmod(real, stat.S_IMODE(real.stat().st_mode) | stat.S_IWUSR)
                try:
                    return journalled_write(real, data)
                finally:
                    os.chmod(real, stat.S_IMODE(real.stat().st_mode) & ~stat.S_IWUSR)
            return journalled_write(real, data)
        return atomic_write(path, data)
    except DocumentError:
        raise
    except OSError as exc:
        raise DocumentError(f"{path} could not be saved: {exc.strerror or exc}. Nothing was lost: "
                            "the text is still in the editor and the old file is untouched.") from None


def changed_on_disk(path: Path, stamp: DiskStamp | None) -> bool:
    """True when the file is not what we last read or wrote (changed, replaced or deleted)."""
    if stamp is None:
        return False
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if st.st_size != stamp.size:
        return True
    if st.st_mtime_ns == stamp.mtime_ns:
        return False
    # Same size, new time: only a different content counts (a "touch" or a copy-back does not).
    try:
        return _sha256(Path(path).read_bytes()) != stamp.sha256
    except OSError:
        return True


def clean_stale_temps(folder: Path, name: str | None = None, min_age_s: float = 0.0) -> list[Path]:
    """Remove temporary files a killed save left in `folder` (only those of document `name`, if
    given, and at least `min_age_s` old, so another window's save in progress is left alone)."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    prefix = f".{name}{TEMP_MARK}" if name else "."
    now = time.time()
    for p in entries:
        if not (p.name.startswith(prefix) and TEMP_MARK in p.name):
            continue
        try:
            old_enough = now - p.lstat().st_mtime >= min_age_s
        except OSError:
            continue
        if old_enough and p.is_file():
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed
