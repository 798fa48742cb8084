"""`creagen-train adapt`'s options (training.options.GROUPS["adapt"]): a pack's models trained further
on a writer's own texts (training.adapt), built with the option makers training.options hands in.

The defaults were chosen by 10-minute runs from en-fiction on Moby-Dick's first 80% of chapters (one
thread, load ~10, ~75 steps), scored on its last 20% / Robinson Crusoe (base 1.947 / 1.451 bits/char):
lr 3e-3, pull 1 -> 1.845 / 1.531; lr 1e-3, pull 1 -> 1.832 / 1.481; lr 1e-3, pull 5 -> 1.831 / 1.476.
"""

from __future__ import annotations


def adapt_group(opt, fixed, seed, threads) -> tuple:
    return (
        opt("max_minutes", float, 10.0, "training budget in minutes (the VAE, with --vae, takes a quarter of it)",
            flag="--minutes"),
        opt("max_steps", int, None, "training budget in steps (of the language model)"),
        opt("lr", float, 1e-3, "peak learning rate (small: the base model is already good)"),
        opt("pull", float, 5.0, "pull toward the base weights, per unit of learning rate and step (0: none)"),
        opt("dropout", float, 0.1, "dropout while adapting"),
        opt("val_fraction", float, 0.1, "share of the writer's text held out to measure and stop early",
            flag="--held-out"),
        opt("patience", int, 3, "validations without improvement before stopping early"),
        opt("batch", int, 16, "parallel lanes of the token stream"),
        opt("bptt", int, 64, "tokens per truncated back-propagation window"),
        opt("eval_every_s", float, 60.0, "seconds between validations", flag="--eval-every"),
        opt("vae", bool, False, "also adapt the sentence VAE's decoder (variations, blends, sparks)", flag="--vae"),
        opt("name", str, "", "the new pack's name (default: the base pack's name and '-adapted')"),
        opt("keep_work", bool, False, "keep the work folder (it holds a copy of the writer's text)",
            flag="--keep-work"),
        fixed("vae_share", float, 0.25, "share of the budget the VAE takes, with --vae"),
        fixed("optimizer", str, "adamw", "optimiser"),
        fixed("weight_decay", float, 0.0, "weight decay (none: the pull toward the base replaces it)"),
        fixed("momentum", float, 0.9, "SGD momentum"),
        fixed("warmup", float, 0.05, "share of the run spent warming the learning rate up"),
        fixed("clip", float, 0.5, "gradient norm clip"),
        fixed("eval_tokens", int, 12_000, "held-out tokens scored at each validation, spread over all of it"),
        fixed("checkpoint_every_s", float, 60.0, "seconds between checkpoints"),
        fixed("min_chars", int, 2000, "the least text, after cleaning, worth learning from"),
        seed,
        threads,
    )
