"""The packs the app can use: the bundled ones and the user's folder; importing and removing.

An import unpacks into a staging folder inside the user's pack folder, verifies it as a pack
(format, files, sizes, checksums) and only then renames it into place, so a failed or interrupted
import never leaves a half pack that looks usable. Archives are checked member by member first:
no absolute paths, no "..", no links, nothing oversized.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from creagen_desktop.pack import MANIFEST, ModelPack, ModelPackError
from creagen_desktop.paths import bundled_packs_dir

STAGING_PREFIX = ".import-"
REMOVING_PREFIX = ".removing-"
MAX_MEMBER_BYTES = 2 << 30  # one file of a pack; the bundled lm.onnx is 28 MB
MAX_TOTAL_BYTES = 4 << 30


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
        """Remove leftovers of imports or removals that were interrupted (a crash, a kill)."""
        if not self.user_dir.is_dir():
            return
        for p in self.user_dir.iterdir():
            if p.name.startswith((STAGING_PREFIX, REMOVING_PREFIX)):
                shutil.rmtree(p, ignore_errors=True)

    def is_user_pack(self, path: Path) -> bool:
        try:
            return Path(path).resolve().parent == self.user_dir.resolve()
        except OSError:
            return False

    # -- import -------------------------------------------------------------------------------

    def import_pack(self, source: Path, max_member_bytes: int = MAX_MEMBER_BYTES,
                    max_total_bytes: int = MAX_TOTAL_BYTES) -> PackInfo:
        """Import a pack folder or .zip; returns the installed pack. Raises ModelPackError."""
        source = Path(source)
        if not source.exists():
            raise ModelPackError(f"{source} was not found.")
        self.user_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.user_dir))
        try:
            if source.is_dir():
                _copy_folder(source, staging, max_member_bytes, max_total_bytes)
            elif zipfile.is_zipfile(source):
                _extract_zip(source, staging, max_member_bytes, max_total_bytes)
            else:
                raise ModelPackError(f"{source} is neither a pack folder nor a .zip archive.")
            root = _pack_root(staging)
            try:
                pack = ModelPack.load(root)  # format, required files, sizes and sha256
            except ModelPackError as exc:
                raise ModelPackError(f"Not imported: {exc}".replace(str(root), source.name)) from None
            name = _safe_name(pack.name)
            target = self.user_dir / name
            if target.exists() or (self.bundled_dir / name).exists():
                raise ModelPackError(f"A pack named {name} is already installed. Remove it first to replace it.")
            os.replace(root, target)  # atomic: the pack appears whole or not at all
            return describe(target, "user")
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


def _check_member(name: str) -> PurePosixPath:
    rel = PurePosixPath(name.replace("\\", "/"))
    if rel.is_absolute() or name.startswith(("/", "\\")) or (rel.parts and ":" in rel.parts[0]):
        raise ModelPackError(f"Not imported: the archive holds an absolute path ({name}).")
    if ".." in rel.parts:
        raise ModelPackError(f"Not imported: the archive holds a path that leaves its folder ({name}).")
    return rel


def _extract_zip(source: Path, dest: Path, max_member: int, max_total: int) -> None:
    try:
        with zipfile.ZipFile(source) as zf:
            members = zf.infolist()
            total = 0
            for info in members:  # all checks before anything is written
                _check_member(info.filename)
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise ModelPackError(f"Not imported: the archive holds a link ({info.filename}).")
                if info.file_size > max_member:
                    raise ModelPackError(f"Not imported: {info.filename} is too large "
                                         f"({info.file_size:,} bytes; the limit is {max_member:,}).")
                total += info.file_size
                if total > max_total:
                    raise ModelPackError(f"Not imported: the archive unpacks to more than {max_total:,} bytes.")
            for info in members:
                rel = _check_member(info.filename)
                out = dest.joinpath(*rel.parts)
                if info.is_dir():
                    out.mkdir(parents=True, exist_ok=True)
                    continue
                out.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with zf.open(info) as src, open(out, "wb") as dst:
                    # Counted while copying: the sizes in the directory could lie.
                    for chunk in iter(lambda: src.read(1 << 20), b""):
                        written += len(chunk)
                        if written > max_member:
                            raise ModelPackError(f"Not imported: {info.filename} is larger than it claims.")
                        dst.write(chunk)
    except zipfile.BadZipFile as exc:
        raise ModelPackError(f"Not imported: {source.name} is a damaged archive ({exc}).") from None
    except OSError as exc:
        raise ModelPackError(f"Not imported: {exc.strerror or exc}.") from None


def _copy_folder(source: Path, dest: Path, max_member: int, max_total: int) -> None:
    total = 0
    for p in sorted(source.rglob("*")):
        rel = p.relative_to(source)
        if p.is_symlink():
            raise ModelPackError(f"Not imported: the folder holds a link ({rel}).")
        if p.is_dir():
            (dest / rel).mkdir(parents=True, exist_ok=True)
            continue
        size = p.stat().st_size
        if size > max_member:
            raise ModelPackError(f"Not imported: {rel} is too large ({size:,} bytes; the limit is {max_member:,}).")
        total += size
        if total > max_total:
            raise ModelPackError(f"Not imported: the folder holds more than {max_total:,} bytes.")
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dest / rel)


def _pack_root(staging: Path) -> Path:
    """The folder holding manifest.json: the top, or its only subfolder (a zipped pack folder)."""
    if (staging / MANIFEST).is_file():
        return staging
    subs = [p for p in staging.iterdir() if p.is_dir() and not p.name.startswith("__MACOSX")]
    if len(subs) == 1 and (subs[0] / MANIFEST).is_file():
        return subs[0]
    raise ModelPackError(f"Not imported: there is no {MANIFEST} at the top of it, so it is not a Creagen model pack.")
