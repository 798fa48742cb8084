"""Scaling benchmark: the LM trainer on this machine's cores, torch's threads against torchrun's processes.

    python benchmarks/scaling.py [--minutes 5] [--probe-seconds 40] [--rounds 2] [--json OUT.json]

The LM is creagen-train's `tinyshakespeare` preset (a 1-layer GRU of 768 units over a 2,048-piece
tokenizer) on nanoGPT's split of tinyshakespeare. Every configuration trains with the same global
batch (32 lanes of 64 tokens), so a step is the same computation whichever way it is shared:

    1x1   one process, one thread                       (the baseline of the efficiency)
    1x2   one process, two threads                      (torch's intra-op threads)
    2x1   torchrun --nproc_per_node 2, one thread each  (DDP over gloo; 16 lanes a rank)

Speed: short runs of each configuration in alternating rounds (1x1, 1x2, 2x1, 1x1, ...), so that a
change in how busy the machine is falls on all of them alike; tokens per second is the median over
the rounds. Quality: 1x2 and 2x1 each train --minutes (5) and the validation loss each reaches is
scored once, at the end. With a usable GPU, one GPU in fp32 and with `--precision auto` (bf16 or
fp16 autocast) join both. For every run the script records the load average before and after, and
how many cores other processes used meanwhile (/proc/stat minus this run's own CPU time): the
machine is shared, and a busy one makes every figure here a lower bound.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpora" / "tinyshakespeare" / "input.txt"
GLOBAL_BATCH = 32
CPU_RUNS = {  # name: (processes, threads each, device, precision)
    "1x1": (1, 1, "cpu", "fp32"),
    "1x2": (1, 2, "cpu", "fp32"),
    "2x1": (2, 1, "cpu", "fp32"),
}
GPU_RUNS = {"gpu-fp32": (1, 2, "cuda", "fp32"), "gpu-auto": (1, 2, "cuda", "auto")}
QUALITY = ("1x2", "2x1")


def _busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_children_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _env(threads: int) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": str(threads)}


def cli(*args: str, threads: int = 1) -> None:
    subprocess.run([sys.executable, "-m", "training.cli", *args], check=True, cwd=ROOT, env=_env(threads),
                   stdout=subprocess.DEVNULL)


def train(base: Path, folder: Path, name: str, minutes: float) -> dict:
    """One LM run of configuration `name` for `minutes`, in a fresh work folder; its figures."""
    procs, threads, device, precision = {**CPU_RUNS, **GPU_RUNS}[name]
    from training.workdir import WorkDir

    src, work = WorkDir(base), WorkDir(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in (src.train, src.val, src.tokenizer):
        shutil.copyfile(f, folder / f.name)
    args = ["lm", "--work", str(folder), "--preset", "tinyshakespeare", "--max-minutes", str(minutes),
            "--eval-every", "1e9", "--batch", str(GLOBAL_BATCH // procs), "--threads", str(threads),
            "--device", device, "--precision", precision]
    launcher = [sys.executable, "-m", "training.cli"] if procs == 1 else [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(procs), "-m",
        "training.cli"]
    load_before, busy0, own0, t0 = os.getloadavg()[0], _busy_seconds(), _own_children_seconds(), time.monotonic()
    subprocess.run([*launcher, *args], check=True, cwd=ROOT, env=_env(threads), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    others = max(0.0, (_busy_seconds() - busy0) - (_own_children_seconds() - own0)) / wall
    summary = work.run("lm").read_summary()
    with work.run("lm").metrics.open(newline="") as f:
        last = list(csv.DictReader(f))[-1]  # the final evaluation, at the end of the budget
    tokens, seconds = int(last["tokens"]), float(last["elapsed_s"])
    return {"config": name, "processes": procs, "threads": threads, "device": summary["device"],
            "precision": summary["precision"], "world_size": summary["world_size"],
            "global_batch": summary["global_batch"], "steps": summary["steps"], "tokens": tokens,
            "train_seconds": seconds, "tokens_per_s": round(tokens / seconds, 1),
            "val_loss": round(float(last["val_loss"]), 4), "val_bpc": round(float(last["val_bpc"]), 4),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "other_processes_cores": round(others, 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", default=str(DEFAULT_INPUT))
    ap.add_argument("--minutes", type=float, default=5.0, help="the quality runs' budget")
    ap.add_argument("--probe-seconds", type=float, default=40.0, help="each speed run's budget")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of speed runs")
    ap.add_argument("--work", default=None, help="keep the work folders here (default: a temporary one)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    src = Path(args.input)
    if not src.exists():
        print(f"tinyshakespeare not found at {src}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from training.devices import cuda_problem

    configs = list(CPU_RUNS) + ([] if cuda_problem() else list(GPU_RUNS))
    quality = list(QUALITY) + ([] if cuda_problem() else list(GPU_RUNS))
    root = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="creagen-scaling-"))
    base = root / "base"
    base.mkdir(parents=True, exist_ok=True)
    raw = src.read_text(encoding="utf-8")
    n = int(len(raw) * 0.9)  # nanoGPT's split
    (root / "train-part.txt").write_text(raw[:n], encoding="utf-8")
    (root / "val-part.txt").write_text(raw[n:], encoding="utf-8")
    cli("prepare", str(root / "train-part.txt"), "--val-file", str(root / "val-part.txt"), "--work", str(base))
    cli("tokenizer", "--work", str(base), "--preset", "tinyshakespeare", threads=2)
    machine = {"cpus": os.cpu_count(), "load_before": [round(x, 2) for x in os.getloadavg()],
               "gpu": not cuda_problem(), "cuda_problem": cuda_problem()}
    print(f"load average before: {machine['load_before']} on {machine['cpus']} cores")

    speed: dict[str, list[dict]] = {c: [] for c in configs}
    for r in range(args.rounds):
        for c in configs:
            run = train(base, root / f"speed-{c}", c, args.probe_seconds / 60)
            speed[c].append(run)
            print(f"speed round {r + 1} {c}: {run['tokens_per_s']:,.0f} tok/s (load {run['load_before']} -> "
                  f"{run['load_after']}, other processes {run['other_processes_cores']} cores)")
    tps = {c: round(statistics.median(x["tokens_per_s"] for x in runs), 1) for c, runs in speed.items()}
    runs = {}
    for c in quality:
        runs[c] = train(base, root / f"quality-{c}", c, args.minutes)
        print(f"{args.minutes:g} min {c}: val {runs[c]['val_loss']} nats/token after {runs[c]['tokens']:,} tokens")
    machine["load_after"] = [round(x, 2) for x in os.getloadavg()]
    result = {
        "model": "tinyshakespeare preset (1-layer GRU 768, 2,048 pieces)", "global_batch": GLOBAL_BATCH, "bptt": 64,
        "machine": machine, "tokens_per_s": tps, "speed_runs": speed, "quality_minutes": args.minutes,
        "quality_runs": runs,
        "speedup_2x1_over_1x2": round(tps["2x1"] / tps["1x2"], 3),
        "efficiency_2x1": round(tps["2x1"] / (2 * tps["1x1"]), 3),  # 1.0: two processes do twice one's work
        "efficiency_1x2": round(tps["1x2"] / (2 * tps["1x1"]), 3),
    }
    print(f"\nload average after: {machine['load_after']}")
    print(f"\n{'configuration':34} {'tokens/s':>10} {'efficiency':>10} {'val loss':>9} {'bits/char':>9} {'tokens':>11}")
    for c in configs:
        procs, threads, device, precision = {**CPU_RUNS, **GPU_RUNS}[c]
        label = f"{c}: {procs} process(es) x {threads} thread(s)" if device == "cpu" else f"{c}: 1 GPU, {precision}"
        eff = f"{tps[c] / (procs * threads * tps['1x1']):.2f}" if device == "cpu" else "-"
        q = runs.get(c)
        print(f"{label:34} {tps[c]:>10,.0f} {eff:>10} {q['val_loss'] if q else '-':>9} {q['val_bpc'] if q else '-':>9} "
              f"{q['tokens'] if q else '-':>11}")
    print(f"\n2x1 / 1x2 tokens per second: {result['speedup_2x1_over_1x2']:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
