"""`creagen-train`: prepare a corpus, train the tokenizer and the models, export, pack, evaluate.

Every step reads and writes files in a work folder (training.workdir), so steps can be rerun one at a time:

    creagen-train prepare CORPUS... --work W      -> W/train.txt, W/val.txt
    creagen-train tokenizer --work W              -> W/tokenizer.model
    creagen-train lm --work W --max-minutes N     -> W/lm/best.pt, metrics.csv, loss.png
    creagen-train vae --work W --vae-minutes N     -> W/vae/best.pt, metrics.csv, loss.png
    creagen-train gan --work W --gan-minutes N     -> W/gan/best.pt, metrics.csv, loss.png
    creagen-train couplet --work W --couplet-steps N  -> W/couplet/best.pt (Chinese poetry: the matching line)
    creagen-train export --work W [--quantize]    -> W/lm.onnx, W/vae_*.onnx, W/gan_generator.onnx, W/couplet.onnx
    creagen-train pack --work W --out PACK [--base OLD]  -> PACK/manifest.json ... (+ fingerprint.bin)
    creagen-train eval PACK --text FILE [--json]
    creagen-train cache PACK --text FILE...       -> PACK/manifest.json's lm.cache (the document cache)
    creagen-train report PACK --text FILE [--work W] [--json]  -> PACK/report/report.html
    creagen-train all --corpus PATH --out PACK --max-minutes N [--vae-minutes M] [--gan-minutes G] [--val-file FILE]
    creagen-train adapt BASE_PACK --texts FILES_OR_FOLDERS --out PACK [--minutes N] [--vae]

Any step that trains or packs also takes --preset NAME (training.options.PRESETS); flags given
explicitly override the preset's values. This module only parses and dispatches: the steps are in
training.pipeline, the options in training.options.

Under torchrun (`torchrun --nproc_per_node N --no-python creagen-train lm ...`) every process runs
the command: lm, vae, gan and all train on every rank (training.distributed); a step that does not
train runs on rank 0 alone, as a world of one process. Only rank 0 prints.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from training.options import TRAINING_GROUPS, add_options, resolve, resolve_all
from training.workdir import WorkDir


def _prepare(a):
    from training import pipeline

    pipeline.prepare(a.corpus, WorkDir(a.work), resolve("corpus", vars(a), a.preset))


def _tokenizer(a):
    from training import pipeline

    pipeline.tokenizer(WorkDir(a.work), resolve("tokenizer", vars(a), a.preset))


def _train(kind: str):
    def command(a):
        from training import pipeline

        getattr(pipeline, kind)(WorkDir(a.work), resolve(kind, vars(a), a.preset), a.resume)

    return command


def _export(a):
    from training import pipeline

    pipeline.export(WorkDir(a.work), resolve("export", vars(a), a.preset))


def _pack(a):
    from training import pipeline

    pipeline.pack(WorkDir(a.work), Path(a.out), resolve("pack", vars(a), a.preset), Path(a.base) if a.base else None)


def _eval(a):
    from training import pipeline

    pipeline.eval_pack(Path(a.pack), Path(a.text), a.json, a.samples)


def _cache(a):
    from training import pipeline

    pipeline.cache(Path(a.pack), a.text)


def _report(a):
    from training import pipeline

    pipeline.report(Path(a.pack), Path(a.text), resolve("report", vars(a)), a.work, a.out, a.json)


def _all(a):
    from training import pipeline

    pipeline.run_all(a.corpus, Path(a.out), resolve_all(vars(a), a.preset), WorkDir(a.work) if a.work else None,
                     a.resume)


def _adapt(a):
    import signal

    from training.adapt import Progress, adapt

    # the app cancels with SIGTERM: unwind like Ctrl+C, so the checkpoint is written and the
    # temporary work folder (a copy of the writer's text) removed
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    adapt(Path(a.base), a.texts, Path(a.out), resolve("adapt", vars(a), a.preset), Path(a.work) if a.work else None,
          a.resume, Progress(a.progress))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen-train", description="Train Creagen's models and write model packs.")
    sub = p.add_subparsers(dest="command", required=True)

    def step(name: str, help_: str, func, groups: tuple[str, ...], work: bool = True, preset: bool = True):
        s = sub.add_parser(name, help=help_)
        if work:
            s.add_argument("--work", required=True, help="work folder for intermediate files")
        add_options(s, groups, preset=preset)
        # a step that trains runs on every process torchrun starts; any other on rank 0 alone
        s.set_defaults(func=func, every_rank=any(g in TRAINING_GROUPS for g in groups))
        return s

    def resume(s):
        s.add_argument("--resume", action="store_true", help="continue from the work folder's checkpoint")

    s = step("prepare", "clean a corpus into train/validation text", _prepare, ("corpus",))
    s.add_argument("corpus", nargs="+", help=".txt/.md files or folders")
    step("tokenizer", "train the sentencepiece tokenizer", _tokenizer, ("tokenizer",))
    resume(step("lm", "train the recurrent language model", _train("lm"), ("lm",)))
    resume(step("vae", "train the sentence VAE (variations and blends)", _train("vae"), ("vae",)))
    resume(step("gan", "train the latent GAN (sparks) on the VAE's codes", _train("gan"), ("gan",)))
    resume(step("couplet", "train the matching-line regressor (对句) on the VAE's codes of couplets",
                _train("couplet"), ("couplet",)))
    step("export", "export the trained models to ONNX with parity checks", _export, ("export",))
    s = step("pack", "write a model pack folder", _pack, ("pack",))
    s.add_argument("--out", required=True, help="the pack folder to write")
    s.add_argument("--base", help="an existing pack whose models are kept where the work folder has none")

    s = step("eval", "bits per character of a pack on a text file", _eval, (), work=False, preset=False)
    s.add_argument("pack")
    s.add_argument("--text", required=True)
    s.add_argument("--json", action="store_true")
    s.add_argument("--samples", action="store_true", help="also print sample continuations")

    s = step("cache", "choose the document cache's settings on held-out text (recorded in the manifest)", _cache,
             (), work=False, preset=False)
    s.add_argument("pack")
    s.add_argument("--text", nargs="+", required=True, help="held-out texts (never trained on), each one document")

    s = step("report", "the evaluation report of a pack: HTML with plots, --json for the figures", _report,
             ("report",), work=False, preset=False)
    s.add_argument("pack")
    s.add_argument("--text", required=True, help="held-out text (never trained on)")
    s.add_argument("--work", help="the work folder: training curves and the exact memorisation rate (train.txt)")
    s.add_argument("--out", help="folder for report.html and its plots (default PACK/report)")
    s.add_argument("--json", action="store_true", help="print the figures as JSON")

    s = step("adapt", "train a pack's language model (and VAE) further on your own texts", _adapt, ("adapt",),
             work=False)
    s.add_argument("base", help="the model pack to start from")
    s.add_argument("--texts", nargs="+", required=True, help="your .txt/.md files or folders")
    s.add_argument("--out", required=True, help="the new pack's folder")
    s.add_argument("--work", help="a work folder to keep, for --resume (default: a temporary one, removed at the end)")
    s.add_argument("--progress", choices=("text", "json"), default="text",
                   help="json: progress lines for the app (creagen_desktop.adaptation) on standard output")
    resume(s)

    s = step("all", "prepare, tokenizer, lm (vae, gan), export and pack in one go", _all,
             ("corpus", "tokenizer", "lm", "vae", "gan", "couplet", "export", "pack"), work=False)
    s.add_argument("--corpus", nargs="+", required=True, help=".txt/.md files or folders")
    s.add_argument("--out", required=True, help="the pack folder to write")
    s.add_argument("--work", help="work folder for intermediate files (default <out>-work)")
    resume(s)
    return p


def main(argv: list[str] | None = None) -> int:
    from training.distributed import env_rank, leave
    from training.pipeline import USER_ERRORS

    args = build_parser().parse_args(argv)
    rank = env_rank()
    if not args.every_rank:
        if rank:
            return 0
        # rank 0 does it alone, as a world of one: it must not wait for ranks that have left
        os.environ["WORLD_SIZE"] = "1"
    # the other ranks train in silence: rank 0 prints the progress and the figures
    quiet = contextlib.redirect_stdout(open(os.devnull, "w")) if rank else contextlib.nullcontext()  # noqa: SIM115
    try:
        with quiet:
            args.func(args)
    except USER_ERRORS as exc:
        print(f"creagen-train{f' (rank {rank})' if rank else ''}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("creagen-train: cancelled (a run with a kept work folder continues with --resume)", file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        leave()
    return 0


if __name__ == "__main__":
    sys.exit(main())
