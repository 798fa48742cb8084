"""Next words: is the ghost the word the author wrote next, how much typing does it save, does any
feature invent words, and how fast is it. Prints a table, writes JSON and the precision/shown curve.

    python benchmarks/next_words.py --json OUT.json [--boundaries N] [--png OUT.png] [--pack DIR] [--work W]

On the held-out books of the pack's training split (W/val.txt; W/train.txt for the n-gram
baselines; made with `creagen-train prepare` from --corpus when W lacks them), at N random word
boundaries and N random mid-word positions (after 1-3 letters), each with at least 300 characters
before it, the engine is asked as the editor asks: Engine.ghost on the window of text before the
cursor (engine.context_window). One onnxruntime thread for every session, everything in one run.

What a word is (the ghost, the old decoder and the n-gram baselines alike)
---------------------------------------------------------------------------
A word is a whitespace-delimited chunk, what the editor's Ctrl+Right takes. A first word matches
when both sides are equal without trailing punctuation ("night," = "night": the ghost is often cut
before a comma the author wrote, and accepting "night" then typing "," is still right); leading
punctuation (an opening quote) and case count. A boundary is right after the space that follows a
word; mid-word, the ghost's first word must complete the author's (an empty completion misses).

The figures, per kind of position (boundaries, mid-word) and pooled (both kinds with equal weight:
the editor asks at both; pooled precision = hits over shown, both kinds together)
------------------------------------------------------------------------------------------------
ghost_shown_rate; ghost_first_word_precision (when shown); ghost_top1 (over all positions, a
hidden ghost a miss); panel_any_top1 (any of the side panel's 3 continuations, Engine.suggest);
words_matched_in_a_row (per shown ghost: its chunks equal to the author's next ones, in a row);
bigram_top1 and ngram4_top1 (most frequent next word after the previous 1 / 3 chunks, backing off
to shorter contexts, counted on W/train.txt; the 4-gram also with stupid backoff, the better one
reported); old_ghost_top1 / old_panel_any_top1 (the previous decoder: sampling at the old defaults,
one-piece healing, no lexicon). Every threshold's figures come from one search at threshold 0
(`curve`); the three settings are points on it.

keystroke_savings: a simulated writer types passages of the held-out text; wherever a ghost shows
they take its longest run of Ctrl+Right words that is a prefix of what they are about to type and
ends at a word end (one keystroke per Ctrl+Right, one Tab when that is the whole ghost); saved
keystrokes over characters. The old decoder and the n-gram baselines (their top word, always shown)
are simulated the same way.

invented_word_rate: the share of words, in 500 continuations (ghosts and the panel's lists), 200
variations, 100 blend steps and 200 sparks, that are neither in the lexicon nor in the prompt; the
same outputs from the old decoding (no lexicon anywhere) beside them.

Speed: each position is asked as the editor would after a keystroke: the text one keystroke earlier
has been read (its state cached, its words known), the search memo is empty (the previous pause
did not ask), then the ghost is asked at the default setting and every model call it makes is
recorded; the same calls (same tokens, states and batch sizes) are replayed alone right after, on the same
session and thread: the model-call floor. Both are also timed on the thread's CPU clock
(cpu_*; the request's with the originality check of what it shows): on a busy machine the wall clock charges the request with the time other processes ran,
and the replay, which starts on the time slice the request's last preemption gave back, gets
fewer of them. `balanced` times both again from the same starting point in alternating order
(replay first at every other position): of two identical runs the first finds colder caches. `typing` repeats the figures over the keystroke simulation, where the writer asks
at every keystroke (the memo then holds what the last search read).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from bench_common import percentile, write_json  # noqa: E402
from ngram import NGram, strip_trail  # noqa: E402
from next_words_parts import invented_words, keystrokes, plot, table  # noqa: E402

from creagen_desktop.engine.context_window import window_start  # noqa: E402
from creagen_desktop.engine.engine import Engine  # noqa: E402
from creagen_desktop.engine.ghost import cut_units  # noqa: E402
from creagen_desktop.engine.sampling import SUGGEST, SUGGEST_DEFAULT, GhostConfig, SamplingConfig  # noqa: E402
from creagen_desktop.paths import default_pack_dir  # noqa: E402

MIN_BEFORE = 300
CURVE = np.round(np.arange(0.0, 0.951, 0.025), 3)


def split(args) -> tuple[str, str]:
    """train.txt and val.txt of the pack's split (prepared from the corpus if the work folder lacks them)."""
    work = Path(args.work)
    if not (work / "val.txt").exists() or not (work / "train.txt").exists():
        from training.corpus import prepare

        print(f"preparing the split in {work} from {args.corpus}", flush=True)
        prepare([args.corpus], work, 0.05, None)
    return (work / "train.txt").read_text(encoding="utf-8"), (work / "val.txt").read_text(encoding="utf-8")


def positions(val: str, n: int, seed: int) -> tuple[list[dict], list[dict]]:
    """n word boundaries and n mid-word positions, each with at least MIN_BEFORE characters before it."""
    rng = random.Random(seed)
    starts = [m.start() for m in re.finditer(r"(?<=\s)\S", val) if m.start() >= MIN_BEFORE]
    bounds = [s for s in starts if val[s - 1] == " " and not val[s - 2].isspace()]
    boundary = []
    for p in sorted(rng.sample(bounds, n)):
        chunk = val[p:].split(maxsplit=1)[0]
        boundary.append({"kind": "boundary", "pos": p, "prefix": "", "target": strip_trail(chunk)})
    mids = []
    for s in rng.sample(starts, min(len(starts), 6 * n)):
        chunk = val[s:].split(maxsplit=1)[0]
        k, word = rng.randint(1, 3), strip_trail(chunk)
        if len(word) > k and word[:k].isalpha() and word[k].isalnum():
            mids.append({"kind": "mid", "pos": s + k, "prefix": chunk[:k], "target": word[k:]})
        if len(mids) == n:
            break
    return boundary, sorted(mids, key=lambda d: d["pos"])


def context(val: str, pos: int) -> str:
    return val[window_start(pos): pos]


def first_word(shown: str) -> str:
    return strip_trail(re.match(r"\S*", shown).group(0))


def matches(item: dict, shown: str) -> bool:
    mid = item["kind"] == "mid"
    return bool(shown) and (not mid or not shown[0].isspace()) and first_word(shown.lstrip() if not mid else shown) == item["target"]


def in_a_row(shown: str, upcoming: str, mid: bool) -> int:
    """The ghost's chunks equal to the author's next ones, in a row (the last may differ by trailing punctuation)."""
    if not shown or (mid and shown[0].isspace()):
        return 0
    g, a = shown.split(), upcoming.split()
    n = 0
    for i, w in enumerate(g):
        if i < len(a) and (w == a[i] or (i == len(g) - 1 and strip_trail(w) == strip_trail(a[i]))):
            n += 1
        else:
            break
    return n


def ask(engine, val: str, item: dict, i: int) -> dict:
    """Everything one position needs, in one place: the timed request first (memo empty), then the
    figures' search at threshold 0, the panel, the old decoder and the baselines."""
    cont, gs = engine.continuer, engine.ghost_search
    text = context(val, item["pos"])
    cont.memo.clear()
    gs.prepare(text[:-1])  # what the typing left one keystroke earlier
    cont.lm.record = []
    c0 = time.thread_time()
    g = engine.ghost(text)
    cpu = (time.thread_time() - c0) * 1000
    calls, cont.lm.record = cont.lm.record, None
    t0, c0 = time.perf_counter(), time.thread_time()
    for tokens, state in calls:
        cont.lm.run(tokens, state)
    floor, cpu_floor = (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000
    balanced = balanced_pair(engine, text, calls, i % 2 == 1)
    full = gs.suggest(text, GhostConfig(threshold=0.0))  # every setting's ghost is a cut of this one
    t0 = time.perf_counter()
    old = cont.suggest(text, SamplingConfig(seed=1000 + i)).candidates
    old_ms = (time.perf_counter() - t0) * 1000
    panel = engine.suggest(text, SamplingConfig(seed=1000 + i)).candidates
    return {**item, "units": full.units, "shown_default": g.text, "panel": panel, "old": old,
            "upcoming": val[item["pos"]: item["pos"] + 200],
            "lat": {"ms": g.latency_ms, "model_ms": g.model_ms, "floor_ms": floor, "calls": g.model_calls,
                    "old_ms": old_ms, "cpu_ms": cpu, "cpu_floor_ms": cpu_floor, "balanced": balanced}}


def balanced_pair(engine, text: str, calls: list, replay_first: bool) -> dict:
    """The request and the replay of its calls timed again from the same starting point (memo
    cleared, text[:-1] read), the replay first at every other position: whichever of two identical
    runs goes first finds colder caches, and the editor-order figures always put the request first."""
    cont, gs = engine.continuer, engine.ghost_search

    def request():
        cont.memo.clear()
        gs.prepare(text[:-1])
        c0 = time.thread_time()
        g = engine.ghost(text)
        return g.latency_ms, (time.thread_time() - c0) * 1000, g.model_calls

    def replay():
        cont.memo.clear()
        gs.prepare(text[:-1])
        t0, c0 = time.perf_counter(), time.thread_time()
        for tokens, state in calls:
            cont.lm.run(tokens, state)
        return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000

    if replay_first:
        (f, fc), (r, rc, n) = replay(), request()
    else:
        (r, rc, n), (f, fc) = request(), replay()
    return {"ms": r, "cpu_ms": rc, "floor_ms": f, "cpu_floor_ms": fc, "same_calls": n == len(calls)}


def figures(rows: list[dict], threshold: float) -> dict:
    shown = hit = row = 0
    for r in rows:
        s = cut_units(r["units"], threshold)
        if s.strip():
            shown += 1
            hit += matches(r, s)
            row += in_a_row(s, r["upcoming"], r["kind"] == "mid")
    n = len(rows)
    return {"ghost_shown_rate": shown / n, "ghost_first_word_precision": hit / max(1, shown), "ghost_top1": hit / n,
            "words_matched_in_a_row": row / max(1, shown), "shown": shown, "hits": hit, "positions": n}


def kind_figures(rows: list[dict], ngram: NGram, default: float) -> dict:
    out = figures(rows, default)
    n = len(rows)
    out["panel_any_top1"] = sum(any(matches(r, c) for c in r["panel"]) for r in rows) / n
    out["old_ghost_top1"] = sum(bool(r["old"]) and matches(r, r["old"][0]) for r in rows) / n
    out["old_panel_any_top1"] = sum(any(matches(r, c) for c in r["old"]) for r in rows) / n
    out["old_words_matched_in_a_row"] = float(np.mean([in_a_row(r["old"][0], r["upcoming"], r["kind"] == "mid")
                                                       if r["old"] else 0 for r in rows]))
    for name, order, backoff in (("bigram_top1", 2, "longest"), ("ngram4_longest_top1", 4, "longest"),
                                 ("ngram4_stupid_top1", 4, "stupid")):
        out[name] = sum(matches(r, predict(ngram, r, order, backoff)) for r in rows) / n
    out["ngram4_top1"] = max(out["ngram4_longest_top1"], out["ngram4_stupid_top1"])
    out["per_setting"] = {name: figures(rows, th) for name, th in SUGGEST.items()}
    out["curve"] = [(float(th), *(lambda f: (f["ghost_shown_rate"], f["ghost_first_word_precision"]))(figures(rows, th)))
                    for th in CURVE]
    return out


def predict(ngram: NGram, r: dict, order: int, backoff: str) -> str:
    """The baseline's word as the ghost would show it (mid-word: the rest of the word)."""
    p = r["prefix"]
    words = ngram.predict(r["history"], p, 1, max_order=order, backoff=backoff)
    return words[0][len(p):] if words else ""


def pooled(rows: list[dict], threshold: float) -> dict:
    """Both kinds of position with equal weight (the same number of each)."""
    f = figures(rows, threshold)
    return {k: f[k] for k in ("ghost_shown_rate", "ghost_first_word_precision", "ghost_top1", "words_matched_in_a_row")}


def latency(rows: list[dict]) -> dict:
    ms = [r["lat"]["ms"] for r in rows]
    floor = [r["lat"]["floor_ms"] for r in rows]
    inside = [r["lat"]["model_ms"] for r in rows]
    cpu, cpu_floor = [r["lat"]["cpu_ms"] for r in rows], [r["lat"]["cpu_floor_ms"] for r in rows]
    return {"suggestion_p50_ms": percentile(ms, 50), "suggestion_p95_ms": percentile(ms, 95),
            "model_floor_p50_ms": percentile(floor, 50), "model_floor_p95_ms": percentile(floor, 95),
            "model_in_request_p50_ms": percentile(inside, 50),
            "ratio_p50": percentile(ms, 50) / max(1e-9, percentile(floor, 50)),
            "ratio_of_sums": float(np.sum(ms) / max(1e-9, np.sum(floor))),
            "model_calls_mean": float(np.mean([r["lat"]["calls"] for r in rows])),
            # the same on the thread's CPU clock: on a busy machine the request (the longer of the two)
            # absorbs most preemptions and the replay right after it runs on a fresh time slice
            "cpu_suggestion_p50_ms": percentile(cpu, 50), "cpu_floor_p50_ms": percentile(cpu_floor, 50),
            "cpu_ratio_p50": percentile(cpu, 50) / max(1e-9, percentile(cpu_floor, 50)),
            "cpu_ratio_of_sums": float(np.sum(cpu) / max(1e-9, np.sum(cpu_floor))),
            "old_decoder_p50_ms": percentile([r["lat"]["old_ms"] for r in rows], 50),
            "balanced": balanced_figures([r["lat"]["balanced"] for r in rows])}


def balanced_figures(pairs: list[dict]) -> dict:
    out = {"positions": len(pairs), "same_calls": sum(p["same_calls"] for p in pairs)}
    for clock, key in (("wall", ""), ("cpu", "cpu_")):
        ms, floor = [p[key + "ms"] for p in pairs], [p[key + "floor_ms"] for p in pairs]
        out[clock] = {"suggestion_p50_ms": percentile(ms, 50), "model_floor_p50_ms": percentile(floor, 50),
                      "ratio_p50": percentile(ms, 50) / max(1e-9, percentile(floor, 50)),
                      "ratio_of_sums": float(np.sum(ms) / max(1e-9, np.sum(floor)))}
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", required=True)
    ap.add_argument("--boundaries", type=int, default=1000, help="word boundaries (and as many mid-word positions)")
    ap.add_argument("--png", help="the precision / shown-rate curve (default: beside the JSON)")
    ap.add_argument("--pack", default=str(default_pack_dir()))
    ap.add_argument("--work", default=str(ROOT / "runs" / "en-fiction"), help="folder with the split's train.txt, val.txt")
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "gutenberg-fiction"))
    ap.add_argument("--passages", type=int, default=30, help="keystroke simulation: passages of about 220 characters")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args(argv)
    t_start = time.time()
    load = [round(x, 2) for x in os.getloadavg()]
    train, val = split(args)
    boundary, mids = positions(val, args.boundaries, args.seed)
    engine = Engine.load(args.pack, device="cpu", threads=1)
    ngram = NGram(train, 4)
    default = SUGGEST[SUGGEST_DEFAULT]
    print(f"{len(boundary)} boundaries and {len(mids)} mid-word positions; lexicon "
          f"{len(engine.lexicon) if engine.lexicon else 0:,} words; load average {load}", flush=True)
    rows = []
    for i, item in enumerate(boundary + mids):
        r = ask(engine, val, item, i)
        r["history"] = val[max(0, item["pos"] - 200): item["pos"] - len(item["prefix"])].split()[-3:]
        rows.append(r)
        if (i + 1) % 100 == 0:
            print(f"  {i + 1}/{len(boundary) + len(mids)} positions, {time.time() - t_start:.0f}s", flush=True)
    by_kind = {k: [r for r in rows if r["kind"] == k] for k in ("boundary", "mid")}
    res: dict = {"command": "python benchmarks/" + Path(__file__).name + " " + " ".join(sys.argv[1:] if argv is None else argv),
                 "pack": engine.pack_name, "lm_head": engine.pack.manifest.lm.head, "boundaries": len(boundary),
                 "mid_word_positions": len(mids), "seed": args.seed, "threads": 1, "settings": SUGGEST,
                 "default_setting": SUGGEST_DEFAULT, "load_average_start": load}
    for kind, rs in by_kind.items():
        res[kind] = kind_figures(rs, ngram, default)
    res["pooled"] = {**pooled(rows, default), "per_setting": {n: pooled(rows, th) for n, th in SUGGEST.items()},
                     "curve": [(float(th), *(lambda f: (f["ghost_shown_rate"], f["ghost_first_word_precision"]))(
                         pooled(rows, th))) for th in CURVE]}
    res["latency"] = {"editor_asks": latency(rows)}
    print(f"positions done in {time.time() - t_start:.0f}s", flush=True)
    res["keystrokes"], typing = keystrokes(engine, val, ngram, args)
    res["latency"]["typing"] = typing
    print(f"keystrokes done in {time.time() - t_start:.0f}s", flush=True)
    res["invented"] = invented_words(engine, val, rows, args.seed)
    res["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    res["seconds"] = round(time.time() - t_start)
    table(res)
    write_json(args.json, res)
    png = args.png or str(Path(args.json).with_suffix(".png"))
    plot(res, png)
    print(f"wrote {png}")
    return res


if __name__ == "__main__":
    main()
