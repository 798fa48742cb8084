"""How often the ghost shows on Chinese verse, and how often it is right, at each Suggest setting (and
at lower thresholds, for comparison): with the Chinese pack, at random positions of held-out poems
(after a character or a ，inside a poem), the ghost at threshold 0 is cut at each threshold; a shown
ghost's first character is compared with the poem's real next character.

    python benchmarks/chinese_ghost.py --text HELD_OUT.txt [--pack DIR] [--positions 300] [--json OUT]

HELD_OUT.txt: poems one a paragraph, as `creagen-train prepare` writes the validation text (val.txt).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_common import write_json  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", required=True)
    ap.add_argument("--pack", default=None, help="default: the bundled Chinese pack")
    ap.add_argument("--positions", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    from creagen_desktop.engine.engine import Engine
    from creagen_desktop.engine.sampling import SUGGEST, GhostConfig
    from creagen_desktop.engine.verse import is_cjk
    from creagen_desktop.paths import bundled_pack_for

    engine = Engine.load(args.pack or bundled_pack_for("zh"), device="cpu", threads=1)
    poems = [p for p in Path(args.text).read_text(encoding="utf-8").split("\n\n") if p.strip()]
    rng = random.Random(args.seed)
    rows, times = [], []
    while len(rows) < args.positions:
        poem = rng.choice(poems).strip()
        cuts = [i for i in range(1, len(poem)) if is_cjk(poem[i]) and (is_cjk(poem[i - 1]) or poem[i - 1] == "，")]
        if not cuts:
            continue
        cut = rng.choice(cuts)
        t0 = time.perf_counter()
        g = engine.ghost_search.suggest(poem[:cut], GhostConfig(threshold=0.0))
        times.append((time.perf_counter() - t0) * 1000)
        rows.append((g, poem[cut:]))
    table = {}
    lower = {f"(lower: {t})": t for t in (0.02, 0.05, 0.1)}  # not settings: what a lower bar would give
    print(f"{'setting':18} {'threshold':>9} {'shown':>7} {'1st right':>9} {'chars':>6}")
    for setting, th in {**lower, **SUGGEST}.items():
        shown = [(g.cut(th), real) for g, real in rows if g.cut(th)]
        right = sum(1 for s, real in shown if s[0] == real[0])
        chars = sum(len(s) for s, _ in shown) / len(shown) if shown else 0.0
        table[setting] = {"threshold": th, "shown": len(shown) / len(rows),
                          "first_right": right / len(shown) if shown else None, "chars": chars}
        r = f"{right / len(shown):.0%}" if shown else "–"
        print(f"{setting:18} {th:>9.3f} {len(shown) / len(rows):>7.0%} {r:>9} {chars:>6.1f}")
    times.sort()
    p50 = times[len(times) // 2]
    print(f"positions: {len(rows)}; ghost search p50 {p50:.0f} ms (1 thread)")
    write_json(args.json, {"pack": engine.pack_name, "positions": len(rows), "p50_ms": p50, "settings": table})
    return 0


if __name__ == "__main__":
    sys.exit(main())
