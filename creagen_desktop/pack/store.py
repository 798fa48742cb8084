"""The packs the app can use: the bundled ones and the user's folder; importing and removing.

An import unpacks into a staging folder inside the user's pack folder, verifies it as a pack
(format, files, sizes, checksums) and only then renames it into place, so a failed or interrupted
import never leaves a half pack that looks usable. Everything is checked before anything is
written: no absolute paths, no "..", no links, no encrypted or unknown compression, only the files
the manifest lists (at the sizes it declares) and the report folder, a bounded total, a bounded
unpacking ratio, and room for it all on the disk.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from creagen_desktop.pack import MANIFEST, Manifest, ModelPack, ModelPackError
from creagen_desktop.pack.format import REPORT_DIR
from creagen_desktop.paths import bundled_packs_dir
from creagen_desktop.processes import process_alive

STAGING_PREFIX = ".import-"
REMOVING_PREFIX = ".removing-"
MAX_MEMBER_BYTES = 1 << 30  # one file of a pack; the bundled lm.onnx is 20 MB
MAX_TOTAL_BYTES = 2 << 30


@dataclass
class PackInfo:
    path: Path
    source: str  # "bundled" or "user"
    name: str
    language: str = ""
    kinds: list[str] = field(default_factory=list)
    bytes: int = 0
    corpus: str = ""
    metrics: dict = field(default_factory=dict)
    description: str = ""
    error: str | None = None  # why it cannot be used, when it cannot

    @property
    def usable(self) -> bool:
        return self.error is None


def _corpus_text(manifest) -> str:
    training = manifest.training
    corpus = training.get("corpus", "")
    if isinstance(corpus, list):
        corpus = ", ".join(str(c) for c in corpus)
    chars = training.get("train_chars") or training.get("chars")
    return f"{corpus} ({chars:,} characters)" if isinstance(chars, int) and corpus else str(corpus)


def describe(path: Path, source: str) -> PackInfo:
    """What the pack dialog shows about one folder; an unusable pack says why instead of failing."""
    try:
        pack = ModelPack.load(path, verify_hashes=False)  # checksums are checked when the pack is used
    except ModelPackError as exc:
        return PackInfo(path=path, source=source, name=path.name, error=str(exc))
    m = pack.manifest
    return PackInfo(path=path, source=source, name=pack.name, language=m.language, kinds=pack.kinds,
                    bytes=sum(f.bytes for f in m.files), corpus=_corpus_text(m), metrics=dict(m.metrics),
                    description=m.description)


class PackStore:
    def __init__(self, user_dir: Path, bundled_dir: Path | None = None):
        self.user_dir = Path(user_dir)
        self.bundled_dir = Path(bundled_dir) if bundled_dir is not None else bundled_packs_dir()

    def list(self) -> list[PackInfo]:
        self.sweep()
        found = []
        for source, folder in (("bundled", self.bundled_dir), ("user", self.user_dir)):
            if not folder.is_dir():
                continue
            for p in sorted(folder.iterdir()):
                if p.is_dir() and not p.name.startswith("."):
                    found.append(describe(p, source))
        return found

    def sweep(self) -> None:
        """Remove leftovers of imports or removals that were interrupted (a crash, a kill); an import
        still running (its staging folder names a live process) is left alone."""
        if not self.user_dir.is_dir():
            return
        for p in self.user_dir.iterdir():
            if p.name.startswith(REMOVING_PREFIX):
                shutil.rmtree(p, ignore_errors=True)
            elif p.name.startswith(STAGING_PREFIX):
                owner = p.name[len(STAGING_PREFIX):].split("-")[0]
                if not (owner.isdigit() and process_alive(int(owner))):
                    shutil.rmtree(p, ignore_errors=True)

    def is_user_pack(self, path: Path) -> bool:
        try:
            return Path(path).resolve().parent == self.user_dir.resolve()
        except OSError:
            return False

    # -- import -------------------------------------------------------------------------------

    def import_pack(self, source: Path, max_member_bytes: int = MAX_MEMBER_BYTES,
                    max_total_bytes: int = MAX_TOTAL_BYTES, progress: Progress | None = None) -> PackInfo:
        """Import a pack folder or .zip; returns the installed pack. Raises ModelPackError.

        Slow (it copies and hashes every file): never call it on the GUI thread. `progress(done,
        total)` is called with bytes copied so far."""
        source = Path(source)
        if not source.exists():
            raise ModelPackError(f"{source} was not found.")
        self.user_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.user_dir))
        try:
            if source.is_dir():
                reader = _FolderReader(source)
            elif zipfile.is_zipfile(source):
                reader = _ZipReader(source)
            else:
                raise ModelPackError(f"{source} is neither a pack folder nor a .zip archive.")
            with reader:
                members = _plan(reader, max_member_bytes, max_total_bytes)
                _check_free_space(self.user_dir, sum(m.size for m in members))
                done, total = 0, sum(m.size for m in members)
                for m in members:
                    out = staging.joinpath(*m.rel.parts)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    done = reader.copy(m, out, done, total, progress)
            try:
                pack = ModelPack.load(staging)  # format, required files, sizes and sha256
            except ModelPackError as exc:
                raise ModelPackError(f"Not imported: {exc}".replace(str(staging), source.name)) from None
            name = _safe_name(pack.name)
            target = self.user_dir / name
            if target.exists() or (self.bundled_dir / name).exists():
                raise ModelPackError(f"A pack named {name} is already installed. Remove it first to replace it.")
            os.replace(staging, target)  # atomic: the pack appears whole or not at all
            return describe(target, "user")
        except OSError as exc:
            raise ModelPackError(f"Not imported: {exc.strerror or exc}.") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def remove(self, path: Path) -> None:
        """Remove a user pack (never a bundled one). Raises ModelPackError."""
        path = Path(path)
        if not self.is_user_pack(path) or not path.is_dir():
            raise ModelPackError(f"{path.name} is not one of your imported packs; only those can be removed.")
        doomed = self.user_dir / f"{REMOVING_PREFIX}{path.name}"
        shutil.rmtree(doomed, ignore_errors=True)
        os.replace(path, doomed)  # gone from the list at once, even if deleting the files is interrupted
        shutil.rmtree(doomed, ignore_errors=True)


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".-")
    return cleaned or "pack"


Progress = Callable[[int, int], None]
MAX_MANIFEST_BYTES = 1 << 20
MAX_RATIO = 100  # unpacked size over packed size: real packs (ONNX weights) hardly compress at all
RATIO_CHECK_ABOVE = 16 << 20  # small archives cannot fill a disk, whatever their ratio
REPORT_SUFFIXES = (".html", ".png", ".json", ".css", ".txt")  # the evaluation report beside a pack
FREE_SPACE_MARGIN = 64 << 20
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


@dataclass
class _Member:
    rel: PurePosixPath  # inside the pack folder
    size: int  # declared (zip) or found (folder) size
    handle: object  # the zip member or the source file


def _check_member(name: str) -> PurePosixPath:
    rel = PurePosixPath(name.replace("\\", "/"))
    if rel.is_absolute() or name.startswith(("/", "\\")) or (rel.parts and ":" in rel.parts[0]):
        raise ModelPackError(f"Not imported: the archive holds an absolute path ({name}).")
    if ".." in rel.parts:
        raise ModelPackError(f"Not imported: the archive holds a path that leaves its folder ({name}).")
    return rel


class _ZipReader:
    def __init__(self, source: Path):
        self.source = source

    def __enter__(self):
        try:
            self.zf = zipfile.ZipFile(self.source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ModelPackError(f"Not imported: {self.source.name} is a damaged archive ({exc}).") from None
        return self

    def __exit__(self, *exc):
        self.zf.close()

    def entries(self) -> list[tuple[PurePosixPath, int, object]]:
        out = []
        for info in self.zf.infolist():
            rel = _check_member(info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ModelPackError(f"Not imported: the archive holds a link ({info.filename}).")
            if info.flag_bits & 0x1:
                raise ModelPackError(f"Not imported: {info.filename} is encrypted.")
            if info.compress_type not in _ZIP_METHODS:
                raise ModelPackError(f"Not imported: {info.filename} is compressed in a way Creagen cannot read "
                                     f"(method {info.compress_type}).")
            if not info.is_dir():
                out.append((rel, info.file_size, info))
        return out

    def packed_size(self) -> int:
        return max(1, self.source.stat().st_size)

    def read_small(self, handle, limit: int) -> bytes:
        with self.zf.open(handle) as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            raise ModelPackError(f"Not imported: its {MANIFEST} is far too large to be a manifest.")
        return data

    def copy(self, m: _Member, out: Path, done: int, total: int, progress: Progress | None) -> int:
        try:
            with self.zf.open(m.handle) as src:
                # counted while copying: the sizes in the directory could lie
                return _copy_bounded(src, out, m.size, f"{m.handle.filename} is larger than it claims", done, total, progress)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
            raise ModelPackError(f"Not imported: {m.handle.filename} cannot be unpacked ({exc}).") from None


class _FolderReader:
    def __init__(self, source: Path):
        self.source = source

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def entries(self) -> list[tuple[PurePosixPath, int, object]]:
        out = []
        for p in sorted(self.source.rglob("*")):
            rel = PurePosixPath(*p.relative_to(self.source).parts)
            if p.is_symlink():
                raise ModelPackError(f"Not imported: the folder holds a link ({rel}).")
            if p.is_file():
                out.append((rel, p.stat().st_size, p))
            elif not p.is_dir():
                raise ModelPackError(f"Not imported: the folder holds something that is not a file ({rel}).")
        return out

    def packed_size(self) -> int:
        return 0  # a folder is not compressed: no ratio to check

    def read_small(self, handle, limit: int) -> bytes:
        if handle.stat().st_size > limit:
            raise ModelPackError(f"Not imported: its {MANIFEST} is far too large to be a manifest.")
        return handle.read_bytes()

    def copy(self, m: _Member, out: Path, done: int, total: int, progress: Progress | None) -> int:
        with open(m.handle, "rb") as src:
            return _copy_bounded(src, out, m.size, f"{m.rel} grew while it was being copied", done, total, progress)


def _copy_bounded(src, out: Path, limit: int, too_big: str, done: int, total: int, progress: Progress | None) -> int:
    """Copy src to the file `out`, refusing (with `too_big`) more than `limit` bytes; returns done + copied."""
    written = 0
    with open(out, "wb") as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            written += len(chunk)
            if written > limit:
                raise ModelPackError(f"Not imported: {too_big}.")
            dst.write(chunk)
            if progress is not None:
                progress(done + written, total)
    return done + written


def _plan(reader, max_member: int, max_total: int) -> list[_Member]:
    """The files to take, all checks done before anything is written: the manifest's own files (at
    their declared sizes) and the report folder; anything else is refused."""
    entries = [(rel, size, h) for rel, size, h in reader.entries() if rel.parts[0] != "__MACOSX"]
    tops = {rel.parts[0] for rel, _, _ in entries if len(rel.parts) > 1}
    root = PurePosixPath()
    if not any(rel == PurePosixPath(MANIFEST) for rel, _, _ in entries):
        if len(tops) == 1 and not any(len(rel.parts) == 1 for rel, _, _ in entries):
            root = PurePosixPath(next(iter(tops)))  # a zipped pack folder
        if not any(rel == root / MANIFEST for rel, _, _ in entries):
            raise ModelPackError(f"Not imported: there is no {MANIFEST} at the top of it, so it is not a Creagen model pack.")
    inside = {rel.relative_to(root): (size, h) for rel, size, h in entries if rel.is_relative_to(root)}
    outside = [rel for rel, _, _ in entries if not rel.is_relative_to(root)]
    if outside:
        raise ModelPackError(f"Not imported: it holds files outside the pack folder ({outside[0]}).")
    raw = reader.read_small(inside[PurePosixPath(MANIFEST)][1], MAX_MANIFEST_BYTES)
    try:
        manifest = Manifest.from_dict(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelPackError(f"Not imported: its {MANIFEST} is damaged ({exc}).") from None
    except RecursionError:
        raise ModelPackError(f"Not imported: its {MANIFEST} is nested too deeply.") from None
    except ModelPackError as exc:
        raise ModelPackError(f"Not imported: {exc}") from None
    declared = {PurePosixPath(f.path): f.bytes for f in manifest.files}
    members, total = [], 0
    for rel, (size, handle) in sorted(inside.items()):
        if rel == PurePosixPath(MANIFEST):
            want = size
        elif rel in declared:
            want = declared[rel]
            if size != want:
                raise ModelPackError(f"Not imported: {rel} is {size:,} bytes where its manifest says {want:,}.")
        elif rel.parts[0] == REPORT_DIR and rel.suffix.lower() in REPORT_SUFFIXES:
            want = size
        else:
            raise ModelPackError(f"Not imported: it holds {rel}, a file its {MANIFEST} does not list.")
        if want > max_member:
            raise ModelPackError(f"Not imported: {rel} is too large ({want:,} bytes; the limit is {max_member:,}).")
        total += want
        if total > max_total:
            raise ModelPackError(f"Not imported: it unpacks to more than {max_total:,} bytes.")
        members.append(_Member(rel, want, handle))
    packed = reader.packed_size()
    if packed and total > RATIO_CHECK_ABOVE and total / packed > MAX_RATIO:
        raise ModelPackError(f"Not imported: {packed / 1e6:.1f} MB unpack to {total / 1e6:,.0f} MB, far more than "
                             "a model pack compresses. It may be a damaged or hostile archive.")
    return members


def _check_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + FREE_SPACE_MARGIN:
        raise ModelPackError(f"Not imported: it needs {needed / 1e6:,.0f} MB and only {free / 1e6:,.0f} MB are free "
                             "on this disk.")
