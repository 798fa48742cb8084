"""Spark latency on a model pack with a sparks generator (default: the bundled one). Prints a table, writes JSON.

    python benchmarks/sparks.py [--pack DIR] [--json OUT.json] [--reps N]

1. 5 sparks from nothing, through the Engine (GAN, batched greedy VAE decoding, originality guard), p50 and p95;
2. 5 sparks near a paragraph (its sentences encoded, codes steered toward them), p50 and p95;
3. loading the engine with every model of the pack.
Seeds change between repetitions, so no call repeats the one before it.
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

from creagen_desktop.engine.engine import Engine  # noqa: E402
from creagen_desktop.engine.runtime import default_threads  # noqa: E402
from creagen_desktop.paths import default_pack_dir  # noqa: E402

PARAGRAPH = ("The captain looked out over the grey water and said nothing to his men for a long time. "
             "When the wind rose, he went below.")
TARGET_P50_MS = 60


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pack", default=str(default_pack_dir()))
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--reps", type=int, default=60)
    args = ap.parse_args()

    t0 = time.perf_counter()
    engine = Engine.load(args.pack, device="cpu")
    load_ms = (time.perf_counter() - t0) * 1000
    if engine.spark_generator is None:
        print(f"{engine.pack_name} has no sparks generator", file=sys.stderr)
        return 2
    for i in range(3):  # warm-up: first runs allocate
        engine.sparks(5, seed=i)
        engine.sparks(5, near=PARAGRAPH, seed=i)
    free = timed(lambda i: engine.sparks(5, seed=1000 + i), args.reps)
    near = timed(lambda i: engine.sparks(5, near=PARAGRAPH, seed=2000 + i), args.reps)
    counts = [len(engine.sparks(5, seed=3000 + i)) for i in range(20)]
    result = {
        "pack": engine.pack_name,
        "threads": default_threads(),
        "cpu_count": os.cpu_count(),
        "reps": args.reps,
        "n": 5,
        "spark_p50_ms": round(percentile(free, 50), 1),
        "spark_p95_ms": round(percentile(free, 95), 1),
        "spark_near_p50_ms": round(percentile(near, 50), 1),
        "spark_near_p95_ms": round(percentile(near, 95), 1),
        "lines_per_request_mean": round(float(np.mean(counts)), 2),
        "guard": engine.guard is not None,
        "guard_counts": dict(engine.guard_counts),
        "engine_load_ms": round(load_ms, 1),
        "target_p50_ms": TARGET_P50_MS,
    }
    print(f"pack {engine.pack_name}; {args.reps} repetitions; {result['threads']} onnxruntime threads; "
          f"originality guard {'on' if result['guard'] else 'absent'}")
    rows = [("5 sparks", result["spark_p50_ms"], result["spark_p95_ms"], f"<= {TARGET_P50_MS}"),
            ("5 sparks near a paragraph", result["spark_near_p50_ms"], result["spark_near_p95_ms"], ""),
            ("loading the engine (all models)", round(load_ms, 1), "", "")]
    print_latency_table(rows)
    print(f"lines per request: {result['lines_per_request_mean']} of 5")
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
