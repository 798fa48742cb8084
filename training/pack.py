"""Writing a model pack folder: the ONNX models, the tokenizer and a manifest with checksums."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from creagen_desktop.engine.pack import FORMAT_VERSION, MANIFEST, sha256_of

TOKENIZER_FILE = "tokenizer.model"
LM_FILE = "lm.onnx"


def write_pack(
    out_dir: Path,
    name: str,
    lm_onnx: Path,
    tokenizer: Path,
    lm_info: dict,
    training: dict,
    metrics: dict,
    language: str = "en",
    description: str = "",
) -> Path:
    """Copy the files into out_dir and write manifest.json last (a pack without it is not a pack)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    for src, dst in [(lm_onnx, LM_FILE), (tokenizer, TOKENIZER_FILE)]:
        if Path(src).resolve() != (out_dir / dst).resolve():
            shutil.copyfile(src, out_dir / dst)
    import sentencepiece as spm

    vocab = spm.SentencePieceProcessor(model_file=str(out_dir / TOKENIZER_FILE)).vocab_size()
    manifest = {
        "format": FORMAT_VERSION,
        "name": name,
        "language": language,
        "description": description,
        "kinds": ["lm"],
        "files": [
            {"path": f, "sha256": sha256_of(out_dir / f), "bytes": (out_dir / f).stat().st_size}
            for f in (LM_FILE, TOKENIZER_FILE)
        ],
        "tokenizer": {"path": TOKENIZER_FILE, "type": "sentencepiece", "vocab_size": vocab},
        "lm": {
            "file": LM_FILE,
            "inputs": {"tokens": "int64 [batch, sequence]", "state": "float32 [state_layers, batch, hidden]"},
            "outputs": {"logits": "float32 [batch, sequence, vocab]", "state_out": "float32 [state_layers, batch, hidden]"},
            **lm_info,
        },
        "training": training,
        "metrics": metrics,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out_dir
