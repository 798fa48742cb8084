"""The Chinese poetry pack measured: bits per character, poems with form, rhyme and tone, copies, the
matching line, latency. Prints a table and writes JSON.

    python benchmarks/poetry.py [--pack DIR] [--work W] [--poems 200] [--json OUT.json]

W is the pack's work folder (creagen-train prepare --corpus-format chinese-poetry): val.txt for the
held-out bits per character and couplets, poems.jsonl for the held-out Tang poems (the checker's
ceiling) and every line of the corpus, held-out poems included (the exact copy count).

1. held-out bits per character, through the app's engine;
2. for --poems poems of each form (seeds 0..N-1, 中华新韵): form (line count, line length, ，and 。
   in place), rhyme (the even lines in one group of the table: as the decoder reads the characters,
   and as a modern reader hears them in context), tones (every line fits the poem's pattern, strict:
   read in context, and with any reading of a 多音字), distinct bigrams over the poems, lines of 5 or
   7 characters that are verbatim lines of the corpus before the originality guard (the same seeds
   written without it) and after it, and the time of one poem (wall and CPU, and the load average);
3. the same with 平水韵 for --pingshui-poems poems a form;
4. acrostics: --acrostics 七绝 with 4 characters drawn from the corpus's common characters;
5. the real held-out Tang poems of each shape on the same checker: the ceiling;
6. the matching line on held-out couplets: mean-squared error and Fréchet distance of the predicted
   codes (the regressor's mean, and codes drawn around it with the residuals' spread, as the engine
   draws its candidates) to the real second lines' codes, against the first line's own code and a
   prior draw;
7. ten poems (two of each form, two acrostics) with the checker's verdict, for a reader.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import percentile, write_json  # noqa: E402

from creagen_desktop.engine.engine import Engine  # noqa: E402
from creagen_desktop.engine.metre import check_poem  # noqa: E402
from creagen_desktop.engine.poem import PoemWriter  # noqa: E402
from creagen_desktop.engine.verse import FORM_NAMES, FORMS, couplets, verse_lines  # noqa: E402
from creagen_desktop.paths import bundled_pack_for  # noqa: E402

TARGETS = {"form": 1.0, "rhyme": 0.95, "tonal": 0.80, "memorised_after_guard_below": 0.01, "latency_p50_ms": 300}
EXAMPLE_ACROSTICS = ("春江花月", "风花雪月")


def load_poems(work: Path) -> list[dict]:
    path = work / "poems.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} not found: run creagen-train prepare --corpus-format chinese-poetry --work {work}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def form_ok(text: str, form: str) -> bool:
    n, m = FORMS[form]
    rows = text.split("\n")
    return (len(rows) == m // 2 and all(len(r) == 2 * n + 2 and r[n] == "，" and r[-1] == "。" for r in rows)
            and all(len(line) == n for line in verse_lines(text)))


def distinct2(poems: list[list[str]]) -> float:
    grams = [line[i : i + 2] for lines in poems for line in lines for i in range(len(line) - 1)]
    return len(set(grams)) / max(1, len(grams))


def judge(texts: list[str], table, reading_tones: str, reading_rhyme: str) -> dict:
    checks = [check_poem(t, table, strict=True, reading=reading_tones) for t in texts]
    rhyme = [check_poem(t, table, strict=True, reading=reading_rhyme).rhyme_ok for t in texts]
    return {"rhyme": float(np.mean(rhyme)), "tonal": float(np.mean([c.tones.ok for c in checks])),
            "tonal_lines": float(np.mean([x for c in checks for x in c.tones.lines]))}


def write_many(writer: PoemWriter, form: str, n: int, rhyme: str, acrostics=None) -> tuple[list, list, list]:
    poems, wall, cpu = [], [], []
    for seed in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        poems.append(writer.write(form, acrostic=acrostics[seed] if acrostics else None, rhyme=rhyme, seed=seed))
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return poems, wall, cpu


def poem_block(engine: Engine, bare: PoemWriter, corpus_lines: set[str], form: str, n: int, rhyme: str) -> dict:
    """Poems of one form as shipped (guard on) and the same seeds without the guard."""
    table = engine.poem_writer.prosody.table(rhyme)
    load0 = os.getloadavg()[0]
    poems, wall, cpu = write_many(engine.poem_writer, form, n, rhyme)
    unguarded, _, _ = write_many(bare, form, n, rhyme)
    texts = [p.text for p in poems]
    lines = [line for p in poems for line in p.lines]
    bare_lines = [line for p in unguarded for line in p.lines]
    out = {"poems": n, "form": float(np.mean([form_ok(t, form) for t in texts]))}
    decoder = judge(texts, table, "primary", "primary")
    reader = judge(texts, table, "context", "context") if rhyme == "xin" else judge(texts, table, "any", "any")
    anyr = judge(texts, table, "any", "any")
    out.update({"rhyme": decoder["rhyme"], "rhyme_read_in_context": reader["rhyme"],
                "tonal_in_context": reader["tonal"], "tonal_any_reading": anyr["tonal"],
                "tonal_lines_in_context": reader["tonal_lines"],
                "distinct2": distinct2([p.lines for p in poems]),
                "memorised_before_guard": float(np.mean([line in corpus_lines for line in bare_lines])),
                "memorised_after_guard": float(np.mean([line in corpus_lines for line in lines])),
                "guard_refusals_per_poem": float(np.mean([p.copies_dropped for p in poems])),
                "distinct2_without_guard": distinct2([p.lines for p in unguarded]),
                "latency_wall_ms_p50": percentile(wall, 50), "latency_wall_ms_p90": percentile(wall, 90),
                "latency_cpu_ms_p50": percentile(cpu, 50), "load_average": [round(load0, 2), round(os.getloadavg()[0], 2)],
                "rhyme_groups": dict(Counter(p.rhyme_group for p in poems).most_common(6))})
    return out


def ceiling(engine: Engine, poems: list[dict]) -> dict:
    """The checker on real held-out Tang poems of each shape (regulated verse and 古体 of that size alike)."""
    tables = engine.poem_writer.prosody.tables
    out = {}
    for form in FORMS:
        texts = [p["text"] for p in poems if p["split"] == "val" and p["source"].startswith("tang") and p["form"] == form]
        row = {"poems": len(texts)}
        if "pingshui" in tables:
            j = judge(texts, tables["pingshui"], "any", "any")
            row.update(pingshui_rhyme=j["rhyme"], pingshui_tonal=j["tonal"])
        j = judge(texts, tables["xin"], "context", "context")
        row.update(xin_rhyme_in_context=j["rhyme"], xin_tonal_in_context=j["tonal"])
        row["distinct2"] = distinct2([verse_lines(t) for t in texts[:200]])
        out[form] = row
    return out


def lm_logp(engine: Engine, first: str, second: str) -> float:
    """Mean log-probability (nats) a character of `second，` after `first，` under the pack's LM."""
    from creagen_desktop.engine.continuation import PRIMER
    from creagen_desktop.engine.sampling import log_softmax

    lm, tok = engine.poem_writer.lm, engine.continuer.tok
    out, state = lm.run(np.asarray([tok.encode(PRIMER + first + "，")]), lm.initial_state())
    logits, total, ids = out[0, -1], 0.0, tok.encode(second + "。")
    for t in ids:
        total += float(log_softmax(logits.astype(np.float64))[t])
        out, state = lm.run(np.asarray([[t]]), state)
        logits = out[0, -1]
    return total / len(ids)


def matching_line(engine: Engine, val_text: str, limit: int = 5000) -> dict:
    from training.metrics.frechet import frechet_distance

    m = engine.matching_line
    pairs = []
    for para in val_text.split("\n\n"):
        pairs += [(a, b) for a, b in couplets(para) if 3 <= len(a) <= 16]
    pairs = sorted(set(pairs))[:limit]
    z1, _ = m.vae.encode([a for a, _ in pairs])
    z2, _ = m.vae.encode([b for _, b in pairs])
    pred = m.predict(z1)
    drawn = m.predict(z1, np.random.default_rng(1).standard_normal(z1.shape).astype(np.float32))
    prior = np.random.default_rng(0).standard_normal(z2.shape).astype(np.float32)
    fig = {"pairs": len(pairs)}
    for name, z in (("regressor", pred), ("regressor_drawn", drawn), ("first_line", z1), ("prior", prior)):
        fig[f"mse_{name}"] = float(((z - z2) ** 2).mean())
        fig[f"frechet_{name}"] = frechet_distance(z, z2)
    lines, t = [], []
    for a, _ in pairs[:: max(1, len(pairs) // 100)][:100]:
        t0 = time.perf_counter()
        got = engine.next_line(a, n=1, seed=len(t))
        t.append((time.perf_counter() - t0) * 1000)
        lines.append((a, got[0] if got else ""))
    fig["next_line_right_length"] = float(np.mean([len(b) == len(a) for a, b in lines]))
    # how the pack's LM reads each second line after its first (mean log-probability a character):
    # the engine's lines against the real ones of the same couplets
    real = dict(pairs)
    fig["next_line_lm_logp_per_char"] = float(np.mean([lm_logp(engine, a, b) for a, b in lines if b]))
    fig["real_line_lm_logp_per_char"] = float(np.mean([lm_logp(engine, a, real[a]) for a, _ in lines]))
    fig["next_line_ms_p50"] = percentile(t, 50)
    fig["examples"] = lines[:8]
    return fig


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pack", default=str(bundled_pack_for("zh")))
    ap.add_argument("--work", default=str(ROOT / "runs" / "zh-poetry"))
    ap.add_argument("--poems", type=int, default=200, help="poems of each form (中华新韵)")
    ap.add_argument("--pingshui-poems", type=int, default=50, help="poems of each form with 平水韵")
    ap.add_argument("--acrostics", type=int, default=50)
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    work = Path(args.work)
    t_start = time.time()
    engine = Engine.load(args.pack, device="cpu")
    w = engine.poem_writer
    bare = PoemWriter(w.lm, w.tok, w.prosody, guard=None, settings=w.settings)
    poems = load_poems(work)
    corpus_lines = {line for p in poems for line in verse_lines(p["text"]) if len(line) in (5, 7)}
    result = {"pack": engine.pack_name, "work": str(work), "load_average_start": os.getloadavg(), "targets": TARGETS}

    from training.evaluate import bits_per_char

    val = (work / "val.txt").read_text(encoding="utf-8")
    result["heldout"] = bits_per_char(engine.pack, val)
    print(f"held-out bits per character: {result['heldout']['bits_per_char']:.4f} over {result['heldout']['chars']:,}")

    result["xin"] = {f: poem_block(engine, bare, corpus_lines, f, args.poems, "xin") for f in FORMS}
    if "pingshui" in engine.rhyme_tables and args.pingshui_poems:
        result["pingshui"] = {f: poem_block(engine, bare, corpus_lines, f, args.pingshui_poems, "pingshui") for f in FORMS}
    rng = np.random.default_rng(0)
    common = [c for c, n in sorted(w.prosody.counts.items(), key=lambda kv: -kv[1])[:500]]
    acrostics = ["".join(rng.choice(common, 4, replace=False)) for _ in range(args.acrostics)]
    acro, wall, _ = write_many(w, "qijue", args.acrostics, "xin", acrostics)
    table = w.prosody.table("xin")
    result["acrostic"] = {"poems": len(acro),
                          "success": float(np.mean([[l[0] for l in p.lines] == list(a) and form_ok(p.text, "qijue")
                                                    for p, a in zip(acro, acrostics)])),
                          **{k: v for k, v in judge([p.text for p in acro], table, "context", "context").items()},
                          "latency_wall_ms_p50": percentile(wall, 50)}
    result["ceiling"] = ceiling(engine, poems)
    if engine.matching_line is not None:
        result["matching_line"] = matching_line(engine, val)
    examples = [engine.poem(f, seed=s) for f in FORMS for s in (11, 12)]
    examples += [engine.poem("qijue", acrostic=a, seed=13) for a in EXAMPLE_ACROSTICS]
    result["examples"] = [{"form": p.form, "acrostic": p.acrostic, "text": p.text, "pattern": p.start,
                           "rhyme_group": p.rhyme_group,
                           "check": {"rhyme": (c := engine.check_poem(p.text)).rhyme_ok, "tones": c.tones.lines}}
                          for p in examples]
    result["load_average_end"] = os.getloadavg()
    result["minutes"] = round((time.time() - t_start) / 60, 1)
    report(result)
    if args.json:
        write_json(args.json, result)
    return 0


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def report(r: dict) -> None:
    forms = list(FORMS)
    print(f"\n{'中华新韵, ' + str(r['xin'][forms[0]]['poems']) + ' poems a form':42}" + "".join(f"{FORM_NAMES[f]:>10}" for f in forms))
    rows = [("form", "form"), ("rhyme (as the decoder reads)", "rhyme"), ("rhyme (read in context)", "rhyme_read_in_context"),
            ("tonal, strict, read in context", "tonal_in_context"), ("tonal, strict, any reading", "tonal_any_reading"),
            ("distinct-2 over the poems", "distinct2"), ("memorised lines, no guard", "memorised_before_guard"),
            ("memorised lines, guard on", "memorised_after_guard")]
    for block in ("xin", "pingshui"):
        if block not in r:
            continue
        if block == "pingshui":
            print(f"\n{'平水韵, ' + str(r['pingshui'][forms[0]]['poems']) + ' poems a form':42}")
        for name, key in rows:
            vals = [r[block][f][key] for f in forms]
            print(f"  {name:40}" + "".join(f"{(f'{v:.3f}' if key.startswith('distinct') else pct(v)):>10}" for v in vals))
        print(f"  {'one poem, wall p50 / CPU p50 ms':40}" + "".join(
            f"{r[block][f]['latency_wall_ms_p50']:>5.0f}/{r[block][f]['latency_cpu_ms_p50']:<4.0f}" for f in forms))
        print(f"  {'load average during the block':40}" + "".join(f"{r[block][f]['load_average'][1]:>10.1f}" for f in forms))
    print("\nreal held-out Tang poems of each shape (the ceiling)")
    for key in ("poems", "pingshui_rhyme", "pingshui_tonal", "xin_rhyme_in_context", "xin_tonal_in_context", "distinct2"):
        if key in r["ceiling"][forms[0]]:
            vals = [r["ceiling"][f][key] for f in forms]
            fmt = (lambda v: str(v)) if key == "poems" else (lambda v: f"{v:.3f}") if key == "distinct2" else pct
            print(f"  {key:40}" + "".join(f"{fmt(v):>10}" for v in vals))
    a = r["acrostic"]
    print(f"\nacrostic 七绝 ({a['poems']}): success {pct(a['success'])}, rhyme {pct(a['rhyme'])}, tonal {pct(a['tonal'])}")
    m = r.get("matching_line")
    if m is None:
        print("\nmatching line: the pack has no regressor")
        m = {}
    if m:
        print(f"\nmatching line, {m['pairs']:,} held-out couplets   regressor mean  drawn around it  first line's code  prior draw")
        print(f"  mean squared error per dimension {m['mse_regressor']:>14.4f} {m['mse_regressor_drawn']:>16.4f} "
              f"{m['mse_first_line']:>18.4f} {m['mse_prior']:>11.4f}")
        print(f"  Fréchet distance to real 对句     {m['frechet_regressor']:>14.3f} {m['frechet_regressor_drawn']:>16.3f} "
              f"{m['frechet_first_line']:>18.3f} {m['frechet_prior']:>11.3f}")
        print(f"  next_line: right length {pct(m['next_line_right_length'])}, p50 {m['next_line_ms_p50']:.0f} ms; "
              f"the LM reads its lines at {m['next_line_lm_logp_per_char']:.2f} nats a character, the real "
              f"second lines at {m['real_line_lm_logp_per_char']:.2f}")
    print(f"\nheld-out bits per character: {r['heldout']['bits_per_char']:.4f}; load average at start "
          f"{r['load_average_start'][0]:.1f}, at end {r['load_average_end'][0]:.1f}; {r['minutes']} min")
    print("\nexamples")
    for e in r["examples"]:
        print(f"  [{FORM_NAMES[e['form']]}{' 藏头 ' + e['acrostic'] if e['acrostic'] else ''}; rhyme "
              f"{'ok' if e['check']['rhyme'] else 'NO'}; tones {''.join('✓' if x else '✗' for x in e['check']['tones'])}]")
        for row in e["text"].split("\n"):
            print(f"    {row}")


if __name__ == "__main__":
    sys.exit(main())
