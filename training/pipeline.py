"""The steps of `creagen-train`, each reading and writing files in a work folder (training.workdir),
so that any step can be rerun alone, and `run_all`, which runs them in order with typed options.

A step that cannot go on raises one of USER_ERRORS with a message for the person at the terminal;
the command line prints it and exits with status 2.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from creagen_desktop.pack import ModelPackError
from training.corpus import CorpusError, read_val_text
from training.corpus import prepare as clean_corpus
from training.couplet_step import couplet  # noqa: F401  (the couplet step, run by name like the others)
from training.couplet_step import export_couplet as _export_couplet
from training.devices import DeviceError
from training.distributed import world
from training.options import (
    AllOptions,
    CorpusOptions,
    ExportOptions,
    GANTrainConfig,
    LMTrainConfig,
    ReportOptions,
    TokenizerOptions,
    VAETrainConfig,
    flag_of,
)
from training.pack import PackError
from training.pack import make_pack as pack  # the pack step
from training.poem_pack import PoemPackError
from training.poetry_corpus import prepare_poetry
from training.steps import StepError, export_checked, need_budget, parity, tokenizer_of
from training.workdir import RUNS, WorkDir, WorkError, write_json


def _adapt_error():
    from training.adapt import AdaptError

    return AdaptError


USER_ERRORS = (StepError, WorkError, PackError, CorpusError, ModelPackError, PoemPackError, DeviceError,
               _adapt_error())


def _token_ids(tok, text: str):
    import numpy as np

    return np.asarray(tok.encode(text), dtype=np.int64)


def prepare(corpus: list[str], work: WorkDir, opts: CorpusOptions):
    """Clean the corpus into the work folder's train/validation text and say where it came from (corpus.json)."""
    if opts.format == "chinese-poetry":
        if opts.val_file:
            raise StepError(f"{flag_of('corpus', 'val_file')} is for text corpora: the poems hold out their own")
        report = prepare_poetry(corpus, work, opts.val_fraction)
        print(report.summary())
        print(f"wrote {work.train}, {work.val} and {work.poems}")
        return report
    report = clean_corpus(corpus, work.root, opts.val_fraction, Path(opts.val_file) if opts.val_file else None)
    validation = (f"file {Path(opts.val_file).name}" if opts.val_file
                  else f"held-out books: {', '.join(report.held_out)}" if report.held_out
                  else f"{opts.val_fraction:.0%} of paragraphs")
    write_json(work.corpus, {"corpus": [Path(c).name for c in corpus], "files": len(report.files),
                             "paragraphs": report.paragraphs_kept, "validation": validation})
    print(report.summary())
    print(f"wrote {work.train} and {work.val}")
    return report


def tokenizer(work: WorkDir, opts: TokenizerOptions) -> None:
    import sentencepiece as spm

    from training.tokenizer import train_tokenizer

    text = work.read(work.train)
    t0 = time.time()
    try:
        path = train_tokenizer(text, work.tokenizer, opts.vocab_size, opts.model_type)
    except ValueError as exc:
        raise StepError(str(exc)) from None
    sp = spm.SentencePieceProcessor(model_file=str(path))
    val = work.read(work.val)
    ids = sp.encode(val)
    ok = sp.decode(ids) == val
    print(f"tokenizer: {sp.vocab_size()} pieces ({opts.model_type}) in {time.time() - t0:.1f}s; "
          f"{len(val) / max(1, len(ids)):.2f} characters per token on validation; round trip {'exact' if ok else 'NOT exact'}")
    if not ok:
        raise StepError("the tokenizer does not reproduce the validation text exactly")



def lm(work: WorkDir, cfg: LMTrainConfig, resume: bool = False) -> dict:
    from training.train_lm import train_lm

    need_budget("lm", cfg)
    tok = tokenizer_of(work)
    train_ids = _token_ids(tok, work.read(work.train))
    val_text = work.read(work.val)
    val_ids = _token_ids(tok, val_text)
    print(f"training a {cfg.layers}-layer {cfg.cell.upper()} ({cfg.hidden} hidden, {cfg.embed} embedding) on "
          f"{len(train_ids):,} tokens; budget {cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    try:
        s = train_lm(train_ids, val_ids, tok.vocab_size, work.run("lm").path, cfg,
                     len(val_text) / max(1, len(val_ids)), resume=resume)
    except ValueError as exc:
        raise StepError(str(exc)) from None
    print(f"done: {s['steps']} steps, {s['tokens']:,} tokens in {s['minutes']} min; "
          f"{s['params']:,} parameters; best validation loss {s['best_val_loss']:.4f} nats/token")
    return s


def vae(work: WorkDir, cfg: VAETrainConfig, resume: bool = False) -> dict:
    from training.models.text_vae import VAEConfig
    from training.train_vae import sentence_tokens, train_vae

    need_budget("vae", cfg)
    tok = tokenizer_of(work)
    t0 = time.time()
    train_seqs = sentence_tokens(work.read(work.train), tok, cfg.max_tokens, unit=cfg.unit)
    val_seqs = sentence_tokens(work.read(work.val), tok, cfg.max_tokens, limit=cfg.eval_sentences, unit=cfg.unit)
    if len(train_seqs) < cfg.batch or not val_seqs:
        raise StepError(f"only {len(train_seqs)} training and {len(val_seqs)} validation sentences of at most "
                        f"{cfg.max_tokens} tokens: the corpus is too small for the VAE")
    sp = tok.sp
    model_cfg = VAEConfig(tok.vocab_size, sp.bos_id(), sp.eos_id(), pad_id=sp.unk_id(), unk_id=sp.unk_id(),
                          embed=cfg.embed, enc_hidden=cfg.enc_hidden, dec_hidden=cfg.dec_hidden, latent=cfg.latent,
                          dropout=cfg.dropout)
    print(f"training a sentence VAE (latent {cfg.latent}, decoder {cfg.dec_hidden}) on {len(train_seqs):,} sentences "
          f"({time.time() - t0:.0f}s to cut); budget {cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    try:
        s = train_vae(train_seqs, val_seqs, model_cfg, work.run("vae").path, cfg, resume=resume)
    except ValueError as exc:
        raise StepError(str(exc)) from None
    f = s["final"]
    print(f"done: {s['steps']} steps in {s['minutes']} min; {s['params']:,} parameters; held-out: reconstruction "
          f"{f['nll_per_token']:.3f} nats/token, KL {f['kl_per_sentence']:.2f} nats/sentence, "
          f"active units {f['active_units']}/{cfg.latent}")
    return s


def gan(work: WorkDir, cfg: GANTrainConfig, resume: bool = False) -> dict:
    """Encode the training sentences with the trained VAE, then train the latent GAN on their codes."""
    from training.train_gan import encode_codes, train_gan
    from training.train_vae import load_best_vae, sentence_tokens

    vae_run = work.run("vae")
    if not vae_run.trained():
        raise StepError(f"{vae_run.best} does not exist: sparks live in the VAE's latent space, train the VAE first")
    need_budget("gan", cfg)
    if cfg.threads:
        import torch

        torch.set_num_threads(cfg.threads)
    tok = tokenizer_of(work)
    vae_model = load_best_vae(vae_run.path)
    vae_options = vae_run.read_summary()["options"] if vae_run.summary.exists() else {}
    max_tokens = vae_options.get("max_tokens", VAETrainConfig.max_tokens)
    unit = vae_options.get("unit", VAETrainConfig.unit)  # the codes of what the VAE was trained on
    t0 = time.time()
    train_seqs = sentence_tokens(work.read(work.train), tok, max_tokens, limit=cfg.max_sentences, unit=unit)
    val_seqs = sentence_tokens(work.read(work.val), tok, max_tokens, limit=cfg.eval_samples, unit=unit)
    train_codes, val_codes = encode_codes(vae_model, train_seqs), encode_codes(vae_model, val_seqs)
    print(f"encoded {len(train_codes):,} training and {len(val_codes):,} held-out sentences with the VAE "
          f"(latent {train_codes.shape[1]}) in {time.time() - t0:.0f}s; training the latent GAN: budget "
          f"{cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    try:
        s = train_gan(train_codes, val_codes, work.run("gan").path, cfg, resume=resume)
    except ValueError as exc:
        raise StepError(str(exc)) from None
    print(f"done: {s['steps']} generator steps in {s['minutes']} min; generator {s['params']:,} parameters; held-out "
          f"Fréchet distance of generated codes {s['best_val_fd']:.3f} (best), N(0, I) {s['prior_val_fd']:.3f}")
    return s


def export(work: WorkDir, opts: ExportOptions, kinds: tuple[str, ...] = RUNS) -> None:
    """Export whichever of `kinds` the work folder holds trained (the LM, the VAE, the GAN), each with
    its parity check."""
    if not any(work.run(k).trained() for k in kinds):
        raise StepError(f"{work.root} holds no trained model (lm/best.pt, vae/best.pt or gan/best.pt); train one first")
    if "lm" in kinds and work.run("lm").trained():
        _export_lm(work, opts.quantize)
    if "vae" in kinds and work.run("vae").trained():
        _export_vae(work)
    if "gan" in kinds and work.run("gan").trained():
        _export_gan(work)
    if work.run("couplet").trained():
        _export_couplet(work)


def _export_lm(work: WorkDir, quantize: bool) -> None:
    from training.export import (
        PARITY_TOLERANCE,
        export_lm,
        parity_check,
        quantize_lm,
        quantized_check,
    )
    from training.train_lm import load_best_lm

    model = load_best_lm(work.run("lm").path)
    path = export_lm(model, work.lm_float)
    diff = parity_check(model, path)
    print(f"export: {path} ; parity with torch: max abs difference {diff:.2e} (limit {PARITY_TOLERANCE:.0e})")
    parity(diff, "model")
    final = work.lm_onnx
    if quantize:
        quantize_lm(path, final)
        sample = _token_ids(tokenizer_of(work), work.read(work.val)[:4000])
        check = quantized_check(path, final, sample, (model.cfg.state_layers, model.cfg.hidden))
        print(f"quantised int8: {final.stat().st_size / 1e6:.1f} MB (float {path.stat().st_size / 1e6:.1f} MB); "
              f"max abs logit difference {check['max_abs_diff']:.3f}, top-1 agreement {check['top1_agreement']:.1%}")
    else:
        final.write_bytes(path.read_bytes())
    write_json(work.lm_export, {"parity_max_abs_diff": diff, "quantized": bool(quantize)})


def _export_vae(work: WorkDir) -> None:
    from training.export import export_vae, vae_parity_check
    from training.train_vae import load_best_vae

    model = load_best_vae(work.run("vae").path)
    paths = export_vae(model, work.root)
    diffs = vae_parity_check(model, paths)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in paths.values())
    print(f"export: {sizes}; parity with torch: " + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items()))
    parity(max(diffs.values()), "VAE")
    write_json(work.vae_export, {"parity_max_abs_diff": diffs})


def _export_gan(work: WorkDir) -> None:
    from training.export import export_gan, vector_parity_check
    from training.train_gan import load_best_gan

    export_checked(load_best_gan(work.run("gan").path), export_gan, vector_parity_check, work.gan_onnx,
                   work.gan_export, "GAN generator")


def _load(pack_dir: Path, text_file: Path):
    from creagen_desktop.pack import ModelPack

    try:
        return ModelPack.load(pack_dir), read_val_text(Path(text_file))
    except OSError as exc:
        raise StepError(f"{exc.filename}: {exc.strerror}") from None


def eval_pack(pack_dir: Path, text_file: Path, as_json: bool = False, samples: bool = False) -> dict:
    """Bits per character of a pack on a text (and its VAE's figures), printed as a table or JSON."""
    from training.evaluate import bits_per_char, sample_continuations

    pack_, text = _load(pack_dir, text_file)
    result = {"pack": pack_.name, "text": str(text_file), **bits_per_char(pack_, text)}
    if samples:
        result["samples"] = sample_continuations(pack_)
    if "vae" in pack_.kinds:
        from training.metrics.vae_metrics import vae_metrics

        try:
            result.update(vae_metrics(pack_, text))
        except ValueError as exc:
            raise StepError(str(exc)) from None
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return result
    print(f"bits_per_char: {result['bits_per_char']:.4f}")
    print(f"characters: {result['chars']}  tokens: {result['tokens']}  nats/token: {result['nats_per_token']:.4f}")
    for key, value in result.items():
        if key.startswith("vae_"):
            print(f"{key}: {value}")
    for prompt, cands in result.get("samples", {}).items():
        print(f"\n{prompt!r}")
        for c in cands:
            print(f"  ...{c}")
    return result


def report(pack_dir: Path, text_file: Path, opts: ReportOptions, work: Path | None = None, out: Path | None = None,
           as_json: bool = False) -> dict:
    """Write the pack's report (report.html with its plots); print the figures (a table, or JSON)."""
    from training.report import REPORT_HTML, REPORT_JSON, build_report, report_dir

    try:
        text = read_val_text(Path(text_file))
        log = (lambda *_: None) if as_json else print
        fig = build_report(Path(pack_dir), text, Path(work) if work else None, Path(out) if out else None,
                           sentences=opts.sentences, resamples=opts.resamples, seed=opts.seed, log=log)
    except ValueError as exc:
        raise StepError(str(exc)) from None
    except OSError as exc:
        raise StepError(f"{exc.filename}: {exc.strerror}") from None
    if as_json:
        print(json.dumps(fig, indent=2, ensure_ascii=False))
        return fig
    print(f"\n{'source':<8} {'FD [95% CI]':<28} {'self-BLEU':>9} {'distinct-2':>10} {'memorised':>9}")
    for src in ("real", "sparks", "prior", "lm"):
        if f"distinct2_{src}" not in fig:
            continue
        fd = fig["fd_real_vs_real"] if src == "real" else fig.get(f"fd_{src}")
        fd_text = f"{fd['fd']:.3f} [{fd['ci_low']:.3f}, {fd['ci_high']:.3f}]" if fd else "-"
        mem = (fig.get("memorisation_rate") or {}).get("real_heldout" if src == "real" else src)
        print(f"{src:<8} {fd_text:<28} {fig[f'self_bleu_{src}']:>9.4f} {fig[f'distinct2_{src}']:>10.4f} "
              f"{'-' if mem is None else f'{mem:.2%}':>9}")
    where = report_dir(pack_dir, out)
    print(f"\nreport written to {where / REPORT_HTML} (figures in {where / REPORT_JSON})")
    return fig


def cache(pack_dir: Path, texts: list[str]) -> None:
    """Choose the document cache's settings on held-out texts and record them in the pack's manifest."""
    from creagen_desktop.pack import ModelPack
    from training.cache_tuning import record, tune

    pack_ = ModelPack.load(pack_dir)
    if pack_.manifest.lm is None:
        raise StepError(f"the model pack {pack_.name} has no language model, so no document cache")
    try:
        named = {Path(t).name: read_val_text(Path(t)) for t in texts}
    except OSError as exc:
        raise StepError(f"{exc.filename}: {exc.strerror}") from None
    section = tune(pack_, named)
    record(pack_dir, section)
    t = section.tuned
    print(f"document cache: order {section.order}, {section.tokens:,} tokens; {t['bits_per_char_without']:.4f} -> "
          f"{t['bits_per_char_with']:.4f} bits per character on {t['chars']:,} characters; written to "
          f"{pack_.name}'s manifest (lm.cache)")


def default_work(out: Path) -> WorkDir:
    """`all`'s work folder when none is given: beside the pack, <out>-work."""
    out = Path(out)
    return WorkDir(out.parent / (out.name + "-work"))


def run_all(corpus: list[str], out: Path, opts: AllOptions, work: WorkDir | None = None, resume: bool = False) -> None:
    """prepare, tokenizer, lm, vae, gan and couplet (when given a budget), export and pack, in one work folder.

    Under torchrun the models train on every rank; rank 0 alone prepares, trains the tokenizer,
    exports and packs while the others wait (so on several nodes the work folder must be one that
    every node sees)."""
    need_budget("lm", opts.lm)
    for kind in ("vae", "gan", "couplet"):
        cfg = getattr(opts, kind)
        if cfg.max_minutes or cfg.max_steps:
            need_budget(kind, cfg)
    work = work or default_work(out)
    w = world()
    t0 = time.time()
    print(f"== prepare ({', '.join(corpus)})")
    w.on_main(prepare, corpus, work, opts.corpus)
    print("== tokenizer")
    w.on_main(tokenizer, work, opts.tokenizer)
    print("== language model")
    lm(work, opts.lm, resume)
    if opts.vae.max_minutes or opts.vae.max_steps:
        print("== sentence VAE")
        vae(work, opts.vae, resume)
    else:
        print(f"== sentence VAE: skipped (give {flag_of('vae', 'max_minutes')} or {flag_of('vae', 'max_steps')} "
              "to train one)")
    if (opts.gan.max_minutes or opts.gan.max_steps) and w.share(work.run("vae").trained()):
        print("== latent GAN (sparks)")
        gan(work, opts.gan, resume)
    else:
        print(f"== latent GAN: skipped (give {flag_of('gan', 'max_minutes')} or {flag_of('gan', 'max_steps')}, "
              "with a VAE, to train one)")
    if (opts.couplet.max_minutes or opts.couplet.max_steps) and w.share(work.run("vae").trained()):
        print("== matching-line regressor")
        couplet(work, opts.couplet, resume)
    print("== export")
    w.on_main(export, work, opts.export)
    print("== pack")
    w.on_main(pack, work, out, opts.pack)
    print(f"== all done in {(time.time() - t0) / 60:.1f} min")
