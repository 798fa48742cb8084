"""Variation and blend latency on a model pack with a VAE (default: the bundled one). Prints a table, writes JSON.

    python benchmarks/latent.py [--pack DIR] [--json OUT.json] [--reps N]

1. 5 variations of one sentence of about 20 tokens (default creativity), p50 and p95;
2. an 8-step blend between two such sentences, p50 and p95;
3. loading the VAE's three sessions.
Sentences rotate and seeds change between repetitions, so no call repeats the one before it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import percentile, print_latency_table, timed, write_json  # noqa: E402

from creagen_desktop.engine.latent import LatentEditor  # noqa: E402
from creagen_desktop.engine.vae import SentenceVAE  # noqa: E402
from creagen_desktop.engine.runtime import default_threads  # noqa: E402
from creagen_desktop.engine.tokenizer import Tokenizer  # noqa: E402
from creagen_desktop.pack import ModelPack  # noqa: E402
from creagen_desktop.paths import default_pack_dir  # noqa: E402

SENTENCES = [
    "She stood for a moment at the old gate, listening to the wind in the tall dark trees.",
    "The captain looked out over the grey water and said nothing to his men for a long time.",
    "When the door opened at last, she saw that the man was both old and very tired.",
    "They walked together along the quiet river until the lights of the town were far behind.",
    "He had not slept for two nights, and his hands shook as he lit the small lamp.",
    "In the morning the little village was quiet, and the snow lay thick upon every roof.",
]



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pack", default=str(default_pack_dir()))
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--reps", type=int, default=60)
    args = ap.parse_args()

    pack = ModelPack.load(args.pack)
    if "vae" not in pack.kinds:
        print(f"{pack.name} has no VAE", file=sys.stderr)
        return 2
    tok = Tokenizer.from_pack(pack)
    t0 = time.perf_counter()
    vae = SentenceVAE(pack, tok, device="cpu")
    load_ms = (time.perf_counter() - t0) * 1000
    editor = LatentEditor(vae)
    lengths = [len(tok.encode(s)) for s in SENTENCES]
    for i in range(3):  # warm-up: first runs allocate
        editor.variations(SENTENCES[i], n=5, seed=i)
        editor.blend(SENTENCES[i], SENTENCES[i + 1], steps=8)
    vary = timed(lambda i: editor.variations(SENTENCES[i % len(SENTENCES)], n=5, seed=1000 + i), args.reps)
    blend = timed(lambda i: editor.blend(SENTENCES[i % len(SENTENCES)], SENTENCES[(i + 1) % len(SENTENCES)], steps=8),
                  args.reps)
    result = {
        "pack": pack.name,
        "threads": default_threads(),
        "cpu_count": os.cpu_count(),
        "sentence_tokens_mean": round(float(np.mean(lengths)), 1),
        "reps": args.reps,
        "vary_n": 5,
        "vary_p50_ms": round(percentile(vary, 50), 1),
        "vary_p95_ms": round(percentile(vary, 95), 1),
        "blend_steps": 8,
        "blend_p50_ms": round(percentile(blend, 50), 1),
        "blend_p95_ms": round(percentile(blend, 95), 1),
        "vae_load_ms": round(load_ms, 1),
    }
    rows = [
        ("5 variations of one sentence", f"{result['vary_p50_ms']:.1f}", f"{result['vary_p95_ms']:.1f}", "60"),
        ("8-step blend of two sentences", f"{result['blend_p50_ms']:.1f}", f"{result['blend_p95_ms']:.1f}", "100"),
        ("loading the VAE (3 sessions)", f"{load_ms:.1f}", "", ""),
    ]
    print(f"pack {pack.name}; sentences of {result['sentence_tokens_mean']} tokens on average; "
          f"{args.reps} repetitions; {result['threads']} onnxruntime threads")
    print_latency_table(rows)
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
