"""Writing a model pack from a work folder.

The manifest is built from the app's own typed sections (creagen_desktop.pack.format) and read
back with the app's reader before it is written, so a pack the app would refuse is never written.
Models the work folder lacks can be carried over from a --base pack as they are; the pack is
assembled in a staging folder, verified and measured there, and only then swapped into place.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import time
from pathlib import Path

from creagen_desktop.pack import (
    FORMAT_VERSION,
    MANIFEST,
    Manifest,
    ModelPack,
    sha256_of,
)
from creagen_desktop.pack.format import (
    REPORT_DIR,
    TOKENIZER_FILE,
    AdaptationSection,
    CoupletSection,
    FileEntry,
    FingerprintSection,
    GANSection,
    LexiconSection,
    LMSection,
    TokenizerSection,
    VAESection,
)
from training.options import PackOptions
from training.poem_pack import build_poem_files
from training.workdir import TRAIN_TXT, WorkDir, read_json

LM_IO = {
    "inputs": {"tokens": "int64 [batch, sequence]", "state": "float32 [state_layers, batch, hidden]"},
    "outputs": {"logits": "float32 [batch, sequence, vocab]", "state_out": "float32 [state_layers, batch, hidden]"},
}
VAE_IO = {
    "encoder": "tokens int64 [1, sequence] -> mean, logvar float32 [1, latent]",
    "init": "z float32 [batch, latent] -> state float32 [1, batch, hidden]",
    "decoder": "z, tokens int64 [batch, sequence], state -> logits [batch, sequence, vocab], state_out",
}
GAN_IO = "noise float32 [batch, noise_dim] -> z float32 [batch, latent]"
COUPLET_IO = ("z float32 [batch, latent] (a first line's VAE code), noise float32 [batch, latent] (0: the mean "
              "code of its second lines; standard normal: one drawn) -> next_z float32 [batch, latent]")


class PackError(Exception):
    """A pack that cannot be made from this work folder (and base); the message says why."""


# -- the manifest's sections -----------------------------------------------------------------------


def run_record(summary: dict, **figures) -> dict:
    """A section's `training`: every option of the run, what it did (on how many processes, with what
    global batch, on which device and in which precision), and what each resume changed."""
    # (a run of an older creagen-train recorded none of these: its pack says nothing of them)
    where = {k: summary[k] for k in ("world_size", "global_batch", "device", "precision") if k in summary}
    return {"options": summary["options"], "minutes": summary["minutes"], "steps": summary["steps"], **figures,
            **where, "resumes": summary["resumes"]}


def _adapted_figures(summary: dict) -> dict:
    """What an adaptation run (training.train_adapt) adds: where it stopped early, what it left alone."""
    return {k: summary[k] for k in ("stopped_early_at", "moved", "frozen") if k in summary}


def lm_section(work: WorkDir) -> LMSection:
    s = work.run("lm").read_summary()
    export = read_json(work.lm_export)
    mc = s["model_config"]
    return LMSection(arch=mc["cell"], layers=mc["layers"], hidden=mc["hidden"], embed=mc["embed"],
                     state_layers=mc["layers"] * (2 if mc["cell"] == "lstm" else 1), params=s["params"],
                     quantized=export["quantized"], parity_max_abs_diff=export["parity_max_abs_diff"], **LM_IO,
                     training=run_record(s, tokens_seen=s["tokens"], **_adapted_figures(s)))


def vae_section(work: WorkDir) -> VAESection:
    s = work.run("vae").read_summary()
    mc = s["model_config"]
    return VAESection(latent=mc["latent"], bos_id=mc["bos_id"], eos_id=mc["eos_id"],
                      max_tokens=s["options"]["max_tokens"], unit=s["options"].get("unit", "sentence"),
                      arch="bigru-encoder, gru-decoder", embed=mc["embed"],
                      enc_hidden=mc["enc_hidden"], dec_hidden=mc["dec_hidden"], params=s["params"], io=VAE_IO,
                      parity_max_abs_diff=read_json(work.vae_export)["parity_max_abs_diff"],
                      training=run_record(s, sentences_seen=s["sentences_seen"], train_sentences=s["train_sentences"],
                                          **_adapted_figures(s)))


def gan_section(work: WorkDir) -> GANSection:
    s = work.run("gan").read_summary()
    mc = s["model_config"]
    return GANSection(noise_dim=mc["noise_dim"], latent=mc["latent"], arch="mlp generator, WGAN-GP",
                      hidden=mc["hidden"], layers=mc["layers"], params=s["params"], io=GAN_IO,
                      parity_max_abs_diff=read_json(work.gan_export)["parity_max_abs_diff"],
                      training=run_record(s, train_codes=s["train_codes"], best_val_fd=s["best_val_fd"],
                                          prior_val_fd=s["prior_val_fd"]))


def couplet_section(work: WorkDir) -> CoupletSection:
    s = work.run("couplet").read_summary()
    mc = s["model_config"]
    return CoupletSection(latent=mc["latent"], arch="residual mlp, mean-squared error", hidden=mc["hidden"],
                          layers=mc["layers"], params=s["params"], io=COUPLET_IO,
                          parity_max_abs_diff=read_json(work.couplet_export)["parity_max_abs_diff"],
                          training=run_record(s, train_pairs=s["train_pairs"], val_pairs=s["val_pairs"],
                                              best_val_mse=s["best_val_mse"], final=s["final"],
                                              baselines=s["baselines"]))


def corpus_record(work: WorkDir) -> dict:
    """The manifest's top-level `training`: where the text came from and how it was split."""
    corpus = read_json(work.corpus) if work.corpus.exists() else {}
    return {**corpus, "train_chars": len(work.read(work.train))}


def adapted_record(adaptation: AdaptationSection, base: ModelPack) -> dict:
    """An adapted pack's top-level `training`: the base's corpus, then how much of the writer's text."""
    learnt = adaptation.characters - adaptation.held_out_characters
    return {"corpus": f"{base.name}, adapted to the writer's own texts", "train_chars": learnt,
            "base": base.manifest.training}


def build_fingerprint(work: WorkDir, folder: Path, n_bytes: int) -> FingerprintSection:
    """Write the fingerprint of the work folder's training text into folder; returns its section."""
    import numpy as np

    from creagen_desktop.engine.originality import Fingerprint
    from creagen_desktop.engine.tokenizer import Tokenizer

    t0 = time.time()
    ids = np.asarray(Tokenizer(work.tokenizer).encode(work.read(work.train)), dtype=np.int64)
    # more than 2 bytes (16 bits) a window buys almost nothing: the false-positive rate is already ~1e-3
    fp, info = Fingerprint.build(ids, min(n_bytes, 2 * max(1, len(ids))))
    info = dataclasses.replace(info, source=TRAIN_TXT)
    fp.save(folder / info.file)
    print(f"fingerprint: {info.windows:,} distinct {info.window}-token windows of {len(ids):,} training tokens "
          f"in {info.bits // 8 / 1e6:.2f} MB ({info.hashes} hash(es), fill {info.fill:.2f}, false positives "
          f"{info.window_false_positive_rate:.3g} a window); a copy is a run of {info.copy_tokens} tokens "
          f"({time.time() - t0:.0f}s)")
    return info


def build_lexicon(work: WorkDir, folder: Path, min_count: int, base: ModelPack | None = None) -> LexiconSection:
    """Write the lexicon of the work folder's training text into folder; returns its section. With
    `base` (an adapted pack: the work folder holds the writer's text), the base pack's words and the
    writer's own seen as often: the adapted model may write the names it learnt."""
    from creagen_desktop.engine.words import Lexicon, load_lexicon

    lexicon = Lexicon.from_text(work.read(work.train), min_count)
    source = TRAIN_TXT
    if base is not None:
        lexicon = Lexicon(lexicon.words | load_lexicon(base).words)
        source = f"{base.name}'s lexicon and the writer's text"
    if not len(lexicon):
        raise PackError(f"{work.train} has no word seen {min_count} times: no lexicon can be made from it "
                        "(give --lexicon-min-count 0 to pack without one)")
    info = LexiconSection(words=len(lexicon), min_count=min_count, source=source)
    data = lexicon.to_bytes()
    (folder / info.file).write_bytes(data)
    chars = len(lexicon.ideographs)
    what = f"{info.words - chars:,} words and {chars:,} characters" if chars else f"{info.words:,} words"
    print(f"lexicon: {what} seen at least {min_count} times in {source}, {len(data) / 1024:.0f} KB")
    return info


def try_int8_head(lm: LMSection, folder: Path, val: str, opts: PackOptions) -> LMSection:
    """Quantise the output projection of folder's LM to int8 and keep it if bits/char stays within
    opts.head_bpc_tolerance of the float head's and a step gets faster (both measured here, side by
    side, on one thread); returns the LM's section saying which head it has and what was measured."""
    from training.export import quantize_head
    from training.head_check import compare_heads

    float_lm = folder / lm.file
    int8_lm = folder / (lm.file + ".int8")
    quantize_head(float_lm, int8_lm)
    check = compare_heads(ModelPack.load(folder, verify_hashes=False), int8_lm, val[: opts.head_check_chars])
    keep = check["bits_per_char_change"] <= opts.head_bpc_tolerance and check["step_speedup_b1"] > 1.0
    print(f"int8 head: bits/char {check['bits_per_char_float']:.5f} -> {check['bits_per_char_int8']:.5f} "
          f"({check['bits_per_char_change']:+.3%}) on {check['chars']:,} characters; one step "
          f"{check['step_speedup_b1']:.2f}x faster (batch 1), {check['step_speedup_b4']:.2f}x (batch 4): "
          f"{'kept' if keep else 'not kept, the float head stays'}")
    if keep:
        int8_lm.replace(float_lm)
    else:
        int8_lm.unlink()
    return dataclasses.replace(lm, head="int8" if keep else "float", head_check={**check, "kept": keep})


# -- writing ---------------------------------------------------------------------------------------


def write_pack(out_dir: Path, manifest: Manifest, sources: dict[str, Path]) -> Manifest:
    """Copy `sources` (name in the pack -> file) into out_dir, list them with their checksums and write
    manifest.json last (a folder without it is not a pack). Returns the manifest as written."""
    from training.export import share_tied_weights

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    for dst, src in sources.items():
        if Path(src).resolve() == (out_dir / dst).resolve():
            continue
        # an ONNX file that stores a tied embedding twice is written with one copy
        if not (dst.endswith(".onnx") and share_tied_weights(Path(src), out_dir / dst)):
            shutil.copyfile(src, out_dir / dst)
    import sentencepiece as spm

    tokenizer = TokenizerSection(vocab_size=spm.SentencePieceProcessor(model_file=str(out_dir / TOKENIZER_FILE)).vocab_size())
    files = [FileEntry(path=f, sha256=sha256_of(out_dir / f), bytes=(out_dir / f).stat().st_size) for f in sources]
    manifest = dataclasses.replace(manifest, tokenizer=tokenizer, files=files)
    typed = Manifest.from_dict(manifest.to_dict())  # the app's own reader: a pack it would refuse is never written
    (out_dir / MANIFEST).write_text(json.dumps(typed.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return typed


def install(built: Path, out: Path) -> None:
    """Copy the finished pack folder `built` to `out` (maybe on another disk) through a staging folder
    the app's pack list ignores (and sweeps, should this process die), then swap it into place."""
    from creagen_desktop.pack.store import STAGING_PREFIX

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.parent / f"{STAGING_PREFIX}{os.getpid()}-{out.name}"
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(built, staged)
    ModelPack.load(staged)  # verified where it lands
    swap_into_place(staged, out)


def swap_into_place(staged: Path, out: Path) -> None:
    """Replace out with the complete staged folder (the old pack goes only once the new one is there).
    The evaluation report beside the old pack (not part of it) stays: re-packing does not rewrite it."""
    if out.exists():
        report = out / REPORT_DIR
        if report.is_dir() and not (staged / REPORT_DIR).exists():
            shutil.copytree(report, staged / REPORT_DIR)
        old = out.with_name(out.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        staged.rename(out)
        shutil.rmtree(old)
    else:
        staged.rename(out)


def make_pack(work: WorkDir, out: Path, opts: PackOptions, base_dir: Path | None = None,
              adaptation: AdaptationSection | None = None) -> Manifest:
    """The pack step: the work folder's exported models (and, with base_dir, that pack's others), measured
    on the work folder's validation text through the app's engine, written to out.

    With `adaptation` (`creagen-train adapt`: the work folder holds a writer's text) the base pack's
    fingerprint is kept, none is made of the writer's text, the corpus record says how much text
    there was and nothing else of it, and the base pack is measured on the same held-out text."""
    from training.evaluate import bits_per_char

    out = Path(out)
    base = ModelPack.load(base_dir) if base_dir else None  # ModelPackError says what is wrong with it
    if adaptation is not None and base is None:
        raise PackError("an adapted pack needs its base pack")
    if base is not None and sha256_of(base.tokenizer_path) != sha256_of(work.tokenizer):
        raise PackError(f"{work.tokenizer} is not the tokenizer of {base_dir}: every model of a pack must share one")
    sections, origin, training, metrics = {}, {}, {}, {}

    def keep(kind: str) -> bool:
        if base is None or kind not in base.kinds:
            return False
        sections[kind], origin[kind] = base.manifest.section(kind), base.path
        return True

    if work.lm_onnx.exists():
        sections["lm"], origin["lm"] = lm_section(work), work.root
        training = corpus_record(work) if adaptation is None else adapted_record(adaptation, base)
        if adaptation is not None and base.manifest.lm.cache is not None:
            # the same model, a little further on: the base's document cache settings still fit it
            sections["lm"] = dataclasses.replace(sections["lm"], cache=base.manifest.lm.cache)
    elif keep("lm"):
        training = base.manifest.training
        metrics = {k: v for k, v in base.manifest.metrics.items() if not k.startswith("vae_")}
    if work.vae_export.exists():
        sections["vae"], origin["vae"] = vae_section(work), work.root
    elif keep("vae"):
        metrics.update({k: v for k, v in base.manifest.metrics.items() if k.startswith("vae_")})
    if work.gan_export.exists():
        sections["gan"], origin["gan"] = gan_section(work), work.root
    else:
        keep("gan")
    if work.couplet_export.exists():
        sections["couplet"], origin["couplet"] = couplet_section(work), work.root
    else:
        keep("couplet")
    if not sections:
        raise PackError(f"nothing to pack: {work.root} has no exported model (run export) and no --base pack was given")
    staged = out.with_name(out.name + ".new")
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir(parents=True)
    if adaptation is not None:
        keep("fingerprint")  # the guard is against copying the base's training text, never the writer's own
    elif work.train.exists() and opts.fingerprint_bytes > 0:
        sections["fingerprint"], origin["fingerprint"] = build_fingerprint(work, staged, opts.fingerprint_bytes), staged
    elif opts.fingerprint_bytes > 0:
        keep("fingerprint")
    if work.poems.exists():
        sections["poem"], origin["poem"] = build_poem_files(work, staged, opts.pingshui_data), staged
    else:
        keep("poem")
    if adaptation is not None:  # the base's words (if it has a lexicon), and the writer's seen as often
        if "lexicon" in base.kinds:
            sections["lexicon"] = build_lexicon(work, staged, base.manifest.lexicon.min_count, base)
            origin["lexicon"] = staged
    elif work.train.exists() and opts.lexicon_min_count > 0:
        sections["lexicon"], origin["lexicon"] = build_lexicon(work, staged, opts.lexicon_min_count), staged
    elif opts.lexicon_min_count > 0:
        keep("lexicon")
    manifest = Manifest(format=FORMAT_VERSION, name=opts.name, language=opts.language, description=opts.description,
                        kinds=list(sections), files=[], tokenizer=TokenizerSection(), training=training,
                        metrics=metrics, adaptation=adaptation, **sections)
    sources = {TOKENIZER_FILE: work.tokenizer}
    sources.update({name: origin[kind] / name for kind in manifest.kinds for name in manifest.files_of(kind)})
    write_pack(staged, manifest, sources)
    val = work.read(work.val)
    head_changed = False
    if opts.int8_head and "lm" in sections and sections["lm"].head == "float":
        sections["lm"] = try_int8_head(sections["lm"], staged, val, opts)
        head_changed = sections["lm"].head != "float"
        manifest = dataclasses.replace(manifest, lm=sections["lm"])
        write_pack(staged, manifest, {name: staged / name for name in sources})
    pack = ModelPack.load(staged)
    if "lm" in sections and (work.lm_onnx.exists() or head_changed):
        t0 = time.time()
        m = bits_per_char(pack, val)
        print(f"validation: {m['bits_per_char']:.4f} bits per character over {m['chars']:,} characters "
              f"({time.time() - t0:.0f}s through onnxruntime)")
        metrics.update({"val_bits_per_char": round(m["bits_per_char"], 4), "val_chars": m["chars"],
                        "val_nats_per_token": round(m["nats_per_token"], 4)})
        if adaptation is not None:
            b = bits_per_char(base, val)
            print(f"the base pack {base.name} on the same text: {b['bits_per_char']:.4f} bits per character")
            metrics["base_val_bits_per_char"] = round(b["bits_per_char"], 4)
    if "vae" in sections and work.vae_export.exists():
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
    written = write_pack(staged, dataclasses.replace(manifest, metrics=metrics), {name: staged / name for name in sources})
    swap_into_place(staged, out)
    print(f"pack written to {out} ({sum(f.stat().st_size for f in out.iterdir()) / 1e6:.1f} MB; "
          f"kinds {', '.join(written.kinds)})")
    return written
