"""Shared fixtures: the committed tiny pack (`tiny_pack_dir`, no torch) and one trained here for the
training tests (`trained_pack_dir`, once per session, a few seconds)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from tiny_data import TINY_PACK, tiny_pack_args, write_tiny_corpus  # noqa: E402
from tiny_poetry import TINY_ZH_PACK  # noqa: E402


@pytest.fixture(scope="session")
def tiny_corpus_dir(tmp_path_factory) -> Path:
    return write_tiny_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def tiny_pack_dir(tmp_path_factory) -> Path:
    """The committed tiny pack (tests/data/tiny-pack: an LM, VAE, GAN and fingerprint), copied so that
    no test can change the original. Needs no torch."""
    out = tmp_path_factory.mktemp("committed") / "tiny"
    shutil.copytree(TINY_PACK, out)
    return out


@pytest.fixture(scope="session")
def tiny_zh_pack_dir(tmp_path_factory) -> Path:
    """The committed tiny Chinese pack (tests/data/tiny-zh-pack: a character LM, a line VAE, a GAN, the
    matching-line regressor, the poem tables and the verse-line filter), copied. Needs no torch."""
    out = tmp_path_factory.mktemp("committed") / "tiny-zh"
    shutil.copytree(TINY_ZH_PACK, out)
    return out


@pytest.fixture(scope="session")
def trained_pack_dir(tmp_path_factory, tiny_corpus_dir) -> Path:
    """A pack trained here for the training tests: prepare, tokenizer, a tiny GRU, VAE and latent GAN
    trained for seconds, export, pack; its work folder is beside it as tiny-work."""
    pytest.importorskip("torch")
    from training.cli import main

    out = tmp_path_factory.mktemp("packs") / "tiny"
    main(tiny_pack_args(tiny_corpus_dir, out, out.parent / "tiny-work"))
    return out


@pytest.fixture
def pack_variant(tiny_pack_dir, tmp_path):
    """pack_variant(name, edit) -> a copy of the tiny pack whose manifest edit(manifest) has changed."""

    def make(name: str, edit=None) -> Path:
        dst = tmp_path / name
        shutil.copytree(tiny_pack_dir, dst)
        if edit is not None:
            manifest = json.loads((dst / "manifest.json").read_text())
            edit(manifest)
            (dst / "manifest.json").write_text(json.dumps(manifest))
        return dst

    return make


@pytest.fixture
def pack_variant_zh(tiny_zh_pack_dir, tmp_path):
    """pack_variant_zh(name, edit) -> a copy of the tiny Chinese pack after edit(folder), its manifest's
    checksums brought up to date: a pack whose files are consistent but whose content is not."""
    import hashlib

    def make(name: str, edit) -> Path:
        dst = tmp_path / name
        shutil.copytree(tiny_zh_pack_dir, dst)
        edit(dst)
        manifest = json.loads((dst / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            data = (dst / entry["path"]).read_bytes()
            entry["sha256"], entry["bytes"] = hashlib.sha256(data).hexdigest(), len(data)
        (dst / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        return dst

    return make


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Recovery files and user packs go to a fresh temporary folder, never the real user data dir."""
    monkeypatch.setenv("CREAGEN_DATA_DIR", str(tmp_path_factory.mktemp("data")))


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", help="also run tests marked slow (or set CREAGEN_SLOW=1)")


def pytest_collection_modifyitems(config, items):
    # Slow tests (the installer build) take minutes: only on request, so the default run stays quick.
    if config.getoption("--runslow") or os.environ.get("CREAGEN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow or CREAGEN_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
