"""Text documents on disk: reading with encoding and line-ending detection, atomic saves, and
noticing when another program changed a file. No Qt here; the window calls these.

A save writes a temporary file in the same folder, flushes and fsyncs it, then renames it over the
target (os.replace is atomic on one file system): a crash at any moment leaves the old file or the
new one, never half of either. Temporary files carry TEMP_MARK so a later start can sweep up the
one a crash may leave behind.
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
SNIFF_BYTES = 8192


class DocumentError(Exception):
    """A file that cannot be opened or saved; the message is written for the writer."""


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


def decode(data: bytes, name: str = "the file") -> tuple[str, TextFormat]:
    """Bytes to editor text ("\\n" line endings) and the format to write it back in."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 has NUL bytes too, but is text: say so
        raise DocumentError(f"{name} is UTF-16 text, which Creagen does not open. "
                            "Save it as UTF-8 in another editor first.")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DocumentError(f"{name} looks like a binary file, not text, so it was not opened.")
    bom = data.startswith(BOM)
    try:
        text = data[len(BOM):].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
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


def read_document(path: Path) -> tuple[str, TextFormat, DiskStamp]:
    path = Path(path)
    try:
        if path.is_dir():
            raise DocumentError(f"{path} is a folder, not a document.")
        st = path.stat()
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path} could not be opened: {exc.strerror or exc}.") from None
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


def atomic_write(path: Path, data: bytes) -> DiskStamp:
    """Replace `path` with `data` all at once; returns the new file's stamp. Raises OSError."""
    path = Path(path)
    folder = path.parent
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp makes it private; keep the file's own permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)
    st = path.stat()
    return DiskStamp(st.st_mtime_ns, len(data), _sha256(data))


def save_document(path: Path, text: str, fmt: TextFormat) -> DiskStamp:
    """Save text atomically in its format; DocumentError with a plain message when it cannot."""
    try:
        return atomic_write(path, encode(text, fmt))
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
