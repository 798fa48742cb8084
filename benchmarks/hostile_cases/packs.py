"""Corrupt packs, made here from the committed tiny pack: every one must be refused at load with one
plain message (command line, engine), and be listed as damaged without breaking the pack list."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from hostile_cases import ROOT, creagen, expect, refused_plainly

TINY = ROOT / "tests" / "data" / "tiny-pack"
BUNDLED_TOKENIZER = ROOT / "resources" / "models" / "en-fiction" / "tokenizer.model"


def _variant(tmp: Path, edit_manifest=None, edit_files=None) -> Path:
    pack = tmp / "pack"
    shutil.copytree(TINY, pack)
    if edit_files:
        edit_files(pack)
        _rehash(pack)
    if edit_manifest:
        m = json.loads((pack / "manifest.json").read_text())
        edit_manifest(m)
        (pack / "manifest.json").write_text(m if isinstance(m, str) else json.dumps(m))
    return pack


def _rehash(pack: Path) -> None:
    """Honest checksums for files changed on purpose: the pack must be caught by what is in them."""
    m = json.loads((pack / "manifest.json").read_text())
    for f in m["files"]:
        p = pack / f["path"]
        if p.is_file():
            f["sha256"], f["bytes"] = hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size
    (pack / "manifest.json").write_text(json.dumps(m))


def _refused_everywhere(pack: Path, words: str, manifest_bad: bool = True) -> str:
    """Refused by the command line and the engine, each with one plain message; a pack whose manifest
    is bad is also listed as damaged (one whose models are bad is found when it is loaded)."""
    from creagen_desktop.engine.engine import Engine
    from creagen_desktop.pack import ModelPackError
    from creagen_desktop.pack.store import describe

    line = refused_plainly(creagen("suggest", "Hello", "--pack", pack), words)
    try:
        Engine.load(pack, device="cpu")
    except ModelPackError:
        pass
    else:
        raise AssertionError("the engine loaded it")
    info = describe(pack, "user")  # what Model Packs lists; must not raise
    expect(info.error is not None or not manifest_bad, "listed as usable although its manifest is bad")
    return line.removeprefix("creagen: ")[:110]


def _raw_manifest(data: str | bytes, words: str = "manifest"):
    def case(tmp: Path) -> str:
        pack = _variant(tmp)
        (pack / "manifest.json").write_bytes(data if isinstance(data, bytes) else data.encode())
        return _refused_everywhere(pack, words)
    return case


def _field(edit, words: str, manifest_bad: bool = True):
    return lambda tmp: _refused_everywhere(_variant(tmp, edit_manifest=edit), words, manifest_bad)


def _file(edit, words: str):
    """A pack whose files (not its manifest) are bad, with honest checksums."""
    return lambda tmp: _refused_everywhere(_variant(tmp, edit_files=edit), words, manifest_bad=False)


def _flip(name: str, at: float = 0.5):
    def edit(p: Path):
        data = bytearray((p / name).read_bytes())
        data[int(len(data) * at)] ^= 0xFF
        (p / name).write_bytes(bytes(data))
    return edit


def _rename_input(p: Path):
    data = (p / "lm.onnx").read_bytes()
    (p / "lm.onnx").write_bytes(data.replace(b"tokens", b"tokenz"))  # same length: the protobuf stays valid


def cases() -> dict:
    deep = '{"format": 1, "name": ' + "[" * 200_000 + "]" * 200_000 + "}"
    return {
        "no manifest": lambda tmp: _refused_everywhere(_no_manifest(tmp), "no manifest.json"),
        "manifest not JSON": _raw_manifest("{this is not json"),
        "manifest a list": _raw_manifest("[1, 2, 3]"),
        "manifest nested 200,000 deep": _raw_manifest(deep),
        "manifest not UTF-8": _raw_manifest(b"\xff\xfe{"),
        "format true": _field(lambda m: m.update(format=True), "format"),
        "format 99": _field(lambda m: m.update(format=99), "newer"),
        "format '1'": _field(lambda m: m.update(format="1"), "format"),
        "name 123": _field(lambda m: m.update(name=123), "name"),
        "kinds 5": _field(lambda m: m.update(kinds=5), "kinds"),
        "kinds names an unknown model": _field(lambda m: m.update(kinds=["lm", "telepathy"]), "telepathy"),
        "training 'Gutenberg'": _field(lambda m: m.update(training="Gutenberg"), "training"),
        "metrics [1, 2]": _field(lambda m: m.update(metrics=[1, 2]), "metrics"),
        "metrics with NaN": lambda tmp: _refused_everywhere(_nan_metrics(tmp), "metrics"),
        "files not a list": _field(lambda m: m.update(files={"a": 1}), "files"),
        "a file entry without sha256": _field(lambda m: m["files"][0].pop("sha256"), "sha256"),
        "lm.hidden missing": _field(lambda m: m["lm"].pop("hidden"), "hidden"),
        "lm.hidden text": _field(lambda m: m["lm"].update(hidden="512"), "hidden"),
        "lm.state_layers wrong": _field(lambda m: m["lm"].update(state_layers=3), "does not fit", manifest_bad=False),
        "vae.bos_id missing": _field(lambda m: m["vae"].pop("bos_id"), "bos_id"),
        "vae.eos_id beyond the vocabulary": _field(lambda m: m["vae"].update(eos_id=10**6), "pieces", manifest_bad=False),
        "vae.latent wrong": _field(lambda m: m["vae"].update(latent=9), "does not fit", manifest_bad=False),
        "gan.noise_dim wrong": _field(lambda m: m["gan"].update(noise_dim=7), "does not fit", manifest_bad=False),
        "gan claimed without its section": _field(lambda m: m.pop("gan"), "section"),
        "lm.file names an unlisted file": lambda tmp: _refused_everywhere(_unlisted(tmp), "does not list other.onnx"),
        "lm.file an absolute path": _field(lambda m: m["lm"].update(file="/etc/passwd"), "does not list"),
        "a listed file outside the pack": _field(lambda m: m["files"].append({"path": "../x", "sha256": "0", "bytes": 1}),
                                                 "outside the pack"),
        "a file missing": _file(lambda p: (p / "vae_init.onnx").unlink(), "missing vae_init.onnx"),
        "a file truncated": lambda tmp: _refused_everywhere(_truncated(tmp), "truncated"),
        "one byte flipped in lm.onnx (checksum)": lambda tmp: _refused_everywhere(_flipped_keep_sum(tmp), "checksum",
                                                                                 manifest_bad=False),
        "one byte flipped in lm.onnx's graph (honest checksum)": _file(_flip_at("lm.onnx", 100), "could not be loaded"),
        "lm.onnx is the VAE decoder": _file(lambda p: _copy(p, "vae_decoder.onnx", "lm.onnx"), "wants an input"),
        "lm.onnx is the GAN": _file(lambda p: _copy(p, "gan_generator.onnx", "lm.onnx"), "no input named"),
        "encoder and decoder swapped": _file(_swap_vae, "does not fit"),
        "lm input renamed": _file(_rename_input, "no input named 'tokens'"),
        "lm.onnx empty": _file(lambda p: (p / "lm.onnx").write_bytes(b""), "could not be loaded"),
        "lm.onnx is text": _file(lambda p: (p / "lm.onnx").write_text("hello"), "could not be loaded"),
        "tokenizer of another vocabulary": _file(lambda p: shutil.copyfile(BUNDLED_TOKENIZER, p / "tokenizer.model"), "pieces"),
        "tokenizer not a tokenizer": _file(lambda p: (p / "tokenizer.model").write_text("x" * 100), "tokenizer"),
        "fingerprint empty": _file(lambda p: (p / "fingerprint.bin").write_bytes(b""), "fingerprint"),
        "fingerprint of another size": _file(lambda p: (p / "fingerprint.bin").write_bytes(b"\0" * 7), "fingerprint"),
        "fingerprint of another hashing": _field(lambda m: m["fingerprint"].update(hash="md5"), "fingerprint",
                                                 manifest_bad=False),
    }


def _flip_at(name: str, offset: int):
    def edit(p: Path):
        data = bytearray((p / name).read_bytes())
        data[offset] ^= 0xFF
        (p / name).write_bytes(bytes(data))
    return edit


def _no_manifest(tmp: Path) -> Path:
    pack = _variant(tmp)
    (pack / "manifest.json").unlink()
    return pack


def _unlisted(tmp: Path) -> Path:
    pack = _variant(tmp)
    _copy(pack, "lm.onnx", "other.onnx")
    _set(pack, "lm", "file", "other.onnx")
    return pack


def _copy(p: Path, src: str, dst: str) -> None:
    shutil.copyfile(p / src, p / dst)


def _set(p: Path, section: str, key: str, value) -> None:
    m = json.loads((p / "manifest.json").read_text())
    m[section][key] = value
    (p / "manifest.json").write_text(json.dumps(m))


def _swap_vae(p: Path) -> None:
    enc, dec = (p / "vae_encoder.onnx").read_bytes(), (p / "vae_decoder.onnx").read_bytes()
    (p / "vae_encoder.onnx").write_bytes(dec)
    (p / "vae_decoder.onnx").write_bytes(enc)


def _nan_metrics(tmp: Path) -> Path:
    pack = _variant(tmp)
    text = (pack / "manifest.json").read_text().replace('"metrics": {', '"metrics": {"odd": NaN, ', 1)
    (pack / "manifest.json").write_text(text)
    return pack


def _truncated(tmp: Path) -> Path:
    pack = _variant(tmp)
    data = (pack / "lm.onnx").read_bytes()
    (pack / "lm.onnx").write_bytes(data[: len(data) // 2])
    return pack


def _flipped_keep_sum(tmp: Path) -> Path:
    pack = _variant(tmp)
    _flip("lm.onnx")(pack)
    return pack
