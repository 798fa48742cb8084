"""The couplet step of `creagen-train` (Chinese poetry): the matching-line regressor, trained on the
trained VAE's codes of the corpus's couplets, and its export."""

from __future__ import annotations

import time

from training.options import CoupletTrainConfig, VAETrainConfig
from training.steps import StepError, export_checked, need_budget, tokenizer_of
from training.workdir import WorkDir


def couplet(work: WorkDir, cfg: CoupletTrainConfig, resume: bool = False) -> dict:
    """Encode the couplets of the poems with the trained VAE, then train the matching-line regressor."""
    from training.train_couplet import couplet_tokens, encode_pairs, train_couplet
    from training.train_vae import load_best_vae

    vae_run = work.run("vae")
    if not vae_run.trained():
        raise StepError(f"{vae_run.best} does not exist: the matching line lives in the VAE's latent space, "
                        "train the VAE first")
    need_budget("couplet", cfg)
    if cfg.threads:
        import torch

        torch.set_num_threads(cfg.threads)
    tok = tokenizer_of(work)
    vae_model = load_best_vae(vae_run.path)
    max_tokens = vae_run.read_summary()["options"]["max_tokens"] if vae_run.summary.exists() else VAETrainConfig.max_tokens
    t0 = time.time()
    train = encode_pairs(vae_model, *couplet_tokens(work.read(work.train), tok, max_tokens))
    val = encode_pairs(vae_model, *couplet_tokens(work.read(work.val), tok, max_tokens))
    print(f"encoded {len(train[0]):,} training and {len(val[0]):,} held-out couplets with the VAE in "
          f"{time.time() - t0:.0f}s; training the regressor: budget {cfg.max_minutes or '-'} min / {cfg.max_steps or '-'} steps")
    try:
        s = train_couplet(train, val, work.run("couplet").path, cfg, resume=resume)
    except ValueError as exc:
        raise StepError(str(exc)) from None
    f, b = s["final"], s["baselines"]
    print(f"done: {s['steps']} steps in {s['minutes']} min; {s['params']:,} parameters; held-out mean squared error "
          f"{s['best_val_mse']:.4f} (best; the first line's own code {b['identity_mse']:.4f}, a prior draw "
          f"{b['prior_mse']:.4f}); Fréchet distance to real second lines {f['val_fd']:.3f} "
          f"({b['identity_fd']:.3f}, {b['prior_fd']:.3f}); codes drawn around the mean: mean squared error "
          f"{f['val_mse_drawn']:.4f}, Fréchet distance {f['val_fd_drawn']:.3f}")
    return s



def export_couplet(work: WorkDir) -> None:
    from training.export import couplet_parity_check, export_couplet
    from training.train_couplet import load_best_couplet

    export_checked(load_best_couplet(work.run("couplet").path), export_couplet, couplet_parity_check,
                   work.couplet_onnx, work.couplet_export, "matching-line regressor")
