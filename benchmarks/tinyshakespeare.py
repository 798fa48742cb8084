"""Quality benchmark: validation bits per character on tinyshakespeare after a fixed training budget.

    python benchmarks/tinyshakespeare.py [--minutes 10] [--json OUT.json] [-- extra creagen-train options]

The model's options are creagen-train's `tinyshakespeare` preset (training/options.py, with the
sweeps that chose them); extra options override the preset's.

The split is nanoGPT's: the first 90% of the characters train, the last 10% validate. The whole
validation part is scored through the exported ONNX model by the app's engine
(`creagen-train eval`), so the figure compares with character-level models.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpora" / "tinyshakespeare" / "input.txt"



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", default=str(DEFAULT_INPUT))
    ap.add_argument("--minutes", type=float, default=10.0, help="training budget in wall-clock minutes")
    ap.add_argument("--work", default=None, help="keep the work folder here (default: a temporary one)")
    ap.add_argument("--json", default=None)
    ap.add_argument("extra", nargs="*", help="creagen-train options that override the preset's (after --)")
    args = ap.parse_args()
    src = Path(args.input)
    if not src.exists():
        print(f"tinyshakespeare not found at {src}", file=sys.stderr)
        return 2
    raw = src.read_text(encoding="utf-8")
    n = int(len(raw) * 0.9)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="creagen-ts-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "split").mkdir(exist_ok=True)
    train_file, val_file = work / "split" / "train.txt", work / "split" / "val.txt"
    train_file.write_text(raw[:n], encoding="utf-8")
    val_file.write_text(raw[n:], encoding="utf-8")
    cmd = [sys.executable, "-m", "training.cli", "all", "--preset", "tinyshakespeare", "--corpus", str(train_file),
           "--val-file", str(val_file), "--out", str(work / "pack"), "--work", str(work / "work"),
           "--max-minutes", str(args.minutes), *args.extra]
    print("$", " ".join(cmd[2:]))
    t0 = time.time()
    subprocess.run(cmd, check=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    total_min = (time.time() - t0) / 60
    out = subprocess.run([sys.executable, "-m", "training.cli", "eval", str(work / "pack"), "--text", str(val_file), "--json"],
                         check=True, capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    ev = json.loads(out.stdout)
    summary = json.loads((work / "work" / "lm" / "train_summary.json").read_text())
    result = {
        "val_bits_per_char": ev["bits_per_char"],
        "val_chars": ev["chars"],
        "train_minutes": summary["minutes"],
        "pipeline_minutes": round(total_min, 2),
        "params": summary["params"],
        "tokens_seen": summary["tokens"],
        "options": summary["options"],  # every option of the LM's run, as it recorded them
    }
    print(f"\n{'measure':34} value")
    print(f"{'validation bits per character':34} {result['val_bits_per_char']:.4f}  (target <= 2.05)")
    print(f"{'validation characters':34} {result['val_chars']:,}")
    print(f"{'training wall time (min)':34} {result['train_minutes']:.2f}")
    print(f"{'whole pipeline (min)':34} {result['pipeline_minutes']:.2f}")
    print(f"{'parameters':34} {result['params']:,}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
