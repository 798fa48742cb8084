"""Spell checking speed: loading the dictionaries, a lookup (cold and cached), suggestions, and
checking what a screenful of a long document shows. Prints a table, writes JSON.

    python benchmarks/spelling.py [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import percentile  # noqa: E402

TEXT = ("For three days the storm had kept the boats in the harbour. On the fourth morning the wind fell, "
        "and Margaret walked down to the water with her father's old coat about her shoulders.")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    from creagen_desktop.documents.spelling import WORD, SpellChecker

    t0 = time.perf_counter()
    sc = SpellChecker()
    load_s = time.perf_counter() - t0
    words = [m.group(0) for m in WORD.finditer(TEXT)]
    cold = []
    for w in words:
        t = time.perf_counter()
        sc.correct(w + "x")  # not cached yet, mostly misspelled: the slow path
        cold.append((time.perf_counter() - t) * 1e6)
        t = time.perf_counter()
        sc.correct(w)
        cold.append((time.perf_counter() - t) * 1e6)
    cached = []
    for w in words * 50:
        t = time.perf_counter()
        sc.correct(w)
        cached.append((time.perf_counter() - t) * 1e6)
    sugg = []
    for w in ("harobour", "recieve", "morening", "shouldres"):
        t = time.perf_counter()
        sc.suggestions(w)
        sugg.append((time.perf_counter() - t) * 1000)
    screen = [TEXT] * 40  # about what a window shows: 40 lines of prose
    fresh = SpellChecker()
    t = time.perf_counter()
    for line in screen:
        fresh.misspelled(line)
    screen_ms = (time.perf_counter() - t) * 1000
    rows = [("dictionaries loaded (en_US + en_GB)", f"{load_s:.2f} s"),
            ("lookup, not cached: p50 / p95", f"{percentile(cold, 50):.0f} / {percentile(cold, 95):.0f} µs"),
            ("lookup, cached: p50", f"{percentile(cached, 50):.1f} µs"),
            ("suggestions for a word: p50 / max", f"{percentile(sugg, 50):.0f} / {max(sugg):.0f} ms"),
            ("a screenful (40 lines), fresh checker", f"{screen_ms:.1f} ms")]
    for name, value in rows:
        print(f"{name:40} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps({"load_s": load_s, "cold_p50_us": percentile(cold, 50),
                                               "cold_p95_us": percentile(cold, 95), "cached_p50_us": percentile(cached, 50),
                                               "suggest_p50_ms": percentile(sugg, 50), "screen_ms": screen_ms}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
