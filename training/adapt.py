"""`creagen-train adapt BASE --texts FILES_OR_FOLDERS --out PACK`: a pack's language model (and, with
--vae, its sentence VAE's decoder) trained further on a writer's own texts.

It starts from the base pack's own weights, read back from its ONNX graphs (training.from_onnx), keeps
the base tokenizer, holds out a share of the writer's text to measure and to stop early, and guards
against forgetting (training.train_adapt). The new pack keeps the base's other models and its
fingerprint; its manifest names the base pack and how much text there was, never a file name or any
of the text. The writer's text lives only in the work folder, a temporary one removed when the run
ends, however it ends (kept only with --keep-work, or when the writer names one with --work, which
is what --resume continues from).
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import shutil
import time
from pathlib import Path

from creagen_desktop.adaptation import STAGES, new_work_folder, progress_line, sweep_leftovers
from creagen_desktop.pack import ModelPack, sha256_of
from creagen_desktop.pack.format import AdaptationSection, Manifest
from training.corpus import CorpusError, clean_files, join_paragraphs, list_text_files, split_train_val
from training.options import AdaptOptions, ExportOptions, PackOptions
from training.workdir import WorkDir

BUILT = "built-pack"  # the finished pack inside the work folder, before it is installed


class AdaptError(Exception):
    """Adaptation cannot go on; the message says why and what to do."""


class Progress:
    """What the run tells its caller: progress lines for the app (`--progress json`), or headings."""

    def __init__(self, mode: str = "text"):
        self.json = mode == "json"

    def _emit(self, event: str, **figures) -> None:
        if self.json:
            print(progress_line(event, **figures), flush=True)

    def stage(self, name: str, detail: str = "") -> None:
        self._emit("stage", stage=name, detail=detail)
        if not self.json:
            print(f"== {STAGES[name]}" + (f" {detail}" if detail else ""), flush=True)

    def loop(self, model: str, chars_per_token: float, base_bpc: float, start: float = 0.0, width: float = 1.0,
             later_s: float = 0.0):
        """A training.loop Report that passes the LM's figures on in bits per character; this run is the
        share [start, start + width] of the whole, and later runs have `later_s` seconds of budget."""

        def report(event: str, fig: dict) -> None:
            if event == "progress":
                self._emit("progress", model=model, step=fig["step"], elapsed_s=fig["elapsed_s"],
                           fraction=round(start + width * fig["fraction"], 4),
                           remaining_s=round(fig["remaining_s"] + later_s, 1))
            elif event == "evaluation" and model == "lm":
                bpc = fig["score"] / math.log(2) / chars_per_token
                best = fig["best"] / math.log(2) / chars_per_token
                self._emit("evaluation", model=model, step=fig["step"], val_bpc=round(bpc, 4),
                           best_val_bpc=round(best, 4), base_val_bpc=round(base_bpc, 4))
            elif event == "evaluation":
                self._emit("evaluation", model=model, step=fig["step"], score=round(fig["score"], 4))

        return report

    def done(self, **figures) -> None:
        self._emit("done", **figures)

    def failed(self, message: str) -> None:
        self._emit("failed", message=message)


# -- the work folder -------------------------------------------------------------------------------


@contextlib.contextmanager
def work_folder(given: Path | None, keep: bool):
    """The run's work folder: the one given (kept), or a temporary one removed afterwards unless `keep`."""
    if given is not None:
        Path(given).mkdir(parents=True, exist_ok=True)
        yield WorkDir(Path(given))
        return
    sweep_leftovers()
    path = new_work_folder()
    try:
        yield WorkDir(path)
    finally:
        if keep:
            print(f"the work folder is kept, as asked: {path} (it holds a copy of your text)", flush=True)
        else:
            shutil.rmtree(path, ignore_errors=True)


# -- the writer's text -----------------------------------------------------------------------------


def read_texts(sources: list[str | Path], share: float) -> tuple[list[str], list[str], int]:
    """(training paragraphs, held-out paragraphs, files read) of the writer's files and folders,
    cleaned by prepare's rules without its Gutenberg ones; the held-out share is runs of paragraphs
    spread over the whole text, at least one paragraph."""
    try:
        files = list_text_files(sources, skip_hidden=True)
        paras, report = clean_files(files, gutenberg=False)
    except CorpusError as exc:
        raise AdaptError(str(exc)) from None
    if len(paras) < 2:
        raise AdaptError("your text has only one paragraph after cleaning: learning needs at least two (one is "
                         "held out to measure the result); give more text")
    block = max(1, min(50, len(paras) // 20))  # twenty runs or more, so the held-out part covers the whole text
    train, val = split_train_val(paras, share, block)
    return train, val, len(report.files)


# -- the run ---------------------------------------------------------------------------------------


def adapt(base_dir: Path, sources: list[str | Path], out: Path, opts: AdaptOptions, work: Path | None = None,
          resume: bool = False, progress: Progress | None = None) -> Manifest:
    """Adapt the pack at base_dir to the texts in `sources` and install the new pack at `out`."""
    progress = progress or Progress()
    if resume and work is None:
        raise AdaptError("--resume continues a run whose work folder was kept: give it with --work")
    base = ModelPack.load(base_dir)  # ModelPackError says what is wrong with it
    if base.manifest.lm is None:
        raise AdaptError(f"the model pack {base.name} has no language model to adapt")
    if opts.vae and base.manifest.vae is None:
        raise AdaptError(f"the model pack {base.name} has no sentence VAE: leave out --vae")
    out = Path(out)
    if out.resolve() == Path(base_dir).resolve():
        raise AdaptError("--out is the base pack itself: write the adapted pack to another folder")
    t0 = time.time()
    with work_folder(Path(work) if work else None, opts.keep_work) as wd:
        try:
            manifest = _run(base, Path(base_dir), sources, out, opts, wd, resume, progress)
        except AdaptError as exc:
            progress.failed(str(exc))
            raise
        if not (work or opts.keep_work):
            progress.stage("cleaning")
    progress.done(pack=str(out), name=manifest.name, minutes=round((time.time() - t0) / 60, 2),
                  val_bpc=manifest.metrics.get("val_bits_per_char"),
                  base_val_bpc=manifest.metrics.get("base_val_bits_per_char"))
    return manifest


def _run(base: ModelPack, base_dir: Path, sources, out: Path, opts: AdaptOptions, wd: WorkDir, resume: bool,
         progress: Progress) -> Manifest:
    import numpy as np

    from creagen_desktop.engine.tokenizer import Tokenizer
    from training.from_onnx import GraphError, lm_from_pack, vae_from_pack
    from training.pack import install, make_pack
    from training.pipeline import export
    from training.train_adapt import adapt_lm, adapt_vae, spread, vae_config_for
    from training.train_lm import evaluate_loss
    from training.train_vae import sentence_tokens

    progress.stage("reading")
    train, val, n_files = read_texts(sources, opts.val_fraction)
    train_text, val_text = join_paragraphs(train), join_paragraphs(val)
    if len(train_text) < opts.min_chars:
        raise AdaptError(f"there are only {len(train_text):,} characters of your text to learn from after "
                         f"cleaning (and {len(val_text):,} held out); give at least {opts.min_chars:,}")
    wd.train.write_text(train_text, encoding="utf-8")
    wd.val.write_text(val_text, encoding="utf-8")
    shutil.copyfile(base.tokenizer_path, wd.tokenizer)
    progress.stage("reading", f"{n_files} file(s), {len(train_text) + len(val_text):,} characters "
                              f"({len(val_text):,} held out)")

    progress.stage("loading")
    try:
        base_lm = lm_from_pack(base)
        base_vae = vae_from_pack(base) if opts.vae else None
    except GraphError as exc:
        raise AdaptError(str(exc)) from None
    tok = Tokenizer.from_pack(base)
    train_ids = np.asarray(tok.encode(train_text), dtype=np.int64)
    val_ids = np.asarray(tok.encode(val_text), dtype=np.int64)
    cpt = len(val_text) / max(1, len(val_ids))
    if opts.threads:
        import torch

        torch.set_num_threads(opts.threads)
    base_bpc = evaluate_loss(base_lm, spread(val_ids, opts.eval_tokens)) / math.log(2) / cpt  # as validations score

    progress.stage("training", f"the base pack scores {base_bpc:.3f} bits per character on your held-out text")
    lm_opts = opts
    if opts.vae:
        lm_opts = dataclasses.replace(opts, max_minutes=opts.max_minutes and opts.max_minutes * (1 - opts.vae_share))
    quiet = progress.json
    try:
        lm_share = 1 - opts.vae_share if opts.vae else 1.0
        vae_s = 60 * (opts.max_minutes or 0) * opts.vae_share if opts.vae else 0.0
        s = adapt_lm(train_ids, val_ids, base_lm, wd.run("lm").path, lm_opts, cpt, resume=resume, quiet=quiet,
                     report=progress.loop("lm", cpt, base_bpc, 0.0, lm_share, vae_s))
    except ValueError as exc:
        raise AdaptError(str(exc)) from None
    stopped = f", stopped early at step {s['stopped_early_at']}" if s["stopped_early_at"] else ""
    print(f"language model: {s['steps']} steps in {s['minutes']} min{stopped}; best held-out "
          f"{s['best_val_loss'] / math.log(2) / cpt:.4f} bits per character (base {base_bpc:.4f})", flush=True)
    if opts.vae:
        progress.stage("training_vae")
        vae_cfg = vae_config_for(base.manifest.vae.training.get("options", {}), opts)
        seqs = sentence_tokens(train_text, tok, vae_cfg.max_tokens)
        held = sentence_tokens(val_text, tok, vae_cfg.max_tokens, limit=vae_cfg.eval_sentences)
        try:
            adapt_vae(seqs, held, base_vae, wd.run("vae").path, vae_cfg, opts, resume=resume, quiet=quiet,
                      report=progress.loop("vae", cpt, base_bpc, lm_share, opts.vae_share))
        except ValueError as exc:
            raise AdaptError(str(exc)) from None

    progress.stage("exporting")
    adapted = ("lm", "vae") if opts.vae else ("lm",)
    for stale in (wd.vae_export, wd.gan_export):  # a kept work folder's earlier run may have left them
        stale.unlink(missing_ok=True)
    export(wd, ExportOptions(), adapted)
    progress.stage("packing")
    section = AdaptationSection(base=base.name, base_lm_sha256=sha256_of(base.file(base.manifest.lm.file)),
                                adapted=list(adapted), files=n_files,
                                characters=len(train_text) + len(val_text), held_out_characters=len(val_text),
                                base_description=base.manifest.description)
    name = opts.name or f"{base.name}-adapted"
    description = (f"{base.name} adapted to the writer's own texts ({section.characters:,} characters); "
                   f"{base.manifest.description}").rstrip("; ")
    pack_opts = PackOptions(name=name, language=base.manifest.language, description=description, fingerprint_bytes=0)
    built = wd.root / BUILT
    manifest = make_pack(wd, built, pack_opts, base_dir, adaptation=section)
    install(built, out)
    return manifest

