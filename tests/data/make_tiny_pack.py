"""Regenerate the tiny model pack that engine, pack and UI tests use without torch.

    python tests/data/make_tiny_pack.py      # needs the [train] extra; about a minute on one core

Trains the tiny pack the training tests also train (tests/tiny_data.py: the corpus and the command,
`creagen-train all --preset tiny`)
and writes it to tests/data/tiny-pack, with its training text beside it (tests/data/tiny-train.txt)
for the originality tests. Commit both after regenerating.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent)]

from tiny_data import TINY_PACK, TINY_TRAIN, tiny_pack_args, write_tiny_corpus  # noqa: E402

from training.cli import main  # noqa: E402


def build(out: Path, train_copy: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_tiny_corpus(Path(tmp) / "corpus")
        work, staged = Path(tmp) / "work", Path(tmp) / "pack"
        main(tiny_pack_args(corpus, staged, work))
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(staged, out)
        shutil.copyfile(work / "train.txt", train_copy)


if __name__ == "__main__":
    build(TINY_PACK, TINY_TRAIN)
    print(f"wrote {TINY_PACK} ({sum(f.stat().st_size for f in TINY_PACK.rglob('*') if f.is_file()) / 1e3:.0f} KB) and {TINY_TRAIN}")
