"""The work folder of `creagen-train`: every intermediate file's name, written once.

    W/train.txt, val.txt, report.txt     prepare (the cleaned text and what cleaning did)
    W/poems.jsonl                        prepare --format chinese-poetry: each poem's title, author, split, shape
    W/corpus.json                        prepare: where the text came from (the manifest's `training`)
    W/tokenizer.model                    tokenizer
    W/lm/, vae/, gan/, couplet/          one training run each: checkpoint.pt, best.pt, metrics.csv,
                                         loss.png, train_summary.json
    W/lm_float.onnx, lm.onnx, export.json                    export of the LM (+ parity, quantised?)
    W/vae_*.onnx, vae_export.json, gan_generator.onnx, gan_export.json, couplet.onnx, couplet_export.json

Exported models carry the names they have in a pack (creagen_desktop.pack.format), so packing
copies W/<name> to PACK/<name>.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from creagen_desktop.pack.format import (
    COUPLET_FILE,
    GAN_FILE,
    LM_FILE,
    TOKENIZER_FILE,
    VAEFiles,
    plain,
)

TRAIN_TXT = "train.txt"
VAL_TXT = "val.txt"
CLEAN_REPORT = "report.txt"
CORPUS_JSON = "corpus.json"
POEMS_JSONL = "poems.jsonl"
LM_FLOAT = "lm_float.onnx"  # the LM as exported, before quantisation
LM_EXPORT = "export.json"
VAE_EXPORT = "vae_export.json"
GAN_EXPORT = "gan_export.json"
COUPLET_EXPORT = "couplet_export.json"
RUNS = ("lm", "vae", "gan", "couplet")


class WorkError(Exception):
    """A work folder that lacks what a step needs; the message says which step to run first."""


@dataclass(frozen=True)
class RunDir:
    """The folder of one training run."""

    path: Path

    @property
    def checkpoint(self) -> Path:
        return self.path / "checkpoint.pt"

    @property
    def best(self) -> Path:
        return self.path / "best.pt"

    @property
    def metrics(self) -> Path:
        return self.path / "metrics.csv"

    @property
    def plot(self) -> Path:
        return self.path / "loss.png"

    @property
    def summary(self) -> Path:
        return self.path / "train_summary.json"

    def trained(self) -> bool:
        return self.best.exists()

    def read_summary(self) -> dict:
        return read_json(self.summary)


@dataclass(frozen=True)
class WorkDir:
    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root))

    train = property(lambda self: self.root / TRAIN_TXT)
    val = property(lambda self: self.root / VAL_TXT)
    clean_report = property(lambda self: self.root / CLEAN_REPORT)
    corpus = property(lambda self: self.root / CORPUS_JSON)
    poems = property(lambda self: self.root / POEMS_JSONL)
    tokenizer = property(lambda self: self.root / TOKENIZER_FILE)
    lm_float = property(lambda self: self.root / LM_FLOAT)
    lm_onnx = property(lambda self: self.root / LM_FILE)
    lm_export = property(lambda self: self.root / LM_EXPORT)
    vae_export = property(lambda self: self.root / VAE_EXPORT)
    gan_onnx = property(lambda self: self.root / GAN_FILE)
    gan_export = property(lambda self: self.root / GAN_EXPORT)
    couplet_onnx = property(lambda self: self.root / COUPLET_FILE)
    couplet_export = property(lambda self: self.root / COUPLET_EXPORT)

    @property
    def vae_graphs(self) -> dict[str, Path]:
        """The VAE's three exported graphs by role (encoder, init, decoder)."""
        return {role: self.root / name for role, name in plain(VAEFiles()).items()}

    def run(self, kind: str) -> RunDir:
        if kind not in RUNS:
            raise ValueError(f"no training run called {kind!r}")
        return RunDir(self.root / kind)

    def need(self, path: Path) -> Path:
        """path, if an earlier step has written it; else WorkError."""
        if not path.exists():
            raise WorkError(f"{path} does not exist; run the earlier step first")
        return path

    def read(self, path: Path) -> str:
        return self.need(path).read_text(encoding="utf-8")


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_json(path: Path, data: dict) -> None:
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
