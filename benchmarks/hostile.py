"""A hostile set: input a user can meet, thrown at the command line, the engine, the pack checks,
pack import, documents, recovery and the app (offscreen). One line per case, then `N passed, M failed`
and the peak memory of the worst case.

    python benchmarks/hostile.py [--only SET[,SET]] [--case NAME] [--json OUT.json] [--list]

Each case runs in its own process, with a time limit (30 s) and its peak memory measured there (the
process and anything it started); a case fails when it raises, hangs, crashes, passes the memory limit
(1 GB) or sees a traceback or onnxruntime's own banner where the writer would read a message. The
corrupt packs, archives and files are made by the script itself in a temporary folder. Sets: cli,
engine, packs, zips, documents, recovery, app.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from hostile_cases import SETS, CaseFailed  # noqa: E402

TIME_LIMIT_S = 30.0
MEMORY_LIMIT_MB = 1024.0


def all_cases() -> dict[str, tuple[str, object]]:
    return {name: (set_name, fn) for set_name, cases in SETS.items() for name, fn in cases().items()}


def run_one(name: str) -> dict:
    """Run a case in this process; its outcome as a dict (printed as JSON by --case)."""
    set_name, fn = all_cases()[name]
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        os.environ["CREAGEN_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        try:
            detail, ok = fn(Path(tmp)), True
        except CaseFailed as exc:
            detail, ok = str(exc), False
        except BaseException as exc:  # a case that raises has found a fault
            detail, ok = f"raised {type(exc).__name__}: {exc} | " + traceback.format_exc().strip().splitlines()[-3], False
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"case": name, "set": set_name, "ok": ok, "detail": str(detail), "peak_mb": peak / 1024}


def run_isolated(name: str) -> dict:
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True,
                              timeout=TIME_LIMIT_S, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"case": name, "set": all_cases()[name][0], "ok": False, "detail": f"did not finish in {TIME_LIMIT_S:.0f} s",
                "peak_mb": 0.0, "seconds": TIME_LIMIT_S}
    seconds = time.perf_counter() - t0
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["(nothing)"])[-1]
        return {"case": name, "set": all_cases()[name][0], "ok": False, "seconds": seconds, "peak_mb": 0.0,
                "detail": f"the case process died (exit {done.returncode}): {tail}"}
    out = json.loads(lines[-1])
    out["seconds"] = seconds
    if out["ok"] and out["peak_mb"] > MEMORY_LIMIT_MB:
        out["ok"], out["detail"] = False, f"peak memory {out['peak_mb']:.0f} MB | " + out["detail"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated sets to run (default: all)")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--json", help="write every outcome here")
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_one(args.case)))
        return 0
    cases = all_cases()
    wanted = set(args.only.split(",")) if args.only else set(SETS)
    names = [n for n, (s, _) in cases.items() if s in wanted]
    if args.list:
        for n in names:
            print(f"{cases[n][0]:10} {n}")
        return 0
    results = []
    for n in names:
        r = run_isolated(n)
        results.append(r)
        print(f"{'ok  ' if r['ok'] else 'FAIL'} {r['set']:9} {n:46} {r['seconds']:6.1f} s {r['peak_mb']:7.0f} MB  {r['detail'][:150]}",
              flush=True)
    failed = [r for r in results if not r["ok"]]
    worst = max(results, key=lambda r: r["peak_mb"])
    slowest = max(results, key=lambda r: r["seconds"])
    print(f"worst memory: {worst['case']} {worst['peak_mb']:.0f} MB; slowest: {slowest['case']} {slowest['seconds']:.1f} s")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "passed": len(results) - len(failed),
                                               "failed": len(failed), "worst_peak_mb": worst["peak_mb"],
                                               "slowest_s": slowest["seconds"]}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
