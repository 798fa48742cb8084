"""The evaluation report of a pack: one HTML page with PNG plots, and the figures as JSON.

Everything is measured through the exported pack by the app's engine. The sample-quality figures
compare sources of sentences in one feature space, the VAE encoder's posterior means, as FID does
with an image network's features: held-out real sentences against sparks from the GAN, sentences
decoded from the VAE prior N(0, I), and LM samples cut into sentences, the same number of each.
"""

from __future__ import annotations

import csv
import html
import json
import time
from pathlib import Path

import numpy as np

from creagen_desktop.engine.continuation import Continuer
from creagen_desktop.engine.latent import LatentEditor
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.originality import OriginalityGuard
from creagen_desktop.engine.sampling import SPARK_SAMPLING, SamplingConfig
from creagen_desktop.engine.sentences import ends_sentence, split_sentences
from creagen_desktop.engine.sparks import SparkGenerator
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack
from creagen_desktop.pack.format import REPORT_DIR
from training.evaluate import PROMPTS, bits_per_char
from training.metrics.frechet import frechet_with_ci
from training.metrics.memorisation import WINDOW, TrainingWindows
from training.metrics.text_metrics import bleu_against_set, distinct_n, self_bleu
from training.train_vae import cut_sentences
from training.workdir import TRAIN_TXT, WorkDir

TEMPERATURES = (0.5, 0.8, 1.0, 1.2)
SAMPLE_PROMPTS = PROMPTS[:3]
REPORT_HTML, REPORT_JSON, CURVES_PNG, LATENT_MAP_PNG = "report.html", "report.json", "curves.png", "latent_map.png"
LM_CHARS = 300_000  # held-out characters scored for bits per character (the manifest has the full figure)
SOURCES = ("sparks", "prior", "lm")


def _decode_codes(vae: SentenceVAE, z: np.ndarray, rng: np.random.Generator, batch: int = 100) -> list[str]:
    """Lines for codes z [N, Z], decoded as the app writes sparks (SPARK_SAMPLING)."""
    return [d.text for i in range(0, len(z), batch) for d in vae.decode(z[i : i + batch], sampling=SPARK_SAMPLING, rng=rng)]


def lm_sentences(cont: Continuer, n: int, tok: Tokenizer, max_tokens: int, seed: int = 0, batch: int = 16) -> list[str]:
    """n LM sentences at the app's default sampling: passages of 64 tokens begun at a paragraph break
    (batch of them at a time), cut by the engine's splitter; every finished sentence is kept."""
    out: list[str] = []
    for attempt in range(max(1, n)):
        if len(out) >= n:
            break
        cfg = SamplingConfig(n=batch, max_tokens=64, stop_at_sentence_end=False, seed=seed + attempt)
        for passage in cont.suggest("", cfg).candidates:
            spans = split_sentences(passage)
            finished = spans if ends_sentence(passage) else spans[:-1]
            for a, b in finished:
                if 3 <= len(tok.encode(passage[a:b])) <= max_tokens:
                    out.append(passage[a:b])
    return out[:n]


def _curves(work: Path | None, out: Path) -> str | None:
    """One PNG with the training curves of every model the work folder holds."""
    if work is None:
        return None
    panels = [("lm", "elapsed_s", ["train_loss", "val_loss"], "language model (nats/token)"),
              ("vae", "elapsed_s", ["train_rec", "val_rec", "val_kl"], "sentence VAE (nats/sentence)"),
              ("gan", "elapsed_s", ["wasserstein", "val_fd"], "latent GAN (Wasserstein, held-out FD)")]
    found = []
    for name, x, ys, title in panels:
        path = WorkDir(work).run(name).metrics
        if path.exists():
            with path.open(newline="") as f:
                found.append((list(csv.DictReader(f)), x, ys, title))
    if not found:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(found), figsize=(5 * len(found), 3.6), dpi=100, squeeze=False)
    for ax, (rows, x, ys, title) in zip(axes[0], found):
        for y in ys:
            pts = [(float(r[x]) / 60, float(r[y])) for r in rows if r.get(y) not in (None, "")]
            if pts:
                ax.plot(*zip(*pts), label=y, marker="." if len(pts) < 50 else None)
        ax.set_title(title)
        ax.set_xlabel("minutes")
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(out / CURVES_PNG)
    plt.close(fig)
    return CURVES_PNG


def _pca_map(features: dict[str, np.ndarray], out: Path) -> str:
    """Scatter of the first two principal components (fitted on all points) of each source's codes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    allx = np.concatenate(list(features.values())).astype(np.float64)
    centre = allx.mean(axis=0)
    _, _, vt = np.linalg.svd(allx - centre, full_matrices=False)
    fig, ax = plt.subplots(figsize=(6, 5), dpi=100)
    for (name, x), colour in zip(features.items(), ["#333333", "#d95f02", "#1b9e77", "#7570b3"]):
        p = (x - centre) @ vt[:2].T
        ax.scatter(p[:, 0], p[:, 1], s=6, alpha=0.45, label=name, color=colour)
    ax.set_xlabel("PC 1")
    ax.set_ylabel("PC 2")
    ax.set_title("VAE codes (posterior means), PCA")
    ax.legend(markerscale=3)
    fig.tight_layout()
    fig.savefig(out / LATENT_MAP_PNG)
    plt.close(fig)
    return LATENT_MAP_PNG


def report_dir(pack_dir: Path, out: Path | None = None) -> Path:
    """Where a pack's report goes: out, else the report folder beside its manifest."""
    return Path(out) if out is not None else Path(pack_dir) / REPORT_DIR


def build_report(pack_dir: Path, heldout: str, work: Path | None = None, out: Path | None = None,
                 sentences: int = 500, resamples: int = 200, self_bleu_sentences: int = 200, seed: int = 0,
                 lm_chars: int = LM_CHARS, log=print) -> dict:
    """Measure everything, write out/report.html (+ PNGs, report.json) and return the figures."""
    t_start = time.time()
    pack = ModelPack.load(pack_dir)
    out = report_dir(pack_dir, out)
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer.from_pack(pack)
    rng = np.random.default_rng(seed)
    fig: dict = {"pack": pack.name, "kinds": pack.kinds, "sentences_per_source": sentences}
    samples: dict = {}

    cont = Continuer(pack, device="cpu") if "lm" in pack.kinds else None
    if cont is not None:
        t0 = time.time()
        m = bits_per_char(pack, heldout[:lm_chars], lm=cont.lm)
        fig["lm_bits_per_char"] = round(m["bits_per_char"], 4)
        fig["lm_bits_per_char_chars"] = m["chars"]
        fig["lm_manifest_val_bits_per_char"] = pack.manifest.metrics.get("val_bits_per_char")
        samples["lm_temperatures"] = {
            str(t): {p: cont.suggest(p, SamplingConfig(n=2, temperature=t, max_tokens=24, seed=seed)).candidates
                     for p in SAMPLE_PROMPTS} for t in TEMPERATURES}
        log(f"LM: {fig['lm_bits_per_char']} bits/char on {m['chars']:,} held-out characters ({time.time() - t0:.0f}s)")

    if "vae" not in pack.kinds:
        fig["note"] = "the pack has no VAE: no Fréchet distances, diversity or latent figures"
        _write(out, fig, samples, None, None)
        return fig
    from training.metrics.vae_metrics import vae_metrics

    t0 = time.time()
    vae = SentenceVAE(pack, tok, device="cpu")
    fig.update(vae_metrics(pack, heldout, seed=seed))
    log(f"VAE figures ({time.time() - t0:.0f}s)")
    held = [s for s, _ in cut_sentences(heldout, tok, vae.max_tokens, unit=vae.unit)]
    if len(held) < 2 * sentences:
        raise ValueError(f"the held-out text has {len(held)} usable sentences; the report needs {2 * sentences} "
                         f"(two real sets of {sentences}); give more text or --sentences {len(held) // 2}")
    order = rng.permutation(len(held))
    real = [held[i] for i in order[:sentences]]
    real2 = [held[i] for i in order[sentences : 2 * sentences]]

    t0 = time.time()
    texts = {"real": real, "real2": real2}
    # prior codes are written out exactly as sparks are, so the two differ only in where their codes come from
    texts["prior"] = _decode_codes(vae, rng.standard_normal((sentences, vae.latent)).astype(np.float32), rng)
    if "gan" in pack.kinds:
        gen = SparkGenerator(pack, vae, device="cpu")
        texts["sparks"] = _decode_codes(vae, gen.codes(sentences, rng), rng)
    if cont is not None:
        texts["lm"] = lm_sentences(cont, sentences, tok, vae.max_tokens, seed)
    log(f"samples: {', '.join(f'{k} {len(v)}' for k, v in texts.items())} ({time.time() - t0:.0f}s)")

    t0 = time.time()
    feats = {k: vae.encode(v)[0] for k, v in texts.items()}
    fig["fd_real_vs_real"] = frechet_with_ci(feats["real"], feats["real2"], resamples, seed)
    for src in SOURCES:
        if src in feats:
            fig[f"fd_{src}"] = frechet_with_ci(feats["real"], feats[src], resamples, seed)
    log(f"Fréchet distances ({time.time() - t0:.0f}s)")

    t0 = time.time()
    refs = real2[:self_bleu_sentences]
    for src in ("real",) + SOURCES:
        if src not in texts:
            continue
        sub = texts[src][:self_bleu_sentences]
        fig[f"self_bleu_{src}"] = round(self_bleu(sub), 4)
        fig[f"distinct1_{src}"] = round(distinct_n(texts[src], 1), 4)
        fig[f"distinct2_{src}"] = round(distinct_n(texts[src], 2), 4)
        fig[f"bleu_vs_heldout_{src}"] = round(bleu_against_set(sub, refs), 4)
    log(f"diversity ({time.time() - t0:.0f}s)")

    t0 = time.time()
    guard = OriginalityGuard.from_pack(pack, tok) if "fingerprint" in pack.kinds else None
    outputs = {src: texts[src] for src in SOURCES if src in texts}
    editor = LatentEditor(vae)
    outputs["variations"] = [v for i, s in enumerate(real[:40]) for v in editor.variations(s, 5, seed=seed + i)]
    train_txt = WorkDir(work).train if work is not None else None
    if train_txt is not None and train_txt.exists():
        windows = TrainingWindows(tok.encode(train_txt.read_text(encoding="utf-8")))
        fig["memorisation_window_tokens"] = WINDOW
        fig["memorisation_rate"] = {src: round(windows.rate(v, tok), 4) for src, v in outputs.items()}
        fig["memorisation_rate"]["real_heldout"] = round(windows.rate(real, tok), 4)
        if guard is not None:
            kept = {src: [t for t in v if not guard.repeats_training_text(t)] for src, v in outputs.items()}
            fig["memorisation_rate_after_guard"] = {src: round(windows.rate(v, tok), 4) for src, v in kept.items()}
    else:
        fig["memorisation_rate"] = None
        fig["memorisation_note"] = f"give --work (with its {TRAIN_TXT}) for the exact memorisation rate"
    if guard is not None:
        fig["guard_copy_tokens"] = guard.copy_tokens
        fig["guard_drop_rate"] = {src: round(float(np.mean([guard.repeats_training_text(t) for t in v])), 4)
                                  for src, v in outputs.items()}
    log(f"memorisation ({time.time() - t0:.0f}s)")

    samples["sparks"] = texts.get("sparks", [])[:15]
    samples["prior"] = texts["prior"][:15]
    samples["lm"] = texts.get("lm", [])[:15]
    samples["real"] = real[:15]
    samples["variations"] = {s: editor.variations(s, 4, seed=seed) for s in real[:3]}
    pairs = [(real[3], real[4]), (real[5], real[6])]
    samples["blends"] = [editor.blend(a, b, steps=6) for a, b in pairs]
    map_feats = {"real (held-out)": feats["real"], "prior N(0, I)": feats["prior"]}
    if "sparks" in feats:
        map_feats["sparks"] = feats["sparks"]
    plots = {"latent_map": _pca_map(map_feats, out), "curves": _curves(work, out)}
    fig["seconds"] = round(time.time() - t_start, 1)
    _write(out, fig, samples, plots, work)
    return fig


def _fd_text(v) -> str:
    return f"{v['fd']:.3f} [{v['ci_low']:.3f}, {v['ci_high']:.3f}]" if isinstance(v, dict) else "–"


def _write(out: Path, fig: dict, samples: dict, plots: dict | None, work) -> None:
    (out / REPORT_JSON).write_text(json.dumps({"figures": fig, "samples": samples}, indent=2, ensure_ascii=False))
    e = html.escape
    rows = []
    for key, value in fig.items():
        shown = _fd_text(value) if key.startswith("fd_") else (
            ", ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else value)
        rows.append(f"<tr><td>{e(key)}</td><td>{e(str(shown))}</td></tr>")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Creagen report: {e(fig['pack'])}</title>",
             "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}"
             "td{padding:2px 10px;border-bottom:1px solid #eee;vertical-align:top}li{margin:3px 0}"
             "img{max-width:100%}</style></head><body>",
             f"<h1>Evaluation report: {e(fig['pack'])}</h1>",
             "<p>Fréchet distances (FD) compare Gaussians fitted to the VAE encoder's posterior means of held-out "
             "real sentences and of each source's sentences, with a 95% bootstrap interval; "
             "<code>fd_real_vs_real</code> (two disjoint held-out sets) is the floor. Self-BLEU: lower is more "
             "diverse. Memorisation: the share of outputs holding a run of "
             f"{fig.get('memorisation_window_tokens', 8)} or more training tokens verbatim.</p>"]
    src_rows = []
    for src in ("real",) + SOURCES:
        if f"distinct2_{src}" in fig:
            mem = (fig.get("memorisation_rate") or {}).get(src if src != "real" else "real_heldout", "–")
            src_rows.append(f"<tr><td>{src}</td><td>{_fd_text(fig.get(f'fd_{src}', fig.get('fd_real_vs_real') if src == 'real' else None))}"
                            f"</td><td>{fig[f'self_bleu_{src}']}</td><td>{fig[f'distinct1_{src}']}</td>"
                            f"<td>{fig[f'distinct2_{src}']}</td><td>{fig[f'bleu_vs_heldout_{src}']}</td><td>{mem}</td></tr>")
    if src_rows:
        parts.append("<h2>Sources of sentences</h2><table><tr><th>source</th><th>FD [95% CI]</th><th>Self-BLEU</th>"
                     "<th>distinct-1</th><th>distinct-2</th><th>BLEU vs held-out</th><th>memorisation</th></tr>"
                     + "".join(src_rows) + "</table>")
    if plots:
        if plots.get("latent_map"):
            parts.append(f"<h2>Latent map</h2><img src='{plots['latent_map']}' alt='PCA map of latent codes'>")
        if plots.get("curves"):
            parts.append(f"<h2>Training curves</h2><img src='{plots['curves']}' alt='training curves'>")
    parts.append("<h2>All figures</h2><table>" + "".join(rows) + "</table>")

    def listing(title, items):
        if items:
            parts.append(f"<h3>{e(title)}</h3><ul>" + "".join(f"<li>{e(str(i))}</li>" for i in items) + "</ul>")

    parts.append("<h2>Samples</h2>")
    for src in ("sparks", "prior", "lm", "real"):
        listing({"sparks": "Sparks (GAN)", "prior": "Decoded from the prior N(0, I)", "lm": "LM sentences",
                 "real": "Held-out real sentences"}[src], samples.get(src))
    for t, by_prompt in samples.get("lm_temperatures", {}).items():
        listing(f"LM continuations at temperature {t}", [f"{p} …{c}" for p, cs in by_prompt.items() for c in cs])
    for s, vs in samples.get("variations", {}).items():
        listing(f"Variations of “{s}”", vs)
    for i, path in enumerate(samples.get("blends", [])):
        listing(f"Blend {i + 1}", path)
    parts.append("</body></html>")
    (out / REPORT_HTML).write_text("\n".join(parts), encoding="utf-8")
