"""`creagen-train`: prepare a corpus, train the tokenizer and the LM, export, evaluate, pack.

Every step reads and writes files in a work folder, so steps can be rerun one at a time:

    creagen-train prepare CORPUS... --work W      -> W/train.txt, W/val.txt
    creagen-train tokenizer --work W              -> W/tokenizer.model
    creagen-train lm --work W --max-minutes N     -> W/lm/best.pt, metrics.csv, loss.png
    creagen-train vae --work W --vae-minutes N     -> W/vae/best.pt, metrics.csv, loss.png
    creagen-train gan --work W --gan-minutes N     -> W/gan/best.pt, metrics.csv, loss.png
    creagen-train export --work W [--quantize]    -> W/lm.onnx, W/vae_*.onnx, W/gan_generator.onnx
    creagen-train pack --work W --out PACK [--base OLD]  -> PACK/manifest.json ... (+ fingerprint.bin)
    creagen-train eval PACK --text FILE [--json]
    creagen-train report PACK --text FILE [--work W] [--json]  -> PACK/report/report.html
    creagen-train all --corpus PATH --out PACK --max-minutes N [--vae-minutes M] [--gan-minutes G] [--val-file FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

TRAIN_TXT, VAL_TXT, TOKENIZER = "train.txt", "val.txt", "tokenizer.model"
FINGERPRINT_FILE = "fingerprint.bin"
PROMPTS = [
    "It was a dark and",
    "She opened the door and",
    "The old man looked at",
    "In the morning, the village",
    "\"I do not know,\" said",
]


def _fail(msg: str) -> None:
    print(f"creagen-train: {msg}", file=sys.stderr)
    raise SystemExit(2)


def cmd_prepare(args):
    from training.corpus import CorpusError, prepare

    try:
        report = prepare(args.corpus, Path(args.work), args.val_fraction, Path(args.val_file) if args.val_file else None)
    except CorpusError as exc:
        _fail(str(exc))
    print(report.summary())
    print(f"wrote {args.work}/{TRAIN_TXT} and {args.work}/{VAL_TXT}")
    return report


def cmd_tokenizer(args) -> None:
    from training.tokenizer import train_tokenizer

    work = Path(args.work)
    text = _read(work / TRAIN_TXT)
    t0 = time.time()
    try:
        path = train_tokenizer(text, work / TOKENIZER, args.vocab_size, args.model_type)
    except ValueError as exc:
        _fail(str(exc))
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(path))
    val = _read(work / VAL_TXT)
    ids = sp.encode(val)
    ok = sp.decode(ids) == val
    print(f"tokenizer: {sp.vocab_size()} pieces ({args.model_type}) in {time.time() - t0:.1f}s; "
          f"{len(val) / max(1, len(ids)):.2f} characters per token on validation; round trip {'exact' if ok else 'NOT exact'}")
    if not ok:
        _fail("the tokenizer does not reproduce the validation text exactly")


def _read(path: Path) -> str:
    if not path.exists():
        _fail(f"{path} does not exist; run the earlier step first")
    return path.read_text(encoding="utf-8")


def _lm_config(args):
    from training.train_lm import LMTrainConfig

    return LMTrainConfig(
        cell=args.cell, embed=args.embed, hidden=args.hidden, layers=args.layers, dropout=args.dropout,
        tie=not args.no_tie, optimizer=args.optimizer, lr=args.lr, weight_decay=args.weight_decay,
        clip=args.clip, batch=args.batch, bptt=args.bptt, max_minutes=args.max_minutes, max_steps=args.max_steps,
        eval_every_s=args.eval_every, seed=args.seed, threads=args.threads,
    )


def _token_ids(tok, text: str):
    import numpy as np

    return np.asarray(tok.encode(text), dtype=np.int64)


def cmd_lm(args) -> None:
    from creagen_desktop.engine.tokenizer import Tokenizer
    from training.train_lm import train_lm

    work = Path(args.work)
    tok = Tokenizer(work / TOKENIZER)
    train_ids = _token_ids(tok, _read(work / TRAIN_TXT))
    val_text = _read(work / VAL_TXT)
    val_ids = _token_ids(tok, val_text)
    cfg = _lm_config(args)
    print(f"training a {cfg.layers}-layer {cfg.cell.upper()} ({cfg.hidden} hidden, {cfg.embed} embedding) on "
          f"{len(train_ids):,} tokens; budget {cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    summary = train_lm(train_ids, val_ids, tok.vocab_size, work / "lm", cfg, len(val_text) / max(1, len(val_ids)), resume=args.resume)
    print(f"done: {summary['steps']} steps, {summary['tokens']:,} tokens in {summary['minutes']} min; "
          f"{summary['params']:,} parameters; best validation loss {summary['best_val_loss']:.4f} nats/token")


def _vae_config(args):
    from training.train_vae import VAETrainConfig

    return VAETrainConfig(
        embed=args.vae_embed, enc_hidden=args.vae_enc_hidden, dec_hidden=args.vae_dec_hidden, latent=args.latent,
        word_dropout=args.word_dropout, free_bits=args.free_bits, kl_schedule=args.kl_schedule, kl_cycles=args.kl_cycles,
        lr=args.vae_lr, batch=args.vae_batch, max_tokens=args.max_sentence_tokens, max_minutes=args.vae_minutes,
        max_steps=args.vae_steps, eval_every_s=args.eval_every, seed=args.seed, threads=args.threads,
    )


def cmd_vae(args) -> None:
    from creagen_desktop.engine.tokenizer import Tokenizer
    from training.models.text_vae import VAEConfig
    from training.train_vae import sentence_tokens, train_vae

    work = Path(args.work)
    tok = Tokenizer(work / TOKENIZER)
    cfg = _vae_config(args)
    t0 = time.time()
    train_seqs = sentence_tokens(_read(work / TRAIN_TXT), tok, cfg.max_tokens)
    val_seqs = sentence_tokens(_read(work / VAL_TXT), tok, cfg.max_tokens, limit=cfg.eval_sentences)
    if len(train_seqs) < cfg.batch or not val_seqs:
        _fail(f"only {len(train_seqs)} training and {len(val_seqs)} validation sentences of at most "
              f"{cfg.max_tokens} tokens: the corpus is too small for the VAE")
    sp = tok.sp
    model_cfg = VAEConfig(tok.vocab_size, sp.bos_id(), sp.eos_id(), pad_id=sp.unk_id(), unk_id=sp.unk_id(),
                          embed=cfg.embed, enc_hidden=cfg.enc_hidden, dec_hidden=cfg.dec_hidden, latent=cfg.latent,
                          dropout=cfg.dropout)
    print(f"training a sentence VAE (latent {cfg.latent}, decoder {cfg.dec_hidden}) on {len(train_seqs):,} sentences "
          f"({time.time() - t0:.0f}s to cut); budget {cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    s = train_vae(train_seqs, val_seqs, model_cfg, work / "vae", cfg, resume=args.resume)
    f = s["final"]
    print(f"done: {s['steps']} steps in {s['minutes']} min; {s['params']:,} parameters; held-out: reconstruction "
          f"{f['nll_per_token']:.3f} nats/token, KL {f['kl_per_sentence']:.2f} nats/sentence, "
          f"active units {f['active_units']}/{cfg.latent}")


def _gan_config(args):
    from training.train_gan import GANTrainConfig

    return GANTrainConfig(noise_dim=args.noise_dim, hidden=args.gan_hidden, lr=args.gan_lr, critic_steps=args.critic_steps,
                          gp_weight=args.gp_weight, batch=args.gan_batch, max_minutes=args.gan_minutes,
                          max_steps=args.gan_steps, eval_every_s=args.gan_eval_every, seed=args.seed, threads=args.threads)


def cmd_gan(args) -> None:
    """Encode the training sentences with the trained VAE, then train the latent GAN on their codes."""
    from creagen_desktop.engine.tokenizer import Tokenizer
    from training.train_gan import encode_codes, train_gan
    from training.train_vae import load_best_vae, sentence_tokens

    work = Path(args.work)
    if not (work / "vae" / "best.pt").exists():
        _fail(f"{work / 'vae' / 'best.pt'} does not exist: sparks live in the VAE's latent space, train the VAE first")
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    tok = Tokenizer(work / TOKENIZER)
    vae = load_best_vae(work / "vae")
    summary_path = work / "vae" / "train_summary.json"
    max_tokens = json.loads(summary_path.read_text())["train_config"]["max_tokens"] if summary_path.exists() else 48
    cfg = _gan_config(args)
    t0 = time.time()
    train_seqs = sentence_tokens(_read(work / TRAIN_TXT), tok, max_tokens, limit=args.gan_sentences)
    val_seqs = sentence_tokens(_read(work / VAL_TXT), tok, max_tokens, limit=cfg.eval_samples)
    train_codes, val_codes = encode_codes(vae, train_seqs), encode_codes(vae, val_seqs)
    print(f"encoded {len(train_codes):,} training and {len(val_codes):,} held-out sentences with the VAE "
          f"(latent {train_codes.shape[1]}) in {time.time() - t0:.0f}s; training the latent GAN: budget "
          f"{cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    try:
        s = train_gan(train_codes, val_codes, work / "gan", cfg, resume=args.resume)
    except ValueError as exc:
        _fail(str(exc))
    print(f"done: {s['steps']} generator steps in {s['minutes']} min; generator {s['params']:,} parameters; held-out "
          f"Fréchet distance of generated codes {s['best_val_fd']:.3f} (best), N(0, I) {s['prior_val_fd']:.3f}")


def cmd_export(args) -> None:
    """Export whichever models the work folder holds (the LM, the VAE, the GAN), each with its parity check."""
    work = Path(args.work)
    if not any((work / k / "best.pt").exists() for k in ("lm", "vae", "gan")):
        _fail(f"{work} holds no trained model (lm/best.pt, vae/best.pt or gan/best.pt); train one first")
    if (work / "lm" / "best.pt").exists():
        _export_lm(work, args.quantize)
    if (work / "vae" / "best.pt").exists():
        _export_vae(work)
    if (work / "gan" / "best.pt").exists():
        _export_gan(work)


def _export_lm(work: Path, quantize: bool) -> None:
    from training.export import (
        PARITY_TOLERANCE,
        export_lm,
        parity_check,
        quantize_lm,
        quantized_check,
    )
    from training.train_lm import load_best

    model = load_best(work / "lm")
    path = export_lm(model, work / "lm_float.onnx")
    diff = parity_check(model, path)
    print(f"export: {path} ; parity with torch: max abs difference {diff:.2e} (limit {PARITY_TOLERANCE:.0e})")
    if diff > PARITY_TOLERANCE:
        _fail("the exported model does not match torch; not using it")
    final = work / "lm.onnx"
    if quantize:
        from creagen_desktop.engine.tokenizer import Tokenizer

        quantize_lm(path, final)
        sample = _token_ids(Tokenizer(work / TOKENIZER), _read(work / VAL_TXT)[:4000])
        check = quantized_check(path, final, sample, (model.cfg.state_layers, model.cfg.hidden))
        print(f"quantised int8: {final.stat().st_size / 1e6:.1f} MB (float {path.stat().st_size / 1e6:.1f} MB); "
              f"max abs logit difference {check['max_abs_diff']:.3f}, top-1 agreement {check['top1_agreement']:.1%}")
    else:
        final.write_bytes(path.read_bytes())
    meta = {"parity_max_abs_diff": diff, "quantized": bool(quantize)}
    (work / "export.json").write_text(json.dumps(meta))


def _export_vae(work: Path) -> None:
    from training.export import PARITY_TOLERANCE, export_vae, vae_parity_check
    from training.train_vae import load_best_vae

    model = load_best_vae(work / "vae")
    paths = export_vae(model, work)
    diffs = vae_parity_check(model, paths)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in paths.values())
    print(f"export: {sizes}; parity with torch: " + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items()))
    if max(diffs.values()) > PARITY_TOLERANCE:
        _fail("the exported VAE does not match torch; not using it")
    (work / "vae_export.json").write_text(json.dumps({"parity_max_abs_diff": diffs}))


def _export_gan(work: Path) -> None:
    from training.export import GAN_FILE, PARITY_TOLERANCE, export_gan, gan_parity_check
    from training.train_gan import load_best_gan

    gen = load_best_gan(work / "gan")
    path = export_gan(gen, work / GAN_FILE)
    diff = gan_parity_check(gen, path)
    print(f"export: {path.name} {path.stat().st_size / 1e6:.2f} MB; parity with torch: {diff:.2e}")
    if diff > PARITY_TOLERANCE:
        _fail("the exported GAN generator does not match torch; not using it")
    (work / "gan_export.json").write_text(json.dumps({"parity_max_abs_diff": diff}))


def _lm_section(work: Path) -> tuple[dict, dict]:
    """The LM's manifest section and the training summary, from the work folder."""
    from training.pack import LM_IO

    ck = json.loads((work / "lm" / "train_summary.json").read_text())
    export = json.loads((work / "export.json").read_text())
    mc = ck["model_config"]
    corpus = json.loads((work / "corpus.json").read_text()) if (work / "corpus.json").exists() else {}
    info = {
        "file": "lm.onnx", **LM_IO,
        "arch": mc["cell"], "layers": mc["layers"], "hidden": mc["hidden"], "embed": mc["embed"],
        "state_layers": mc["layers"] * (2 if mc["cell"] == "lstm" else 1), "params": ck["params"],
        "quantized": export["quantized"], "parity_max_abs_diff": export["parity_max_abs_diff"],
    }
    training = {**corpus, "train_chars": len(_read(work / TRAIN_TXT)), "minutes": ck["minutes"], "steps": ck["steps"],
                "tokens_seen": ck["tokens"], "hyperparameters": {**mc, **ck.get("train_config", {})}}
    return info, training


def _vae_section(work: Path) -> dict:
    from training.export import VAE_FILES
    from training.pack import VAE_IO

    ck = json.loads((work / "vae" / "train_summary.json").read_text())
    export = json.loads((work / "vae_export.json").read_text())
    mc, tc = ck["model_config"], ck["train_config"]
    return {
        "files": VAE_FILES, "io": VAE_IO, "arch": "bigru-encoder, gru-decoder", "latent": mc["latent"],
        "embed": mc["embed"], "enc_hidden": mc["enc_hidden"], "dec_hidden": mc["dec_hidden"],
        "bos_id": mc["bos_id"], "eos_id": mc["eos_id"], "max_tokens": tc["max_tokens"], "params": ck["params"],
        "parity_max_abs_diff": export["parity_max_abs_diff"],
        "training": {"minutes": ck["minutes"], "steps": ck["steps"], "sentences_seen": ck["sentences_seen"],
                     "train_sentences": ck["train_sentences"], "hyperparameters": tc},
    }


def _gan_section(work: Path) -> dict:
    from training.export import GAN_FILE

    ck = json.loads((work / "gan" / "train_summary.json").read_text())
    export = json.loads((work / "gan_export.json").read_text())
    mc = ck["model_config"]
    return {
        "files": {"generator": GAN_FILE}, "io": "noise float32 [batch, noise_dim] -> z float32 [batch, latent]",
        "arch": "mlp generator, WGAN-GP", "noise_dim": mc["noise_dim"], "latent": mc["latent"], "hidden": mc["hidden"],
        "layers": mc["layers"], "params": ck["params"], "parity_max_abs_diff": export["parity_max_abs_diff"],
        "training": {"minutes": ck["minutes"], "steps": ck["steps"], "train_codes": ck["train_codes"],
                     "best_val_fd": ck["best_val_fd"], "prior_val_fd": ck["prior_val_fd"],
                     "hyperparameters": ck["train_config"]},
    }


def _fingerprint(work: Path, staged: Path, n_bytes: int) -> dict:
    """Build fingerprint.bin from the work folder's training text; returns its manifest section."""
    import numpy as np

    from creagen_desktop.engine.originality import Fingerprint
    from creagen_desktop.engine.tokenizer import Tokenizer

    t0 = time.time()
    ids = np.asarray(Tokenizer(work / TOKENIZER).encode(_read(work / TRAIN_TXT)), dtype=np.int64)
    # more than 2 bytes (16 bits) a window buys almost nothing: the false-positive rate is already ~1e-3
    fp, info = Fingerprint.build(ids, min(n_bytes, 2 * max(1, len(ids))))
    fp.save(staged / FINGERPRINT_FILE)
    print(f"fingerprint: {info.windows:,} distinct {info.window}-token windows of {len(ids):,} training tokens "
          f"in {info.bits // 8 / 1e6:.2f} MB ({info.hashes} hash(es), fill {info.fill:.2f}, false positives "
          f"{info.window_false_positive_rate:.3g} a window); a copy is a run of {info.copy_tokens} tokens "
          f"({time.time() - t0:.0f}s)")
    return replace(info, file=FINGERPRINT_FILE, source=TRAIN_TXT)


def _kept_from(base, kind: str) -> dict:
    """A model of the --base pack, carried over as it is: its files and its manifest section."""
    return {"files": {f: base.file(f) for f in base.manifest.files_of(kind)}, "info": base.manifest.section(kind)}


def cmd_pack(args) -> None:
    """Write a pack from the work folder's exported models; with --base, keep that pack's other models."""
    from creagen_desktop.pack import ModelPack, ModelPackError, sha256_of
    from training.evaluate import bits_per_char
    from training.export import VAE_FILES
    from training.pack import write_pack

    work, out = Path(args.work), Path(args.out)
    models, training, metrics = {}, {}, {}
    base = None
    if args.base:
        try:
            base = ModelPack.load(args.base)
        except ModelPackError as exc:
            _fail(str(exc))
        if sha256_of(base.tokenizer_path) != sha256_of(work / TOKENIZER):
            _fail(f"{work / TOKENIZER} is not the tokenizer of {args.base}: every model of a pack must share one")
    if (work / "lm.onnx").exists():
        info, training = _lm_section(work)
        models["lm"] = {"files": {"lm.onnx": work / "lm.onnx"}, "info": info}
    elif base is not None and "lm" in base.kinds:
        models["lm"] = _kept_from(base, "lm")
        training = base.manifest.training
        metrics = {k: v for k, v in base.manifest.metrics.items() if not k.startswith("vae_")}
    if (work / "vae_export.json").exists():
        models["vae"] = {"files": {f: work / f for f in VAE_FILES.values()}, "info": _vae_section(work)}
    elif base is not None and "vae" in base.kinds:
        models["vae"] = _kept_from(base, "vae")
        metrics.update({k: v for k, v in base.manifest.metrics.items() if k.startswith("vae_")})
    if (work / "gan_export.json").exists():
        from training.export import GAN_FILE

        models["gan"] = {"files": {GAN_FILE: work / GAN_FILE}, "info": _gan_section(work)}
    elif base is not None and "gan" in base.kinds:
        models["gan"] = _kept_from(base, "gan")
    if not models:
        _fail(f"nothing to pack: {work} has no exported model (run export) and no --base pack was given")
    staged = out.with_name(out.name + ".new")
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir(parents=True)
    if (work / TRAIN_TXT).exists() and args.fingerprint_bytes > 0:
        models["fingerprint"] = {"files": {FINGERPRINT_FILE: staged / FINGERPRINT_FILE},
                                 "info": _fingerprint(work, staged, args.fingerprint_bytes)}
    elif base is not None and "fingerprint" in base.kinds and args.fingerprint_bytes > 0:
        models["fingerprint"] = _kept_from(base, "fingerprint")
    write_pack(staged, args.name, work / TOKENIZER, models, training, metrics, args.language, args.description)
    pack = ModelPack.load(staged)
    val = _read(work / VAL_TXT)
    if "lm" in models and (work / "lm.onnx").exists():
        t0 = time.time()
        m = bits_per_char(pack, val)
        print(f"validation: {m['bits_per_char']:.4f} bits per character over {m['chars']:,} characters "
              f"({time.time() - t0:.0f}s through onnxruntime)")
        metrics.update({"val_bits_per_char": round(m["bits_per_char"], 4), "val_chars": m["chars"],
                        "val_nats_per_token": round(m["nats_per_token"], 4)})
    if "vae" in models and (work / "vae_export.json").exists():
        from training.metrics.vae_metrics import vae_metrics

        t0 = time.time()
        try:
            vm = vae_metrics(pack, val)
        except ValueError as exc:
            print(f"note: no VAE figures in the manifest: {exc}")
        else:
            print(f"VAE on {vm['vae_sentences']} held-out sentences ({time.time() - t0:.0f}s through onnxruntime):")
            for k, v in vm.items():
                print(f"  {k}: {v}")
            metrics.update(vm)
    in_place = {k: {"files": {f: staged / f for f in v["files"]}, "info": v["info"]} for k, v in models.items()}
    write_pack(staged, args.name, staged / TOKENIZER, in_place, training, metrics, args.language, args.description)
    # replace the old pack only once the new one is complete
    if out.exists():
        old = out.with_name(out.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        staged.rename(out)
        shutil.rmtree(old)
    else:
        staged.rename(out)
    print(f"pack written to {out} ({sum(f.stat().st_size for f in out.iterdir()) / 1e6:.1f} MB; kinds {', '.join(models)})")


def cmd_eval(args) -> None:
    from creagen_desktop.pack import ModelPack, ModelPackError
    from training.corpus import CorpusError, read_val_text
    from training.evaluate import bits_per_char, sample_continuations

    try:
        pack = ModelPack.load(args.pack)
        text = read_val_text(Path(args.text))
    except (ModelPackError, CorpusError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{args.text}: {exc.strerror}")
    result = {"pack": pack.name, "text": str(args.text), **bits_per_char(pack, text)}
    if args.samples:
        result["samples"] = sample_continuations(pack, PROMPTS)
    if "vae" in pack.kinds:
        from training.metrics.vae_metrics import vae_metrics

        try:
            result.update(vae_metrics(pack, text))
        except ValueError as exc:
            _fail(str(exc))
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"bits_per_char: {result['bits_per_char']:.4f}")
    print(f"characters: {result['chars']}  tokens: {result['tokens']}  nats/token: {result['nats_per_token']:.4f}")
    for key, value in result.items():
        if key.startswith("vae_"):
            print(f"{key}: {value}")
    for prompt, cands in result.get("samples", {}).items():
        print(f"\n{prompt!r}")
        for c in cands:
            print(f"  ...{c}")


def cmd_report(args) -> None:
    """Write PACK/report/report.html (or --out) with its plots; print the figures (a table, or --json)."""
    from creagen_desktop.pack import ModelPackError
    from training.corpus import CorpusError, read_val_text
    from training.report import build_report

    try:
        text = read_val_text(Path(args.text))
        log = (lambda *_: None) if args.json else print
        fig = build_report(Path(args.pack), text, Path(args.work) if args.work else None,
                           Path(args.out) if args.out else None, sentences=args.sentences, resamples=args.resamples,
                           seed=args.seed, log=log)
    except (ModelPackError, CorpusError, ValueError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename}: {exc.strerror}")
    out = Path(args.out) if args.out else Path(args.pack) / "report"
    if args.json:
        print(json.dumps(fig, indent=2, ensure_ascii=False))
        return
    print(f"\n{'source':<8} {'FD [95% CI]':<28} {'self-BLEU':>9} {'distinct-2':>10} {'memorised':>9}")
    for src in ("real", "sparks", "prior", "lm"):
        if f"distinct2_{src}" not in fig:
            continue
        fd = fig["fd_real_vs_real"] if src == "real" else fig.get(f"fd_{src}")
        fd_text = f"{fd['fd']:.3f} [{fd['ci_low']:.3f}, {fd['ci_high']:.3f}]" if fd else "-"
        mem = (fig.get("memorisation_rate") or {}).get("real_heldout" if src == "real" else src)
        print(f"{src:<8} {fd_text:<28} {fig[f'self_bleu_{src}']:>9.4f} {fig[f'distinct2_{src}']:>10.4f} "
              f"{'-' if mem is None else f'{mem:.2%}':>9}")
    print(f"\nreport written to {out / 'report.html'} (figures in {out / 'report.json'})")


def cmd_all(args) -> None:
    work = Path(args.work or (Path(args.out).parent / (Path(args.out).name + "-work")))
    args.work = str(work)
    t0 = time.time()
    print(f"== prepare ({', '.join(args.corpus)})")
    report = cmd_prepare(args)
    corpus = {
        "corpus": [Path(c).name for c in args.corpus],
        "files": len(report.files),
        "paragraphs": report.paragraphs_kept,
        "validation": (f"file {Path(args.val_file).name}" if args.val_file
                       else f"held-out books: {', '.join(report.held_out)}" if report.held_out
                       else f"{args.val_fraction:.0%} of paragraphs"),
    }
    (work / "corpus.json").write_text(json.dumps(corpus))
    print("== tokenizer")
    cmd_tokenizer(args)
    print("== language model")
    cmd_lm(args)
    if args.vae_minutes or args.vae_steps:
        print("== sentence VAE")
        cmd_vae(args)
    else:
        print("== sentence VAE: skipped (give --vae-minutes or --vae-steps to train one)")
    if (args.gan_minutes or args.gan_steps) and (work / "vae" / "best.pt").exists():
        print("== latent GAN (sparks)")
        cmd_gan(args)
    else:
        print("== latent GAN: skipped (give --gan-minutes or --gan-steps, with a VAE, to train one)")
    print("== export")
    cmd_export(args)
    print("== pack")
    cmd_pack(args)
    print(f"== all done in {(time.time() - t0) / 60:.1f} min")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen-train", description="Train Creagen's models and write model packs.")
    sub = p.add_subparsers(dest="command", required=True)

    def corpus_opts(sp, positional=True):
        if positional:
            sp.add_argument("corpus", nargs="+", help=".txt/.md files or folders")
        sp.add_argument("--val-fraction", type=float, default=0.05, help="share of paragraphs held out (default 0.05)")
        sp.add_argument("--val-file", help="validate on this text instead of a split of the corpus")

    def work_opt(sp, required=True):
        sp.add_argument("--work", required=required, help="work folder for intermediate files")

    def tok_opts(sp):
        sp.add_argument("--vocab-size", type=int, default=8000)
        sp.add_argument("--model-type", choices=["unigram", "bpe"], default="unigram")

    def lm_opts(sp):
        sp.add_argument("--cell", choices=["gru", "lstm"], default="gru")
        sp.add_argument("--embed", type=int, default=256)
        sp.add_argument("--hidden", type=int, default=512)
        sp.add_argument("--layers", type=int, default=2)
        sp.add_argument("--dropout", type=float, default=0.2)
        sp.add_argument("--no-tie", action="store_true", help="separate output weights instead of tied embeddings")
        sp.add_argument("--optimizer", choices=["sgd", "adam", "adamw"], default="adamw")
        sp.add_argument("--lr", type=float, default=3e-3)
        sp.add_argument("--weight-decay", type=float, default=0.01)
        sp.add_argument("--clip", type=float, default=0.5)
        sp.add_argument("--batch", type=int, default=32)
        sp.add_argument("--bptt", type=int, default=64, help="tokens per truncated back-propagation window")
        sp.add_argument("--max-minutes", type=float, default=None)
        sp.add_argument("--max-steps", type=int, default=None)
        run_opts(sp)

    def run_opts(sp, eval_every: bool = True):
        """What every training run takes; `all` gets them once, through lm_opts."""
        if eval_every:
            sp.add_argument("--eval-every", type=float, default=120.0, help="seconds between validations")
        sp.add_argument("--seed", type=int, default=1337)
        sp.add_argument("--threads", type=int, default=None)
        sp.add_argument("--resume", action="store_true", help="continue from the work folder's checkpoint")

    def vae_opts(sp):
        sp.add_argument("--latent", type=int, default=32, help="latent dimensions")
        sp.add_argument("--vae-embed", type=int, default=96)
        sp.add_argument("--vae-enc-hidden", type=int, default=192)
        sp.add_argument("--vae-dec-hidden", type=int, default=384)
        sp.add_argument("--word-dropout", type=float, default=0.3)
        sp.add_argument("--free-bits", type=float, default=0.5, help="KL floor per latent dimension (nats)")
        sp.add_argument("--kl-schedule", choices=["cyclical", "linear", "constant"], default="cyclical")
        sp.add_argument("--kl-cycles", type=int, default=3)
        sp.add_argument("--vae-lr", type=float, default=2e-3)
        sp.add_argument("--vae-batch", type=int, default=64)
        sp.add_argument("--max-sentence-tokens", type=int, default=48)
        sp.add_argument("--vae-minutes", type=float, default=None)
        sp.add_argument("--vae-steps", type=int, default=None)

    def gan_opts(sp):
        sp.add_argument("--noise-dim", type=int, default=64)
        sp.add_argument("--gan-hidden", type=int, default=256)
        sp.add_argument("--gan-lr", type=float, default=1e-4)
        sp.add_argument("--critic-steps", type=int, default=5, help="critic updates per generator update")
        sp.add_argument("--gp-weight", type=float, default=10.0, help="gradient penalty weight")
        sp.add_argument("--gan-batch", type=int, default=256)
        sp.add_argument("--gan-sentences", type=int, default=None, help="encode at most this many training sentences")
        sp.add_argument("--gan-eval-every", type=float, default=60.0, help="seconds between held-out Fréchet distances")
        sp.add_argument("--gan-minutes", type=float, default=None)
        sp.add_argument("--gan-steps", type=int, default=None)

    def pack_opts(sp):
        sp.add_argument("--name", default="en-fiction")
        sp.add_argument("--language", default="en")
        sp.add_argument("--description", default="")
        sp.add_argument("--fingerprint-bytes", type=int, default=6_000_000,
                        help="size of the training-text fingerprint (originality guard); 0 leaves it out")

    s = sub.add_parser("prepare", help="clean a corpus into train/validation text")
    corpus_opts(s)
    work_opt(s)
    s.set_defaults(func=cmd_prepare)

    s = sub.add_parser("tokenizer", help="train the sentencepiece tokenizer")
    work_opt(s)
    tok_opts(s)
    s.set_defaults(func=cmd_tokenizer)

    s = sub.add_parser("lm", help="train the recurrent language model")
    work_opt(s)
    lm_opts(s)
    s.set_defaults(func=cmd_lm)

    s = sub.add_parser("vae", help="train the sentence VAE (variations and blends)")
    work_opt(s)
    vae_opts(s)
    run_opts(s)
    s.set_defaults(func=cmd_vae)

    s = sub.add_parser("gan", help="train the latent GAN (sparks) on the VAE's codes")
    work_opt(s)
    gan_opts(s)
    run_opts(s, eval_every=False)
    s.set_defaults(func=cmd_gan)

    s = sub.add_parser("export", help="export the trained models to ONNX with parity checks")
    work_opt(s)
    s.add_argument("--quantize", action="store_true", help="int8 dynamic quantisation")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("pack", help="write a model pack folder")
    work_opt(s)
    s.add_argument("--out", required=True)
    s.add_argument("--base", help="an existing pack whose models are kept where the work folder has none")
    pack_opts(s)
    s.set_defaults(func=cmd_pack)

    s = sub.add_parser("eval", help="bits per character of a pack on a text file")
    s.add_argument("pack")
    s.add_argument("--text", required=True)
    s.add_argument("--json", action="store_true")
    s.add_argument("--samples", action="store_true", help="also print sample continuations")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("report", help="the evaluation report of a pack: HTML with plots, --json for the figures")
    s.add_argument("pack")
    s.add_argument("--text", required=True, help="held-out text (never trained on)")
    s.add_argument("--work", help="the work folder: training curves and the exact memorisation rate (train.txt)")
    s.add_argument("--out", help="folder for report.html and its plots (default PACK/report)")
    s.add_argument("--json", action="store_true", help="print the figures as JSON")
    s.add_argument("--sentences", type=int, default=500, help="sentences per source (default 500)")
    s.add_argument("--resamples", type=int, default=200, help="bootstrap resamples for the intervals (default 200)")
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("all", help="prepare, tokenizer, lm, export and pack in one go")
    s.add_argument("--corpus", nargs="+", required=True)
    corpus_opts(s, positional=False)
    s.add_argument("--out", required=True, help="the pack folder to write")
    work_opt(s, required=False)
    tok_opts(s)
    lm_opts(s)
    vae_opts(s)
    gan_opts(s)
    s.add_argument("--quantize", action="store_true")
    pack_opts(s)
    s.set_defaults(func=cmd_all, base=None)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "all" and not args.max_minutes and not args.max_steps:
        _fail("give --max-minutes (or --max-steps) for the language model")
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
