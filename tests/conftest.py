"""Shared fixtures. `tiny_pack_dir` trains a tiny model pack once per test session (a few seconds)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from tiny_corpus import make_text  # noqa: E402


@pytest.fixture(scope="session")
def tiny_corpus_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    (d / "book_one.txt").write_text(make_text(300, seed=1), encoding="utf-8")
    (d / "book_two.md").write_text(make_text(100, seed=2), encoding="utf-8")
    return d


@pytest.fixture(scope="session")
def tiny_pack_dir(tmp_path_factory, tiny_corpus_dir) -> Path:
    """A real pack: prepare, tokenizer, a tiny GRU, VAE and latent GAN trained for seconds, export, pack
    (with the training-text fingerprint)."""
    pytest.importorskip("torch")
    from training.cli import main

    out = tmp_path_factory.mktemp("packs") / "tiny"
    work = out.parent / "tiny-work"  # tests that repack find the work folder beside the pack
    main([
        "all", "--corpus", str(tiny_corpus_dir), "--out", str(out), "--work", str(work),
        "--vocab-size", "400", "--embed", "32", "--hidden", "64", "--layers", "1", "--dropout", "0",
        "--batch", "8", "--bptt", "32", "--max-steps", "150", "--lr", "0.01", "--eval-every", "1000",
        "--name", "tiny-test", "--threads", "1", "--val-fraction", "0.2",
        "--vae-steps", "600", "--latent", "8", "--vae-embed", "32", "--vae-enc-hidden", "32", "--vae-dec-hidden", "64",
        "--vae-batch", "32", "--vae-lr", "0.01", "--kl-schedule", "linear", "--word-dropout", "0.5",
        "--gan-steps", "400", "--noise-dim", "8", "--gan-hidden", "32", "--gan-batch", "64", "--gan-lr", "0.001",
        "--critic-steps", "3", "--gan-eval-every", "1000",
        # a small filter, so that only long copies (about 24 tokens) count: the tiny corpus is so
        # repetitive that its sentences all share 8-token runs with the training text
        "--fingerprint-bytes", "600",
    ])
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
