"""The tests' own data: a small made-up corpus (enough regular English for a tiny model to learn in
seconds), the command that trains the tiny pack from it, and where the committed copy of that pack is."""

import hashlib
import json
import random
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TINY_PACK = DATA / "tiny-pack"  # made by tests/data/make_tiny_pack.py
TINY_TRAIN = DATA / "tiny-train.txt"  # that pack's training text

SUBJECTS = ["The old man", "She", "The girl", "My brother", "The captain", "He", "The little dog", "Mary"]
VERBS = ["walked to", "looked at", "ran into", "opened", "closed", "found", "painted", "left"]
OBJECTS = ["the door", "the garden", "the red house", "the river", "the window", "the old church", "the ship", "the box"]
ENDINGS = [".", " in the morning.", " at night.", " again.", " with a smile.", " and sat down."]


def make_paragraphs(n: int = 300, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    paras = []
    for _ in range(n):
        sentences = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(ENDINGS)}"
            for _ in range(rng.randint(2, 4))
        ]
        paras.append(" ".join(sentences))
    return paras


def make_text(n: int = 300, seed: int = 0) -> str:
    return "\n\n".join(make_paragraphs(n, seed)) + "\n"


def write_tiny_corpus(folder: Path) -> Path:
    """Two "books" of the tiny corpus in `folder` (one .txt, one .md)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book_one.txt").write_text(make_text(300, seed=1), encoding="utf-8")
    (folder / "book_two.md").write_text(make_text(100, seed=2), encoding="utf-8")
    return folder


def tiny_pack_args(corpus: Path, out: Path, work: Path) -> list[str]:
    """`creagen-train all` arguments for the tiny pack: the `tiny` preset (training.options.PRESETS),
    a GRU, VAE and latent GAN trained for seconds."""
    return ["all", "--preset", "tiny", "--corpus", str(corpus), "--out", str(out), "--work", str(work)]


def make_pack(folder, name="mini", files=None, **manifest_extra):
    """A pack folder with a stand-in lm.onnx (pack verification reads bytes, not the model)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = files or {"lm.onnx": b"onnx" * 100, "tokenizer.model": b"tok" * 50}
    for rel, data in files.items():
        (folder / rel).write_bytes(data)
    manifest = {"format": 1, "name": name, "language": "en", "kinds": ["lm"],
                "files": [{"path": r, "sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for r, d in files.items()],
                "tokenizer": {"path": "tokenizer.model"},
                "lm": {"arch": "gru", "layers": 1, "hidden": 8, "embed": 8, "state_layers": 1}, "training": {"corpus": ["tests"], "train_chars": 1234},
                "metrics": {"val_bits_per_char": 2.5}}
    manifest.update(manifest_extra)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def zip_folder(folder, out, prefix=""):
    with zipfile.ZipFile(out, "w") as zf:
        for p in folder.iterdir():
            zf.write(p, prefix + p.name)
    return out
