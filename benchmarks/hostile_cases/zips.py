"""Pack archives and folders to import: each must be refused before anything is written (or, for a
good one, imported whole), and leave nothing behind in the user's pack folder."""

from __future__ import annotations

import io
import re
import shutil
import stat
import zipfile
from pathlib import Path

from hostile_cases import ROOT, expect

TINY = ROOT / "tests" / "data" / "tiny-pack"


def _store(tmp: Path):
    from creagen_desktop.pack.store import PackStore

    return PackStore(tmp / "user-packs", tmp / "bundled")


def _zip(tmp: Path, members: dict[str, bytes] | None = None, prefix: str = "", tweak=None, method=zipfile.ZIP_DEFLATED) -> Path:
    out = tmp / "pack.zip"
    with zipfile.ZipFile(out, "w", method) as zf:
        for p in sorted(TINY.iterdir()):
            zf.write(p, prefix + p.name)
        for name, data in (members or {}).items():
            info = zipfile.ZipInfo(name)
            if name.endswith("@link"):
                info.filename = name.removesuffix("@link")
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
    if tweak:
        data = bytearray(out.read_bytes())
        tweak(data)
        out.write_bytes(bytes(data))
    return out


def _refused(tmp: Path, source: Path, words: str) -> str:
    from creagen_desktop.pack import ModelPackError

    store = _store(tmp)
    try:
        store.import_pack(source)
    except ModelPackError as exc:
        expect(re.search(words, str(exc), re.I) is not None, f"message: {exc}")
        left = list(store.user_dir.iterdir()) if store.user_dir.exists() else []
        expect(not left, f"left behind: {[p.name for p in left]}")
        return str(exc)[:100]
    raise AssertionError("it was imported")


def _central(data: bytearray, offset: int, value: bytes) -> None:
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) != -1:
        data[i + offset: i + offset + len(value)] = value
        i += 4


def _bomb(tmp: Path) -> Path:
    out = tmp / "bomb.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(TINY.iterdir()):
            zf.write(p, p.name)
        zf.writestr("report/huge.html", b"\0" * (300 << 20))  # 300 MB of zeros: about 300 KB packed
    return out


def _good(tmp: Path, source: Path) -> str:
    info = _store(tmp).import_pack(source)
    expect(info.usable, f"imported but unusable: {info.error}")
    kept = sorted(p.name for p in info.path.iterdir())
    return f"imported {info.name}: {', '.join(kept)}"


def cases() -> dict:
    return {
        "a good zip": lambda tmp: _good(tmp, _zip(tmp)),
        "a good zip of a folder": lambda tmp: _good(tmp, _zip(tmp, prefix="tiny/")),
        "a good folder": lambda tmp: _good(tmp, shutil.copytree(TINY, tmp / "folder")),
        "absolute path member": lambda tmp: _refused(tmp, _zip(tmp, {"/etc/evil": b"x"}), "absolute path"),
        "windows drive member": lambda tmp: _refused(tmp, _zip(tmp, {"C:/evil": b"x"}), "absolute path"),
        "'..' member": lambda tmp: _refused(tmp, _zip(tmp, {"../escape.txt": b"x"}), "leaves its folder"),
        "symbolic link member": lambda tmp: _refused(tmp, _zip(tmp, {"link@link": b"/etc/passwd"}), "link"),
        "unlisted .onnx member": lambda tmp: _refused(tmp, _zip(tmp, {"other.onnx": b"x" * 100}), "does not list"),
        "unlisted member in a subfolder": lambda tmp: _refused(tmp, _zip(tmp, {"extra/run.sh": b"rm -rf ~"}), "does not list"),
        "encrypted members": lambda tmp: _refused(tmp, _zip(tmp, tweak=lambda d: _central_flag(d)), "encrypted"),
        "unknown compression": lambda tmp: _refused(tmp, _zip(tmp, tweak=lambda d: _central(d, 10, (99).to_bytes(2, "little"))),
                                                    "compressed in a way"),
        "two honestly declared 1.9 GiB members": lambda tmp: _refused(tmp, _big_members(tmp), "too large"),
        "a 300 MB report of zeros (ratio)": lambda tmp: _refused(tmp, _bomb(tmp), "far more than"),
        "declared sizes beyond the manifest's": lambda tmp: _refused(tmp, _zip(tmp, tweak=_huge_declared), "where its manifest says"),
        "not a zip": lambda tmp: _refused(tmp, _write(tmp / "x.zip", b"PK not really"), "neither"),
        "a truncated zip": lambda tmp: _refused(tmp, _write(tmp / "t.zip", _zip(tmp).read_bytes()[:3000]), "neither|damaged"),
        "an empty zip": lambda tmp: _refused(tmp, _empty_zip(tmp), "no manifest.json"),
        "a zip whose manifest is malformed": lambda tmp: _refused(tmp, _malformed_zip(tmp), "malformed"),
        "a zip of two packs": lambda tmp: _refused(tmp, _two_packs(tmp), "no manifest.json"),
    }


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def _central_flag(data: bytearray) -> None:
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) != -1:
        data[i + 8] |= 0x01
        i += 4


BIG = int(1.9 * (1 << 30))


def _big_members(tmp: Path) -> Path:
    """A manifest and a central directory that agree: lm.onnx and vae_decoder.onnx are 1.9 GiB each
    (the bytes are not really there: the import must refuse before it copies any)."""
    import json

    out = tmp / "big.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for p in sorted(TINY.iterdir()):
            data = p.read_bytes()
            if p.name == "manifest.json":
                m = json.loads(data)
                for f in m["files"]:
                    if f["path"] in ("lm.onnx", "vae_decoder.onnx"):
                        f["bytes"] = BIG
                data = json.dumps(m).encode()
            zf.writestr(p.name, data)
    data = bytearray(out.read_bytes())
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) != -1:
        n = int.from_bytes(data[i + 28: i + 30], "little")
        if bytes(data[i + 46: i + 46 + n]) in (b"lm.onnx", b"vae_decoder.onnx"):
            data[i + 24: i + 28] = BIG.to_bytes(4, "little")
        i += 4
    out.write_bytes(bytes(data))
    return out


def _huge_declared(data: bytearray) -> None:
    _central(data, 24, (0xFFFFFFF0).to_bytes(4, "little"))  # uncompressed size of every member: 4 GB


def _empty_zip(tmp: Path) -> Path:
    out = tmp / "empty.zip"
    with zipfile.ZipFile(out, "w"):
        pass
    return out


def _malformed_zip(tmp: Path) -> Path:
    out = tmp / "bad.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for p in sorted(TINY.iterdir()):
            data = p.read_bytes()
            if p.name == "manifest.json":
                data = data.replace(b'"name": "tiny-test"', b'"name": 123')
            zf.writestr(p.name, data)
    return out


def _two_packs(tmp: Path) -> Path:
    out = tmp / "two.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for prefix in ("a/", "b/"):
            for p in sorted(TINY.iterdir()):
                zf.write(p, prefix + p.name)
    out.write_bytes(buf.getvalue())
    return out
