"""Your story, your voice: the document cache and `creagen-train adapt`, measured on a writer's novel.

    python benchmarks/adaptation.py --json OUT.json [--minutes 10] [--threads 1] [--adapted PACK]

Moby-Dick (never trained on) stands in for the writer's novel, cut by chapters: the first 80% is
"the writer's text", the last 20% is scored, read in order as one document (the cache starts empty
at its first chapter). Robinson Crusoe, the bundled pack's other held-out book, shows what adapting
forgets (its first 250,000 characters, --other-chars). For the bundled pack and for the pack adapted
to the first 80% (`adapt --minutes N`, one thread; give --adapted to measure a pack adapted before),
with and without the document cache:

  bpc            bits per character of the scored part (the LM's probabilities, mixed with the cache's)
  ghost_top1     next_words.py's figure on the part: the ghost (Engine.ghost at the default Suggest
                 setting, on the window the editor sends) shows the text's next word first, at 150 word
                 boundaries and 150 mid-word positions (after 1-3 letters; a hidden ghost is a miss)
  name_recall    at each occurrence of one of the book's names that the training text has at most twice
                 (Ahab, Queequeg, Starbuck, Pequod, ...: found automatically, listed in the JSON), after
                 its third in the part, the ghost shows the whole name once its first letter is typed
  latency        a keystroke's ghost, typing on and asking at every keystroke, cache on and off
                 alternately (two engines, each with its own state cache and memo)

The part is document "part" of the engine: its cache reads it in order, as the writer wrote it. The
machine's load average is recorded, and the adaptation's steps, since its budget is wall-clock time.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import next_words  # noqa: E402
import writer_novel  # noqa: E402
from bench_common import percentile, write_json  # noqa: E402

from creagen_desktop.engine.cache_mix import goes_on, mixed_bits  # noqa: E402
from creagen_desktop.engine.context_window import window_start  # noqa: E402
from creagen_desktop.engine.doc_cache import DocumentCache, lexicon_for  # noqa: E402
from creagen_desktop.engine.engine import Engine  # noqa: E402
from creagen_desktop.engine.ghost import cut_units  # noqa: E402
from creagen_desktop.engine.sampling import SUGGEST, SUGGEST_DEFAULT, GhostConfig  # noqa: E402
from creagen_desktop.engine.tokenizer import Tokenizer  # noqa: E402
from creagen_desktop.pack import ModelPack  # noqa: E402
from creagen_desktop.paths import DEFAULT_PACK_NAME  # noqa: E402

GHOST_POSITIONS = 150  # word boundaries, and as many mid-word positions
NAME_OCCURRENCES = 200  # at most, spread evenly over the part
LATENCY_KEYS = 200


class Load:
    """The machine's load average, sampled every 15 s while it runs."""

    def __init__(self):
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(15):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict:
        self._stop.set()
        return {"cores": os.cpu_count(), "load_1min_mean": round(float(np.mean(self.samples)), 2),
                "load_1min_max": round(float(np.max(self.samples)), 2), "samples": len(self.samples)}


# -- bits per character ----------------------------------------------------------------------------


def bits(pack: ModelPack, text: str, threads: int) -> dict:
    """Bits per character of `text` read in order as one document, without and with the cache."""
    from creagen_desktop.engine.continuation import LanguageModel
    from training.evaluate import token_probabilities

    tok = Tokenizer.from_pack(pack)
    mask = goes_on(tok)
    ids, plm, lm_go = token_probabilities(pack, text, lm=LanguageModel(pack, "cpu", threads), goes_on=mask)
    out = {"bpc": float(-np.log(plm).sum() / math.log(2) / len(text))}
    settings = pack.manifest.lm.cache
    if settings is not None:
        cache = DocumentCache(tok, settings, lexicon_for(pack))
        out["bpc_cache"] = mixed_bits(plm, lm_go, mask[ids], cache.score(ids), cache.weights, cache.boundary) / len(text)
    return out


# -- the ghost -------------------------------------------------------------------------------------


class Ghosts:
    """The same pack loaded twice, the document cache on in one and off in the other (each with its
    own state cache and search memo, as one editor would have), asked as the editor asks:
    Engine.ghost on the window before the cursor, the part being document "part"."""

    def __init__(self, pack_dir: Path, threads: int):
        self.engines = {}
        for cache in (False, True):
            e = Engine.load(pack_dir, device="cpu", threads=threads)
            if cache and e.continuer.documents is None:
                raise SystemExit(f"the pack {e.pack.name} records no document cache settings (creagen-train cache)")
            e.continuer.use_document_cache = cache
            self.engines[cache] = e

    def ask(self, part: str, pos: int, cache: bool, setting: str = SUGGEST_DEFAULT):
        start = window_start(pos)
        return self.engines[cache].ghost(part[start:pos], setting, doc="part", start=start)

    def search(self, part: str, pos: int, cache: bool):
        """Every unit the ghost finds (threshold 0), to cut at any setting afterwards."""
        start = window_start(pos)
        e = self.engines[cache]
        return e.ghost_search.suggest(part[start:pos], GhostConfig(threshold=0.0), doc="part", start=start)


def ghost_top1(g: Ghosts, part: str) -> dict:
    """next_words.py's figures on the part: word boundaries and mid-word positions (after 1-3 letters),
    in the part's order (the cache reads it as the writer wrote it), the ghost at the default setting."""
    boundary, mid = next_words.positions(part, GHOST_POSITIONS, seed=0)
    rows = {False: [], True: []}
    for item in sorted(boundary + mid, key=lambda d: d["pos"]):
        for cache in (False, True):
            found = g.search(part, item["pos"], cache)
            rows[cache].append({**item, "units": found.units, "upcoming": part[item["pos"]: item["pos"] + 200]})
    out = {"ghost_positions": len(rows[False])}
    for cache in (False, True):
        f = next_words.figures(rows[cache], SUGGEST[SUGGEST_DEFAULT])
        tag = "_cache" if cache else ""
        out[f"ghost_top1{tag}"] = f["ghost_top1"]
        out[f"ghost_shown_rate{tag}"] = f["ghost_shown_rate"]
        out[f"ghost_first_word_precision{tag}"] = f["ghost_first_word_precision"]
        for kind in ("boundary", "mid"):
            out[f"ghost_top1_{kind}{tag}"] = next_words.figures([r for r in rows[cache] if r["kind"] == kind],
                                                                SUGGEST[SUGGEST_DEFAULT])["ghost_top1"]
    return out


def name_recall(g: Ghosts, part: str, names: list[str]) -> dict:
    """At each occurrence of a name after its third in the part, with its first letter typed: does the
    ghost (at the default setting) complete the whole name, the word ending there?"""
    seen: dict[str, int] = {}
    cases = []
    for m in re.finditer(r"\b(" + "|".join(map(re.escape, names)) + r")\b", part):
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
        if seen[m.group(1)] > 3:
            cases.append((m.start(), m.group(1)))
    if len(cases) > NAME_OCCURRENCES:
        cases = [cases[i] for i in np.linspace(0, len(cases) - 1, NAME_OCCURRENCES).astype(int)]
    settings = {"": SUGGEST[SUGGEST_DEFAULT], "_often": SUGGEST["often"]}
    hits = {(cache, tag): 0 for cache in (False, True) for tag in settings}
    by_name: dict[str, list[int]] = {}
    examples = []
    for at, name in cases:
        for cache in (False, True):
            units = g.search(part, at + 1, cache).units  # one search, cut at each setting
            for tag, threshold in settings.items():
                offered = cut_units(units, threshold)
                ok = offered.startswith(name[1:]) and not offered[len(name) - 1 : len(name)].isalpha()
                hits[cache, tag] += ok
                if cache and not tag:
                    by_name.setdefault(name, []).append(int(ok))
            if cache and len(examples) < 12:
                examples.append({"typed": part[max(0, at - 50): at + 1], "name": name,
                                 "units": [(u, round(p, 3)) for u, p in units[:3]]})
    n = max(1, len(cases))
    out = {f"name_recall{'_cache' if cache else ''}{tag}": hits[cache, tag] / n for cache, tag in hits}
    return {**out, "name_occurrences": len(cases),
            "name_recall_by_name_cache": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_name.items())},
            "name_examples_cache": examples}


def latency(g: Ghosts, part: str, start: int) -> dict:
    """A keystroke's ghost, typing the part on from `start` and asking at every keystroke (as a writer
    who pauses everywhere): the two engines alternately, each its own state cache and memo."""
    times = {False: [], True: []}
    for cache in (False, True):  # what the writer's typing so far left: states read, the document's cache read
        e, begin = g.engines[cache], window_start(start)
        e.ghost_search.prepare(part[begin:start])
        e.continuer.read_document(part[begin:start], "part", begin)
    for i in range(LATENCY_KEYS):
        pos = start + i
        for cache in ((False, True) if i % 2 else (True, False)):
            t0 = time.perf_counter()
            g.ask(part, pos, cache)
            times[cache].append((time.perf_counter() - t0) * 1000)
    p50 = {c: percentile(times[c], 50) for c in times}
    return {"latency_p50_ms": round(p50[False], 2), "latency_p50_ms_cache": round(p50[True], 2),
            "latency_p95_ms": round(percentile(times[False], 95), 2),
            "latency_p95_ms_cache": round(percentile(times[True], 95), 2),
            "latency_mean_ms": round(float(np.mean(times[False])), 2),
            "latency_mean_ms_cache": round(float(np.mean(times[True])), 2),
            "latency_ratio": round(p50[True] / p50[False], 3)}


def _tag(key: str, suffix: str) -> str:
    for figure in ("ghost_top1", "ghost_shown_rate", "ghost_first_word_precision"):
        if key.startswith(figure):
            return f"{figure}_{suffix}{key[len(figure):]}"
    return f"{key}_{suffix}"


def measure(pack_dir: Path, part: str, other: str, names: list[str], threads: int, suffix: str) -> dict:
    pack = ModelPack.load(pack_dir)
    t0 = time.time()
    fig = {}
    b = bits(pack, part, threads)
    fig[f"bpc_{suffix}"] = b["bpc"]
    fig[f"bpc_{suffix}_cache"] = b.get("bpc_cache")
    fig[f"bpc_other_{suffix}"] = bits(pack, other, threads)["bpc"]
    print(f"{suffix}: bits/char {b['bpc']:.4f}, with the cache {b.get('bpc_cache')}; Robinson Crusoe "
          f"{fig[f'bpc_other_{suffix}']:.4f} ({time.time() - t0:.0f}s)", flush=True)
    g = Ghosts(pack_dir, threads)
    # ghost_top1 -> ghost_top1_base, ghost_top1_cache -> ghost_top1_base_cache, the others likewise
    fig.update({_tag(k, suffix): v for k, v in ghost_top1(g, part).items()})
    print(f"{suffix}: ghost top-1 {fig[f'ghost_top1_{suffix}']:.3f}, with the cache "
          f"{fig[f'ghost_top1_{suffix}_cache']:.3f} ({time.time() - t0:.0f}s)", flush=True)
    r = name_recall(g, part, names)
    fig[f"name_recall_{suffix}"], fig[f"name_recall_{suffix}_cache"] = r["name_recall"], r["name_recall_cache"]
    fig[f"name_recall_{suffix}_often"] = r["name_recall_often"]  # at Suggest: often
    fig[f"name_recall_{suffix}_cache_often"] = r["name_recall_cache_often"]
    fig["name_occurrences"] = r["name_occurrences"]
    fig[f"name_recall_by_name_{suffix}_cache"] = r["name_recall_by_name_cache"]
    fig[f"name_examples_{suffix}_cache"] = r["name_examples_cache"]
    print(f"{suffix}: name recall {r['name_recall']:.3f}, with the cache {r['name_recall_cache']:.3f} "
          f"(Suggest often: {r['name_recall_often']:.3f}, {r['name_recall_cache_often']:.3f}) "
          f"({time.time() - t0:.0f}s)", flush=True)
    fig.update({f"{k}_{suffix}": v for k, v in latency(g, part, len(part) // 2).items()})
    fig[f"measure_minutes_{suffix}"] = round((time.time() - t0) / 60, 1)
    return fig


# -- adapting --------------------------------------------------------------------------------------


def adapt(base: Path, texts: Path, out: Path, minutes: float, threads: int) -> dict:
    cmd = [sys.executable, "-m", "training.cli", "adapt", str(base), "--texts", str(texts), "--out", str(out),
           "--minutes", f"{minutes:g}", "--threads", str(threads), "--name", "moby-adapted"]
    print("$", " ".join(cmd[2:]), flush=True)
    t0 = time.time()
    subprocess.run(cmd, check=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    m = ModelPack.load(out).manifest
    t = m.lm.training
    return {"adapt_command": " ".join(cmd[2:]), "adapt_wall_minutes": round((time.time() - t0) / 60, 2),
            "adapt_train_minutes": t["minutes"], "adapt_steps": t["steps"], "adapt_tokens": t["tokens_seen"],
            "adapt_stopped_early_at": t.get("stopped_early_at"), "adapt_options": t["options"],
            "adapt_held_out_bpc": m.metrics.get("val_bits_per_char"),
            "adapt_held_out_bpc_base": m.metrics.get("base_val_bits_per_char"),
            "writer_chars": m.adaptation.characters}


def table(r: dict) -> None:
    def pct(a, b):
        return f"{(a - b) / b:+.1%}" if a is not None and b else "-"

    rows = [
        ("bits/char, last 20%", r["bpc_base"], r["bpc_base_cache"], r.get("bpc_adapted"), r.get("bpc_adapted_cache")),
        ("ghost top-1 next word", r["ghost_top1_base"], r["ghost_top1_base_cache"], r.get("ghost_top1_adapted"),
         r.get("ghost_top1_adapted_cache")),
        ("name recall", r["name_recall_base"], r["name_recall_base_cache"], r.get("name_recall_adapted"),
         r.get("name_recall_adapted_cache")),
        ("bits/char, Robinson Crusoe", r["bpc_other_base"], None, r.get("bpc_other_adapted"), None),
    ]
    print(f"\n{'measure':28} {'base':>8} {'+cache':>8} {'adapted':>8} {'+cache':>8}")
    for name, *vals in rows:
        print(f"{name:28} " + " ".join(f"{v:>8.4f}" if isinstance(v, float) else f"{'-':>8}" for v in vals))
    print(f"\ncache: bits/char {pct(r['bpc_base_cache'], r['bpc_base'])} (target <= -5%); name recall "
          f"{r['name_recall_base']:.2f} -> {r['name_recall_base_cache']:.2f} (target >= 0.5)")
    if "bpc_adapted" in r:
        print(f"adapted + cache: bits/char {pct(r['bpc_adapted_cache'], r['bpc_base'])} of the base's (target <= "
              f"-10%); Robinson Crusoe {pct(r['bpc_other_adapted'], r['bpc_other_base'])} (target <= +3%)")
    print(f"keystroke latency p50: {r['latency_p50_ms_base']} ms without the cache, {r['latency_p50_ms_cache_base']} ms "
          f"with: ratio {r['latency_ratio_base']} (target <= 1.2)")
    if "adapt_steps" in r:
        print(f"adaptation: {r['adapt_steps']} steps ({r['adapt_tokens']:,} tokens) in {r['adapt_train_minutes']} min "
              f"on {r['adapt_options']['threads']} thread(s)")
    print(f"machine: {r['load']['cores']} cores, load average {r['load']['load_1min_mean']} "
          f"(max {r['load']['load_1min_max']}) during the run")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # this checkout's bundled pack (an editable install may resolve the app's resources elsewhere)
    ap.add_argument("--pack", default=str(ROOT / "resources" / "models" / DEFAULT_PACK_NAME))
    ap.add_argument("--minutes", type=float, default=10.0, help="the adaptation's budget")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--adapted", help="measure this adapted pack instead of adapting one")
    ap.add_argument("--no-adapt", action="store_true", help="measure the cache on the base pack only")
    ap.add_argument("--adapted-out", help="write the adapted pack here (default: a temporary folder), to measure it again")
    ap.add_argument("--quick", action="store_true", help="a smoke run: few positions, part of the other book")
    ap.add_argument("--other-chars", type=int, default=250_000, help="of Robinson Crusoe scored (the same for both packs)")
    ap.add_argument("--json")
    args = ap.parse_args()
    global GHOST_POSITIONS, NAME_OCCURRENCES, LATENCY_KEYS
    if args.quick:
        GHOST_POSITIONS, NAME_OCCURRENCES, LATENCY_KEYS = 40, 40, 30
    if not writer_novel.NOVEL.exists():
        print(f"the corpus is not at {writer_novel.CORPUS}", file=sys.stderr)
        return 2
    load = Load()
    work = Path(tempfile.mkdtemp(prefix="creagen-adaptation-"))
    files, part = writer_novel.writer_and_scored(work / "my novel")
    other = writer_novel.other_book()[: 60_000 if args.quick else args.other_chars]
    names = writer_novel.proper_names("".join(writer_novel.chapters()), writer_novel.training_counts())
    print(f"the writer's text: {len(files)} chapters; scored: {len(part):,} characters; {len(names)} names", flush=True)
    result = {"novel": writer_novel.NOVEL.name, "other_book": writer_novel.OTHER.name,
              "writer_chapters": len(files), "scored_chars": len(part), "other_chars": len(other), "names": names,
              "cache_settings": {k: v for k, v in vars(ModelPack.load(args.pack).manifest.lm.cache or {}).items()
                                 if k != "tuned"} if ModelPack.load(args.pack).manifest.lm.cache else None}
    result.update(measure(Path(args.pack), part, other, names, args.threads, "base"))
    adapted = Path(args.adapted) if args.adapted else None
    if adapted is None and not args.no_adapt:
        adapted = Path(args.adapted_out) if args.adapted_out else work / "adapted"
        result.update(adapt(Path(args.pack), work / "my novel", adapted, args.minutes, args.threads))
        result["adapted_pack"] = str(adapted)
    if adapted is not None:
        result.update({k: v for k, v in measure(adapted, part, other, names, args.threads, "adapted").items()
                       if not k.startswith("latency")})
    result["load"] = load.summary()
    shutil.rmtree(work / "my novel", ignore_errors=True)  # the stand-in writer's text
    table(result)
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
