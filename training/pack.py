"""Writing a model pack folder: the ONNX models, the tokenizer and a manifest with checksums."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from creagen_desktop.pack import FORMAT_VERSION, MANIFEST, Manifest, sha256_of
from creagen_desktop.pack.format import plain
from training.export import share_tied_weights

TOKENIZER_FILE = "tokenizer.model"
LM_FILE = "lm.onnx"
LM_IO = {
    "inputs": {"tokens": "int64 [batch, sequence]", "state": "float32 [state_layers, batch, hidden]"},
    "outputs": {"logits": "float32 [batch, sequence, vocab]", "state_out": "float32 [state_layers, batch, hidden]"},
}
VAE_IO = {
    "encoder": "tokens int64 [1, sequence] -> mean, logvar float32 [1, latent]",
    "init": "z float32 [batch, latent] -> state float32 [1, batch, hidden]",
    "decoder": "z, tokens int64 [batch, sequence], state -> logits [batch, sequence, vocab], state_out",
}


def write_pack(
    out_dir: Path,
    name: str,
    tokenizer: Path,
    models: dict[str, dict],
    training: dict,
    metrics: dict,
    language: str = "en",
    description: str = "",
) -> Path:
    """Copy the files into out_dir and write manifest.json last (a pack without it is not a pack).

    models maps a kind ("lm", "vae") to {"files": {name in pack: source path}, "info": {...}}; the
    info becomes the kind's manifest section.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    copies = {TOKENIZER_FILE: tokenizer}
    for kind in models.values():
        copies.update(kind["files"])
    for dst, src in copies.items():
        if Path(src).resolve() == (out_dir / dst).resolve():
            continue
        # an ONNX file that stores a tied embedding twice is written with one copy
        if not (dst.endswith(".onnx") and share_tied_weights(Path(src), out_dir / dst)):
            shutil.copyfile(src, out_dir / dst)
    import sentencepiece as spm

    vocab = spm.SentencePieceProcessor(model_file=str(out_dir / TOKENIZER_FILE)).vocab_size()
    manifest = {
        "format": FORMAT_VERSION,
        "name": name,
        "language": language,
        "description": description,
        "kinds": list(models),
        "files": [{"path": f, "sha256": sha256_of(out_dir / f), "bytes": (out_dir / f).stat().st_size} for f in copies],
        "tokenizer": {"path": TOKENIZER_FILE, "type": "sentencepiece", "vocab_size": vocab},
    }
    for kind, spec in models.items():
        manifest[kind] = plain(spec["info"])
    manifest["training"] = training
    manifest["metrics"] = metrics
    typed = Manifest.from_dict(manifest)  # the app's own reader: a pack it would refuse is never written
    (out_dir / MANIFEST).write_text(json.dumps(typed.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out_dir
