"""Model packs: a folder with manifest.json, ONNX models and the sentencepiece tokenizer.

A pack is the only contract between training and the app, so it is verified before use: format
version, every listed file present with the right size and sha256, and the files each kind needs.
Files the manifest does not list (such as the evaluation report in report/) are not the pack's:
they are neither checked nor needed, so a report can be rewritten without touching the checksums.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DEFAULT_PACK_NAME = "en-fiction"

# Files a pack must list for each kind of model it claims to hold.
REQUIRED_FILES = {
    "lm": ["lm.onnx"],
    "vae": ["vae_encoder.onnx", "vae_init.onnx", "vae_decoder.onnx"],
    "gan": ["gan_generator.onnx"],
    "fingerprint": ["fingerprint.bin"],
}


class ModelPackError(Exception):
    """A model pack that cannot be used. The message is written for the writer, not the developer."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def resources_dir() -> Path:
    """The bundled resources folder (installed as package data, or the source tree's resources/)."""
    try:
        import creagen_desktop.resources as res  # installed (package-dir mapping) or editable

        return Path(res.__file__).resolve().parent
    except ImportError:
        return Path(__file__).resolve().parents[2] / "resources"


def default_pack_dir() -> Path:
    return resources_dir() / "models" / DEFAULT_PACK_NAME


@dataclass
class ModelPack:
    path: Path
    manifest: dict

    @property
    def name(self) -> str:
        return self.manifest.get("name", self.path.name)

    @property
    def kinds(self) -> list[str]:
        return list(self.manifest.get("kinds", []))

    @property
    def tokenizer_path(self) -> Path:
        return self.path / self.manifest["tokenizer"]["path"]

    def file(self, name: str) -> Path:
        return self.path / name

    @property
    def lm(self) -> dict:
        return self.manifest.get("lm", {})

    @classmethod
    def load(cls, path: str | Path | None = None, verify_hashes: bool = True) -> "ModelPack":
        """Read and verify a pack folder; raises ModelPackError with a plain explanation."""
        path = Path(path) if path is not None else default_pack_dir()
        where = f"The model pack at {path}"
        if not path.is_dir():
            raise ModelPackError(f"{where} was not found. Reinstall Creagen or choose another pack.")
        mpath = path / MANIFEST
        if not mpath.is_file():
            raise ModelPackError(f"{where} has no {MANIFEST}, so it is not a Creagen model pack.")
        try:
            manifest = json.loads(mpath.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelPackError(f"{where} has a damaged {MANIFEST} ({exc}).") from None
        if not isinstance(manifest, dict):
            raise ModelPackError(f"{where} has a damaged {MANIFEST} (not a JSON object).")
        fmt = manifest.get("format")
        if not isinstance(fmt, int):
            raise ModelPackError(f"{where} does not say which pack format it uses.")
        if fmt > FORMAT_VERSION:
            raise ModelPackError(
                f"{where} uses pack format {fmt}, which is newer than this version of Creagen understands "
                f"(format {FORMAT_VERSION}). Update Creagen to use it."
            )
        if fmt < FORMAT_VERSION:
            raise ModelPackError(f"{where} uses the old pack format {fmt}; this Creagen needs format {FORMAT_VERSION}.")
        files = manifest.get("files")
        tok = manifest.get("tokenizer")
        if not isinstance(files, list) or not isinstance(tok, dict) or "path" not in tok:
            raise ModelPackError(f"{where} has an incomplete {MANIFEST} (no file list or tokenizer).")
        listed = {}
        for entry in files:
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                raise ModelPackError(f"{where} has a malformed file entry in {MANIFEST}.")
            rel = Path(entry["path"])
            if rel.is_absolute() or ".." in rel.parts:
                raise ModelPackError(f"{where} names a file outside the pack ({entry['path']}).")
            listed[entry["path"]] = entry
        needed = [tok["path"]] + [f for kind in manifest.get("kinds", []) for f in REQUIRED_FILES.get(kind, [])]
        for name in needed:
            if name not in listed:
                raise ModelPackError(f"{where} does not list {name}, which it needs.")
        for name, entry in listed.items():
            fpath = path / name
            if not fpath.is_file():
                raise ModelPackError(f"{where} is missing {name}. Reinstall or re-import the pack.")
            if "bytes" in entry and fpath.stat().st_size != entry["bytes"]:
                raise ModelPackError(f"{where} has a damaged {name} (its size is wrong; it may be truncated).")
            if verify_hashes and sha256_of(fpath) != entry.get("sha256"):
                raise ModelPackError(f"{where} has a damaged {name} (its checksum does not match the manifest).")
        return cls(path, manifest)
