"""Continuation benchmarks on a model pack (default: the bundled one). Prints a table, writes JSON.

    python benchmarks/continuations.py [--pack DIR] [--json OUT.json] [--quick]

1. one decoding step (batch of 3), onnxruntime against torch eager with the same architecture
   and weights (the training checkpoint when it is at hand; timing does not depend on the values);
2. keystroke-to-suggestion latency of the engine, p50 and p95, 3 candidates of 16 tokens, typing a
   passage word by word (each word is a pause that asks for suggestions);
3. that latency at the end of a 100 KB document over a 1 KB one, measured interleaved;
4. resident memory of the app (offscreen window, pack loaded, a suggestion shown);
5. cold start: process start to the first suggestion shown in the window.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import percentile  # noqa: E402

from creagen_desktop.engine.continuation import Continuer  # noqa: E402
from creagen_desktop.engine.sampling import SamplingConfig  # noqa: E402
from creagen_desktop.pack import ModelPack  # noqa: E402
from creagen_desktop.paths import default_pack_dir  # noqa: E402

PASSAGE = (
    "The rain had stopped by the time she reached the house, but the road was still dark and wet. "
    "She stood for a moment at the gate, listening to the wind in the trees, and then she went up "
    "the path and knocked on the door. Nobody answered. She knocked again, louder this time, and "
    "heard a step in the hall, slow and heavy, as if the man who came to open it were very old or "
    "very tired. When the door opened at last she saw that he was both."
)
FILLER = (
    "It was late in the autumn, and the evenings were growing long. The family sat together by the "
    "fire and talked of the old days, of the people they had known and the places they had lived.\n\n"
)


def bench_step(pack: ModelPack, reps: int) -> dict:
    """Batch-of-3 single-token step: onnxruntime session vs torch eager on the same weights."""
    cont = Continuer(pack, device="cpu")
    lm = cont.lm
    state = np.zeros((lm.state_layers, 3, lm.hidden), dtype=np.float32)
    tokens = np.array([[5], [17], [99]], dtype=np.int64)
    for _ in range(20):
        lm.run(tokens, state)
    ort_times = []
    for _ in range(reps):
        t = time.perf_counter()
        lm.run(tokens, state)
        ort_times.append(time.perf_counter() - t)
    result = {"ort_step_ms": statistics.median(ort_times) * 1000}
    try:
        import torch

        from training.models.rnn_lm import RNNLM, LMConfig
    except ImportError:
        result["torch_step_ms"] = None
        result["weights"] = "torch not installed (pip install '.[train]')"
        return result
    m = pack.manifest.lm  # the shape from the typed manifest; tying from the options the LM was trained with
    cfg = LMConfig(pack.manifest.tokenizer.vocab_size, m.arch, m.embed, m.hidden, m.layers, 0.0, m.training["options"]["tie"])
    model = RNNLM(cfg).eval()
    ckpt = ROOT / "runs" / pack.name / "lm" / "best.pt"
    if ckpt.exists():
        model.load_state_dict(torch.load(ckpt, map_location="cpu", weights_only=False)["model"])
        result["weights"] = f"checkpoint {ckpt.relative_to(ROOT)}"
    else:
        result["weights"] = "same architecture, fresh weights (no checkpoint at hand)"
    torch.set_num_threads(lm.session.get_session_options().intra_op_num_threads)
    tt, ts = torch.from_numpy(tokens), torch.from_numpy(state)
    with torch.inference_mode():
        for _ in range(20):
            model(tt, ts)
        torch_times = []
        for _ in range(reps):
            t = time.perf_counter()
            model(tt, ts)
            torch_times.append(time.perf_counter() - t)
    result["torch_step_ms"] = statistics.median(torch_times) * 1000
    result["ort_vs_torch_step_speedup"] = result["torch_step_ms"] / result["ort_step_ms"]
    return result


def typing_latencies(cont: Continuer, prefix: str, passage: str, cfg: SamplingConfig) -> list[float]:
    """Type `passage` after `prefix` word by word; each word boundary asks for suggestions."""
    out = []
    words = passage.split(" ")
    text = prefix
    for w in words:
        text += w + " "
        t = time.perf_counter()
        cont.suggest(text, cfg)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_latency(pack: ModelPack, rounds: int) -> dict:
    cfg = SamplingConfig(n=3, max_tokens=16, stop_at_sentence_end=False, seed=0)
    short_doc = (FILLER * 10)[:1024]
    long_doc = (FILLER * 600)[: 100 * 1024]
    short, long_ = Continuer(pack, device="cpu"), Continuer(pack, device="cpu")
    # the first request on each reads its window of context: a cold start, reported apart
    t = time.perf_counter()
    long_.suggest(long_doc, cfg)
    first_long = (time.perf_counter() - t) * 1000
    short.suggest(short_doc, cfg)
    lat_short, lat_long = [], []
    for r in range(rounds):  # interleaved, so both see the same machine noise
        lat_short += typing_latencies(short, short_doc + PASSAGE * r, PASSAGE, cfg)
        lat_long += typing_latencies(long_, long_doc + PASSAGE * r, PASSAGE, cfg)
    return {
        "suggest_p50_ms": percentile(lat_short, 50),
        "suggest_p95_ms": percentile(lat_short, 95),
        "long_doc_p50_ms": percentile(lat_long, 50),
        "long_doc_p95_ms": percentile(lat_long, 95),
        "long_doc_latency_ratio": percentile(lat_long, 50) / percentile(lat_short, 50),
        "long_doc_first_request_ms": first_long,
        "latency_samples": len(lat_short),
    }


def bench_app(pack_dir: Path) -> dict:
    """Start the real app offscreen in a fresh process; it reports cold start and memory."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("app_probe.py")), "--pack", str(pack_dir), "--t0", repr(t0)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    if proc.returncode != 0:
        return {"app_error": (proc.stderr or proc.stdout).strip()[-500:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", default=None, help="model pack folder (default: bundled)")
    ap.add_argument("--json", default=None, help="write the figures to this JSON file")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions (for a smoke run)")
    args = ap.parse_args()
    pack = ModelPack.load(args.pack or default_pack_dir())
    results: dict = {"pack": pack.name, "cpu_count": os.cpu_count()}
    results.update(bench_step(pack, 50 if args.quick else 500))
    results.update(bench_latency(pack, 1 if args.quick else 4))
    results.update(bench_app(pack.path))
    rows = [
        ("one decoding step, onnxruntime (batch 3)", "ort_step_ms", "ms", None),
        ("one decoding step, torch eager (batch 3)", "torch_step_ms", "ms", None),
        ("onnxruntime speed-up over torch", "ort_vs_torch_step_speedup", "x", ">= 4"),
        ("suggestion latency p50 (3 x 16 tokens)", "suggest_p50_ms", "ms", "<= 25"),
        ("suggestion latency p95", "suggest_p95_ms", "ms", "<= 50"),
        ("p50 at the end of a 100 KB document", "long_doc_p50_ms", "ms", None),
        ("100 KB / 1 KB latency ratio", "long_doc_latency_ratio", "x", "<= 1.2"),
        ("first request on a 100 KB document", "long_doc_first_request_ms", "ms", None),
        ("app resident memory, pack loaded", "app_rss_mb", "MB", "<= 400"),
        ("cold start to first suggestion", "cold_start_s", "s", "<= 3"),
    ]
    print(f"Continuation benchmarks: pack {pack.name}, {os.cpu_count()} CPU cores, torch weights: {results.get('weights')}")
    print(f"{'measure':45} {'value':>10}  {'unit':4} target")
    for label, key, unit, target in rows:
        v = results.get(key)
        shown = f"{v:10.2f}" if isinstance(v, (int, float)) else f"{'n/a':>10}"
        print(f"{label:45} {shown}  {unit:4} {target or ''}")
    if "app_error" in results:
        print(f"app probe failed: {results['app_error']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
