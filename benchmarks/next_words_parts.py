"""The rest of benchmarks/next_words.py: the keystroke simulation, the invented-word count, the table
and the plot (see that script's docstring for what each figure means)."""

from __future__ import annotations

import random
import re
import time

import numpy as np
from bench_common import percentile
from ngram import NGram

from creagen_desktop.engine.context_window import window_start
from creagen_desktop.engine.ghost import cut_units
from creagen_desktop.engine.latent import LatentEditor
from creagen_desktop.engine.sampling import SUGGEST, SUGGEST_DEFAULT, GhostConfig, SamplingConfig
from creagen_desktop.engine.sentences import sentences
from creagen_desktop.engine.sparks import SparkGenerator
from creagen_desktop.engine.words import KnownWords, words_of

_CHUNK = re.compile(r"\s*\S+")
MIN_BEFORE = 300
PASSAGE_CHARS = 220


def accept(ghost: str, upcoming: str) -> tuple[int, int]:
    """(characters taken, keystrokes): the longest run of the ghost's Ctrl+Right words that the writer
    was about to type, ending at a word end; one keystroke a word, one Tab for the whole ghost."""
    best, taken = (0, 0), ""
    chunks = _CHUNK.findall(ghost)
    for m, c in enumerate(chunks, 1):
        taken += c
        if not upcoming.startswith(taken):
            break
        nxt = upcoming[len(taken): len(taken) + 1]
        if nxt and nxt.isalnum():
            continue  # inside the author's word
        keys = 1 if m == len(chunks) else m
        if len(taken) > keys:
            best = (len(taken), keys)
    return best


def keystrokes(engine, val: str, ngram: NGram, args) -> tuple[dict, dict]:
    """Savings for each setting, the old decoder and the n-gram baselines; and the latency of the
    ghost while typing (asked at every keystroke, in passage order)."""
    rng = random.Random(args.seed + 1)
    starts = [m.start() for m in re.finditer(r"(?<= )\S", val) if m.start() >= MIN_BEFORE]
    passages = []
    for s in sorted(rng.sample(starts, args.passages)):
        ends = [x for x in (val.find(" ", s + PASSAGE_CHARS), val.find("\n", s), len(val)) if x > s]
        passages.append((s, min(ends)))
    gs, cont = engine.ghost_search, engine.continuer
    lowest = min(SUGGEST.values())
    cache: dict[int, list] = {}
    old_cache: dict[int, str] = {}
    times, inside = [], []

    def ghost_units(pos):
        if pos not in cache:
            text = val[window_start(pos): pos]
            g = gs.suggest(text, GhostConfig(threshold=lowest))  # a lower threshold's cut holds every other's
            times.append(g.latency_ms)
            inside.append(g.model_ms)
            cache[pos] = g.units
        return cache[pos]

    def old_ghost(pos):
        if pos not in old_cache:
            c = cont.suggest(val[window_start(pos): pos], SamplingConfig(seed=pos)).candidates
            old_cache[pos] = c[0] if c else ""
        return old_cache[pos]

    def ngram_ghost(pos, order):
        before = val[max(0, pos - 200): pos]
        partial = re.search(r"(\S*)$", before).group(1)
        if partial and not partial.isalpha():
            return ""
        hist = before[: len(before) - len(partial)].split()[-3:]
        w = (ngram.predict(hist, partial, 1, max_order=order) or [""])[0]
        rest = w[len(partial):]
        return rest if partial else ("" if before.endswith((" ", "\n")) else " ") + rest

    def simulate(get) -> float:
        chars = keys = 0
        for s, e in passages:
            i = s
            while i < e:
                taken, k = accept(get(i), val[i:e])
                i, keys = (i + taken, keys + k) if taken else (i + 1, keys + 1)
            chars += e - s
        return (chars - keys) / chars

    out = {"passages": len(passages), "characters": sum(e - s for s, e in passages), "ghost": {}}
    for name, th in sorted(SUGGEST.items(), key=lambda x: x[1]):
        out["ghost"][name] = simulate(lambda pos, th=th: cut_units(ghost_units(pos), th))
    out["keystroke_savings"] = out["ghost"][SUGGEST_DEFAULT]
    out["old"] = simulate(old_ghost)
    out["bigram"] = simulate(lambda pos: ngram_ghost(pos, 2))
    out["ngram4"] = simulate(lambda pos: ngram_ghost(pos, 4))
    out["ghost_queries"] = len(cache)
    typing = {"requests": len(times), "suggestion_p50_ms": percentile(times, 50), "suggestion_p95_ms": percentile(times, 95),
              "model_in_request_p50_ms": percentile(inside, 50),
              "ratio_of_sums_to_model_time": float(np.sum(times) / max(1e-9, np.sum(inside))),
              "note": "asked at every keystroke in passage order, the setting 'often'; the model time is measured "
                      "inside the request (no replay), so this ratio is against it"}
    return out, typing


def _rate(pairs) -> tuple[float, int, list]:
    """(share of words unknown to the lexicon and to their prompt, words counted, examples)."""
    n = bad = 0
    examples = []
    for text, prompt, lexicon in pairs:
        known = KnownWords(lexicon, prompt)
        ws = words_of(text)
        n += len(ws)
        unknown = [w for w in ws if not known.word_ok(w)]
        bad += len(unknown)
        examples += unknown[: max(0, 8 - len(examples))]
    return bad / max(1, n), n, examples


def invented_words(engine, val: str, rows: list[dict], seed: int) -> dict:
    lexicon = engine.lexicon
    out = {}
    conts = rows[:250] + [r for r in rows if r["kind"] == "mid"][:250]  # 500 continuations, both kinds
    new, old = [], []
    for r in conts:
        prompt = val[window_start(r["pos"]): r["pos"] - len(r["prefix"])]
        new += [(r["prefix"] + c, prompt, lexicon) for c in [r["shown_default"]] + r["panel"] if c]
        old += [(r["prefix"] + r["old"][0], prompt, lexicon)] if r["old"] else []
    rate_new, n_new, ex_new = _rate(new)
    rate_old, n_old, ex_old = _rate(old)
    out["continuations"] = {"n": len(conts), "new_rate": rate_new, "new_words": n_new, "new_examples": ex_new,
                            "old_rate": rate_old, "old_words": n_old, "old_examples": ex_old}
    if engine.latent is None:
        return out
    rng = random.Random(seed + 2)
    paras = [p for p in val.split("\n\n") if 80 < len(p) < 400]
    sents = [s for s in sentences(" ".join(rng.sample(paras, 300))) if 30 < len(s) < 160]
    picks = rng.sample(sents, 40 + 26)
    free_latent = LatentEditor(engine.latent.vae)  # the old decoding: no lexicon
    t0 = time.time()
    var_new = [(v, s, lexicon) for s in picks[:40] for v in engine.variations(s, 5, seed=1)]
    var_old = [(v, s, lexicon) for s in picks[:40] for v in free_latent.variations(s, 5, seed=1)]
    pairs = list(zip(picks[40:53], picks[53:66]))
    blend_new = [(x, a + " " + b, lexicon) for a, b in pairs for x in engine.blend(a, b, 8)][:100]
    blend_old = [(x, a + " " + b, lexicon) for a, b in pairs for x in free_latent.blend(a, b, 8)][:100]
    out["latent_seconds"] = round(time.time() - t0)
    items = {"variations": (var_new, var_old), "blend_steps": (blend_new, blend_old)}
    if engine.spark_generator is not None:
        free_sparks = SparkGenerator(engine.pack, engine.latent.vae, device="cpu", threads=1)
        items["sparks"] = ([(x, "", lexicon) for k in range(40) for x in engine.sparks(5, seed=k)],
                           [(x, "", lexicon) for k in range(40) for x in free_sparks.sparks(5, seed=k)])
    for name, (got, before) in items.items():
        r_new, n_new, ex_new = _rate(got)
        r_old, n_old, ex_old = _rate(before)
        out[name] = {"n": len(got), "new_rate": r_new, "new_words": n_new, "new_examples": ex_new,
                     "old_rate": r_old, "old_words": n_old, "old_examples": ex_old}
    total_bad = sum(v["new_rate"] * v["new_words"] for v in out.values() if isinstance(v, dict))
    total = sum(v["new_words"] for v in out.values() if isinstance(v, dict))
    out["invented_word_rate"] = total_bad / max(1, total)
    return out


def table(res: dict) -> None:
    b, m, p = res["boundary"], res["mid"], res["pooled"]
    lat = res["latency"]["editor_asks"]
    ks = res["keystrokes"]
    rows = [
        ("ghost_shown_rate", b["ghost_shown_rate"], m["ghost_shown_rate"], p["ghost_shown_rate"], ">= 0.30"),
        ("ghost_first_word_precision", b["ghost_first_word_precision"], m["ghost_first_word_precision"],
         p["ghost_first_word_precision"], ">= 0.45"),
        ("ghost_top1", b["ghost_top1"], m["ghost_top1"], p["ghost_top1"],
         f">= {1.5 * b['bigram_top1']:.3f} and > {b['ngram4_top1']:.3f} (boundaries)"),
        ("panel_any_top1", b["panel_any_top1"], m["panel_any_top1"], None, ""),
        ("words_matched_in_a_row", b["words_matched_in_a_row"], m["words_matched_in_a_row"], p["words_matched_in_a_row"], ""),
        ("bigram_top1", b["bigram_top1"], m["bigram_top1"], None, ""),
        ("ngram4_top1", b["ngram4_top1"], m["ngram4_top1"], None, ""),
        ("old_ghost_top1 (sampled)", b["old_ghost_top1"], m["old_ghost_top1"], None, ""),
        ("ghost_top1, always shown (threshold 0)", b["curve"][0][1] * b["curve"][0][2], m["curve"][0][1] * m["curve"][0][2],
         None, ""),
    ]
    print(f"\n{'figure (default: ' + res['default_setting'] + ')':44} {'boundary':>9} {'mid-word':>9} {'pooled':>9}  target")
    for name, x, y, z, target in rows:
        cells = [f"{v:9.3f}" if v is not None else f"{'':9}" for v in (x, y, z)]
        print(f"{name:44} {' '.join(cells)}  {target}")
    print("\nper setting (shown / precision):")
    for name in SUGGEST:
        cells = [f"{k[name]['ghost_shown_rate']:.3f} / {k[name]['ghost_first_word_precision']:.3f}"
                 for k in (b["per_setting"], m["per_setting"], p["per_setting"])]
        print(f"  {name:20} boundary {cells[0]}   mid-word {cells[1]}   pooled {cells[2]}")
    print(f"\nkeystroke_savings ({ks['characters']} characters, {ks['passages']} passages): "
          + ", ".join(f"{k} {v:.3f}" for k, v in ks["ghost"].items())
          + f"; old decoder {ks['old']:.3f}; bigram {ks['bigram']:.3f}; 4-gram {ks['ngram4']:.3f}  (target >= 0.15)")
    inv = res["invented"]
    print("invented_word_rate: " + ", ".join(f"{k} {v['new_rate']:.4f} (old {v['old_rate']:.4f}, {v['new_words']} words)"
                                             for k, v in inv.items() if isinstance(v, dict))
          + f"; all {inv['invented_word_rate']:.4f}  (target 0)")
    print(f"speed (editor asks after a keystroke): suggestion p50 {lat['suggestion_p50_ms']:.2f} ms, p95 "
          f"{lat['suggestion_p95_ms']:.2f} ms; model-call floor p50 {lat['model_floor_p50_ms']:.2f} ms, p95 "
          f"{lat['model_floor_p95_ms']:.2f} ms; p50 ratio {lat['ratio_p50']:.2f} (target <= 1.3), ratio of sums "
          f"{lat['ratio_of_sums']:.2f}; {lat['model_calls_mean']:.2f} model calls a request; old decoder p50 "
          f"{lat['old_decoder_p50_ms']:.1f} ms; load average {res['load_average_start']} -> {res['load_average_end']}")
    print(f"speed on the thread's CPU clock: suggestion p50 {lat['cpu_suggestion_p50_ms']:.2f} ms, model-call floor p50 "
          f"{lat['cpu_floor_p50_ms']:.2f} ms; p50 ratio {lat['cpu_ratio_p50']:.2f}, ratio of sums {lat['cpu_ratio_of_sums']:.2f}")
    bal = lat["balanced"]
    print("the same again, order alternating (" + f"{bal['same_calls']}/{bal['positions']} with the same calls): "
          + "; ".join(f"{c} p50 {bal[c]['suggestion_p50_ms']:.2f} ms against {bal[c]['model_floor_p50_ms']:.2f} ms, ratio "
                      f"{bal[c]['ratio_p50']:.2f}, ratio of sums {bal[c]['ratio_of_sums']:.2f}" for c in ("wall", "cpu")))
    t = res["latency"]["typing"]
    print(f"speed (asked at every keystroke): p50 {t['suggestion_p50_ms']:.2f} ms, p95 {t['suggestion_p95_ms']:.2f} ms, "
          f"model inside p50 {t['model_in_request_p50_ms']:.2f} ms, ratio of sums {t['ratio_of_sums_to_model_time']:.2f}")


def plot(res: dict, path: str) -> None:
    """Precision against shown rate over the thresholds: boundaries, mid-word, pooled."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    panels = ((res["boundary"], f"word boundaries (N={res['boundaries']})"),
              (res["mid"], f"mid-word, 1-3 letters typed (N={res['mid_word_positions']})"),
              (res["pooled"], "pooled: both kinds, equal weight"))
    for ax, (f, title) in zip(axes, panels):
        c = np.array([x for x in f["curve"] if x[1] > 0], dtype=float)
        ax.plot(c[:, 1], c[:, 2], "k-", lw=2, label="the ghost, thresholds 0 to 0.95 (baselines: always shown)")
        for name, th in SUGGEST.items():
            s = f["per_setting"][name]
            ax.plot(s["ghost_shown_rate"], s["ghost_first_word_precision"], "o", ms=8)
            ax.annotate(f"{name} ({th})", (s["ghost_shown_rate"], s["ghost_first_word_precision"]),
                        textcoords="offset points", xytext=(6, 4), fontsize=8)
        if "bigram_top1" in f:
            for k, (key, label, colour) in enumerate((("bigram_top1", "bigram top-1", "grey"),
                                                      ("ngram4_top1", "4-gram top-1", "tab:blue"),
                                                      ("old_ghost_top1", "old sampled ghost top-1", "tab:red"))):
                ax.axhline(f[key], color=colour, ls=":", lw=1)
                ax.text(0.40 + 0.2 * k, f[key] + 0.012 + 0.03 * (k % 2), label, fontsize=7, color=colour)
        ax.plot([0.3, 0.3, 1.0], [1.0, 0.45, 0.45], color="tab:green", ls="--", lw=1)
        ax.text(0.31, 0.46, "target region", fontsize=7, color="tab:green")
        ax.set(xlabel="ghost shown rate", ylabel="first-word precision when shown", title=title, xlim=(0, 1), ylim=(0, 1))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="lower left")
    fig.suptitle(f"Ghost: first-word precision against shown rate over the per-word threshold ({res['pack']}, "
                 "held-out books)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
