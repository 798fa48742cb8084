"""Reading and verifying a pack folder before anything in it is used.

Checked: the manifest's format version and every field's type (pack.format), that every file the
model sections name is in the checksummed list, inside the pack folder, and that every listed file
is there with the right size and sha256. Files the manifest does not list (such as the evaluation
report in report/) are not the pack's: they are neither checked nor needed, so a report can be
rewritten without touching the checksums.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from creagen_desktop.pack.format import (
    FORMAT_VERSION,
    MANIFEST,
    Manifest,
    ModelPackError,
)
from creagen_desktop.paths import default_pack_dir


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(path: Path) -> Manifest:
    """The typed manifest of the pack folder `path`; raises ModelPackError saying what is wrong."""
    where = f"The model pack at {path}"
    if not path.is_dir():
        raise ModelPackError(f"{where} was not found. Reinstall Creagen or choose another pack.")
    mpath = path / MANIFEST
    if not mpath.is_file():
        raise ModelPackError(f"{where} has no {MANIFEST}, so it is not a Creagen model pack.")
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelPackError(f"{where} has a damaged {MANIFEST} ({exc}).") from None
    except RecursionError:
        raise ModelPackError(f"{where} has a damaged {MANIFEST} (nested too deeply).") from None
    if not isinstance(data, dict):
        raise ModelPackError(f"{where} has a damaged {MANIFEST} (not a JSON object).")
    fmt = data.get("format")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise ModelPackError(f"{where} does not say which pack format it uses.")
    if fmt > FORMAT_VERSION:
        raise ModelPackError(
            f"{where} uses pack format {fmt}, which is newer than this version of Creagen understands "
            f"(format {FORMAT_VERSION}). Update Creagen to use it."
        )
    if fmt < FORMAT_VERSION:
        raise ModelPackError(f"{where} uses the old pack format {fmt}; this Creagen needs format {FORMAT_VERSION}.")
    try:
        return Manifest.from_dict(data)
    except ModelPackError as exc:
        raise ModelPackError(f"{where}: {exc}") from None


def _inside(rel: str) -> bool:
    p = PurePosixPath(rel.replace("\\", "/"))
    return bool(p.parts) and not p.is_absolute() and ".." not in p.parts and ":" not in p.parts[0]


@dataclass
class ModelPack:
    path: Path
    manifest: Manifest

    @property
    def name(self) -> str:
        return self.manifest.name or self.path.name

    @property
    def kinds(self) -> list[str]:
        return list(self.manifest.kinds)

    @property
    def tokenizer_path(self) -> Path:
        return self.file(self.manifest.tokenizer.path)

    def file(self, name: str) -> Path:
        return self.path / name

    @classmethod
    def load(cls, path: str | Path | None = None, verify_hashes: bool = True) -> "ModelPack":
        """Read and verify a pack folder; raises ModelPackError with a plain explanation."""
        path = Path(path) if path is not None else default_pack_dir()
        m = read_manifest(path)
        where = f"The model pack at {path}"
        listed = {}
        for entry in m.files:
            if not _inside(entry.path):
                raise ModelPackError(f"{where} names a file outside the pack ({entry.path}).")
            listed[entry.path] = entry
        for kind in m.kinds:
            if m.section(kind) is None:
                raise ModelPackError(f"{where} claims a {kind} model but its manifest has no {kind} section.")
        # every file the app will open must be one whose checksum is checked here
        needed = [m.tokenizer.path] + [f for kind in m.kinds for f in m.files_of(kind)]
        for name in needed:
            if name not in listed:
                raise ModelPackError(f"{where} does not list {name}, which it needs.")
        for name, entry in listed.items():
            fpath = path / name
            if not fpath.is_file():
                raise ModelPackError(f"{where} is missing {name}. Reinstall or re-import the pack.")
            if fpath.stat().st_size != entry.bytes:
                raise ModelPackError(f"{where} has a damaged {name} (its size is wrong; it may be truncated).")
            if verify_hashes and sha256_of(fpath) != entry.sha256:
                raise ModelPackError(f"{where} has a damaged {name} (its checksum does not match the manifest).")
        return cls(path, m)
