"""`creagen-train`: prepare a corpus, train the tokenizer and the LM, export, evaluate, pack.

Every step reads and writes files in a work folder, so steps can be rerun one at a time:

    creagen-train prepare CORPUS... --work W      -> W/train.txt, W/val.txt
    creagen-train tokenizer --work W              -> W/tokenizer.model
    creagen-train lm --work W --max-minutes N     -> W/lm/best.pt, metrics.csv, loss.png
    creagen-train export --work W [--quantize]    -> W/lm.onnx
    creagen-train pack --work W --out PACK        -> PACK/manifest.json ...
    creagen-train eval PACK --text FILE [--json]
    creagen-train all --corpus PATH --out PACK --max-minutes N [--val-file FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

TRAIN_TXT, VAL_TXT, TOKENIZER = "train.txt", "val.txt", "tokenizer.model"
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


def cmd_export(args) -> None:
    from training.export import PARITY_TOLERANCE, export_lm, parity_check, quantize_lm, quantized_check
    from training.train_lm import load_best

    work = Path(args.work)
    model = load_best(work / "lm")
    path = export_lm(model, work / "lm_float.onnx")
    diff = parity_check(model, path)
    print(f"export: {path} ; parity with torch: max abs difference {diff:.2e} (limit {PARITY_TOLERANCE:.0e})")
    if diff > PARITY_TOLERANCE:
        _fail("the exported model does not match torch; not using it")
    final = work / "lm.onnx"
    if args.quantize:
        from creagen_desktop.engine.tokenizer import Tokenizer

        quantize_lm(path, final)
        sample = _token_ids(Tokenizer(work / TOKENIZER), _read(work / VAL_TXT)[:4000])
        check = quantized_check(path, final, sample, (model.cfg.state_layers, model.cfg.hidden))
        print(f"quantised int8: {final.stat().st_size / 1e6:.1f} MB (float {path.stat().st_size / 1e6:.1f} MB); "
              f"max abs logit difference {check['max_abs_diff']:.3f}, top-1 agreement {check['top1_agreement']:.1%}")
    else:
        final.write_bytes(path.read_bytes())
    meta = {"parity_max_abs_diff": diff, "quantized": bool(args.quantize)}
    (work / "export.json").write_text(json.dumps(meta))


def cmd_pack(args) -> None:
    from creagen_desktop.engine.pack import ModelPack
    from training.evaluate import bits_per_char
    from training.pack import write_pack

    work = Path(args.work)
    ck = json.loads((work / "lm" / "train_summary.json").read_text())
    export = json.loads((work / "export.json").read_text())
    mc = ck["model_config"]
    corpus = json.loads((work / "corpus.json").read_text()) if (work / "corpus.json").exists() else {}
    lm_info = {
        "arch": mc["cell"], "layers": mc["layers"], "hidden": mc["hidden"], "embed": mc["embed"],
        "state_layers": mc["layers"] * (2 if mc["cell"] == "lstm" else 1), "params": ck["params"],
        "quantized": export["quantized"], "parity_max_abs_diff": export["parity_max_abs_diff"],
    }
    training = {**corpus, "train_chars": len(_read(work / TRAIN_TXT)), "minutes": ck["minutes"], "steps": ck["steps"],
                "tokens_seen": ck["tokens"], "hyperparameters": {**mc, **ck.get("train_config", {})}}
    out = Path(args.out)
    write_pack(out, args.name, work / "lm.onnx", work / TOKENIZER, lm_info, training, {}, args.language, args.description)
    pack = ModelPack.load(out)
    val = _read(work / VAL_TXT)
    t0 = time.time()
    m = bits_per_char(pack, val)
    print(f"validation: {m['bits_per_char']:.4f} bits per character over {m['chars']:,} characters "
          f"({time.time() - t0:.0f}s through onnxruntime)")
    metrics = {"val_bits_per_char": round(m["bits_per_char"], 4), "val_chars": m["chars"], "val_nats_per_token": round(m["nats_per_token"], 4)}
    write_pack(out, args.name, out / "lm.onnx", out / TOKENIZER, lm_info, training, metrics, args.language, args.description)
    print(f"pack written to {out} ({sum(f.stat().st_size for f in out.iterdir()) / 1e6:.1f} MB)")


def cmd_eval(args) -> None:
    from creagen_desktop.engine.pack import ModelPack, ModelPackError
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
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"bits_per_char: {result['bits_per_char']:.4f}")
    print(f"characters: {result['chars']}  tokens: {result['tokens']}  nats/token: {result['nats_per_token']:.4f}")
    for prompt, cands in result.get("samples", {}).items():
        print(f"\n{prompt!r}")
        for c in cands:
            print(f"  ...{c}")


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
        sp.add_argument("--eval-every", type=float, default=120.0, help="seconds between validations")
        sp.add_argument("--seed", type=int, default=1337)
        sp.add_argument("--threads", type=int, default=None)
        sp.add_argument("--resume", action="store_true", help="continue from the work folder's checkpoint")

    def pack_opts(sp):
        sp.add_argument("--name", default="en-fiction")
        sp.add_argument("--language", default="en")
        sp.add_argument("--description", default="")

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

    s = sub.add_parser("export", help="export the LM to ONNX with a parity check")
    work_opt(s)
    s.add_argument("--quantize", action="store_true", help="int8 dynamic quantisation")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("pack", help="write a model pack folder")
    work_opt(s)
    s.add_argument("--out", required=True)
    pack_opts(s)
    s.set_defaults(func=cmd_pack)

    s = sub.add_parser("eval", help="bits per character of a pack on a text file")
    s.add_argument("pack")
    s.add_argument("--text", required=True)
    s.add_argument("--json", action="store_true")
    s.add_argument("--samples", action="store_true", help="also print sample continuations")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("all", help="prepare, tokenizer, lm, export and pack in one go")
    s.add_argument("--corpus", nargs="+", required=True)
    corpus_opts(s, positional=False)
    s.add_argument("--out", required=True, help="the pack folder to write")
    work_opt(s, required=False)
    tok_opts(s)
    lm_opts(s)
    s.add_argument("--quantize", action="store_true")
    pack_opts(s)
    s.set_defaults(func=cmd_all)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "command", None) == "all" and not args.max_minutes and not args.max_steps:
        _fail("give --max-minutes (or --max-steps) for the language model")
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
