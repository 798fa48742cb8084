"""The model pack format: file names, format version and the manifest's typed sections.

This is the one definition of a pack that training (which writes packs) and the app (which reads
them) share. `Manifest.from_dict` checks every field's type, so a malformed manifest is refused
with one plain message instead of failing later inside a model; `Manifest.to_dict` writes the JSON.
Fields a section does not define are refused too: a pack cannot smuggle in settings nobody checks.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass, field

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
REPORT_DIR = "report"  # the evaluation report beside a pack; not part of it (not in the manifest)

TOKENIZER_FILE = "tokenizer.model"
LM_FILE = "lm.onnx"
VAE_ENCODER_FILE = "vae_encoder.onnx"
VAE_INIT_FILE = "vae_init.onnx"
VAE_DECODER_FILE = "vae_decoder.onnx"
GAN_FILE = "gan_generator.onnx"
FINGERPRINT_FILE = "fingerprint.bin"
LEXICON_FILE = "lexicon.txt.gz"
PROSODY_FILE = "prosody.json"
VERSE_LINES_FILE = "verse_lines.bin"
COUPLET_FILE = "couplet.onnx"

KINDS = ("lm", "vae", "gan", "fingerprint", "lexicon", "poem", "couplet")


class ModelPackError(Exception):
    """A model pack that cannot be used. The message is written for the writer, not the developer."""


# -- sections ------------------------------------------------------------------------------------
# Each dataclass is one JSON object of the manifest. A field without a default must be present.


@dataclass
class FileEntry:
    path: str  # relative to the pack folder
    sha256: str
    bytes: int


@dataclass
class TokenizerSection:
    path: str = TOKENIZER_FILE
    type: str = "sentencepiece"
    vocab_size: int = 0


@dataclass
class CacheSection:
    """The document cache (engine.doc_cache): n-grams of the text being written, mixed into the LM's
    predictions. The settings are chosen on held-out books (`creagen-train cache`)."""

    order: int  # the longest context it counts, in tokens
    tokens: int  # how many of the document's latest tokens it holds
    weights: list[float]  # the piece weight of each group (engine.cache_mix.weight_group)
    buckets: int = 6  # how finely "how often a context was seen" is told apart
    sure: list[float] = field(default_factory=lambda: [0.5, 0.9])  # shares of the top continuation told apart
    boundary: list[float] = field(default_factory=list)  # the word-goes-on-or-ends weight of each group; none: one stage
    names: bool = False  # a second set of groups for contexts inside a likely name (engine.cache_mix.in_name)
    tuned: dict = field(default_factory=dict)  # on what text, and the figures with and without it


@dataclass
class LMSection:
    """The recurrent language model: tokens [B, T] int64 and state [S, B, H] in; logits and state out."""

    arch: str  # "gru" or "lstm"
    layers: int
    hidden: int
    embed: int
    state_layers: int  # S: layers, twice that for an LSTM (h and c)
    file: str = LM_FILE
    params: int = 0
    quantized: bool = False  # the whole graph quantised to int8 (export --quantize)
    head: str = "float"  # the output projection: "float", or "int8" (pack --int8-head: dynamic quantisation)
    head_check: dict = field(default_factory=dict)  # the int8 head against the float one, measured when packed
    parity_max_abs_diff: float = 0.0
    inputs: dict = field(default_factory=dict)  # names and shapes, for people reading the manifest
    outputs: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)  # every training option and what the run did
    cache: typing.Optional[CacheSection] = None  # the document cache; none: suggestions read the LM alone


@dataclass
class VAEFiles:
    encoder: str = VAE_ENCODER_FILE
    init: str = VAE_INIT_FILE
    decoder: str = VAE_DECODER_FILE


@dataclass
class VAESection:
    """The sentence VAE as three graphs: encoder, decoder initial state, decoder step."""

    latent: int
    bos_id: int
    eos_id: int
    files: VAEFiles = field(default_factory=VAEFiles)
    max_tokens: int = 48
    unit: str = "sentence"  # what one code holds: a sentence, or a verse line ("line": Chinese poetry)
    arch: str = ""
    embed: int = 0
    enc_hidden: int = 0
    dec_hidden: int = 0
    params: int = 0
    io: dict = field(default_factory=dict)
    parity_max_abs_diff: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)


@dataclass
class GANFiles:
    generator: str = GAN_FILE


@dataclass
class GANSection:
    """The sparks generator: noise [B, noise_dim] to a VAE code [B, latent]."""

    noise_dim: int
    latent: int
    files: GANFiles = field(default_factory=GANFiles)
    arch: str = ""
    hidden: int = 0
    layers: int = 0
    params: int = 0
    io: str = ""
    parity_max_abs_diff: float = 0.0
    training: dict = field(default_factory=dict)


@dataclass
class FingerprintSection:
    """A Bloom filter of every WINDOW-token window of the training text (engine.originality)."""

    window: int
    hash: str
    bits: int
    hashes: int
    run: int  # consecutive windows found that make a copy
    file: str = FINGERPRINT_FILE
    source: str = ""
    train_tokens: int = 0
    windows: int = 0
    fill: float = 0.0
    window_false_positive_rate: float = 0.0
    copy_tokens: int = 0
    false_flag_bound: float = 0.0


@dataclass
class AdaptationSection:
    """A pack made from another by training its models further on a writer's own texts (`creagen-train
    adapt`): what it started from and how much text it learnt from; never the texts or their names."""

    base: str  # the base pack's name
    base_lm_sha256: str  # its language model, as it was
    adapted: list[str]  # the kinds trained further ("lm", "vae"); the others are the base's as they were
    files: int  # the writer's files read
    characters: int  # of the writer's text after cleaning, all of it
    held_out_characters: int  # of those, held out to measure and stop early (never trained on)
    base_description: str = ""


@dataclass
class PoemFiles:
    prosody: str = PROSODY_FILE
    verse_lines: str = VERSE_LINES_FILE


@dataclass
class PoemSection:
    """What the poem writer needs beside the LM: the rhyme groups and tones of every character under
    each rhyme table (prosody.json, engine.prosody), and a Bloom filter of every verse line of the
    corpus (verse_lines.bin, engine.verse_guard: a written line that is a corpus line is a copy)."""

    tables: list[str]  # the rhyme tables prosody.json holds ("xin", "pingshui")
    line_hash: str
    line_bits: int
    line_hashes: int
    files: PoemFiles = field(default_factory=PoemFiles)
    chars: int = 0
    phrases: int = 0
    lines: int = 0
    line_false_positive_rate: float = 0.0
    sources: dict = field(default_factory=dict)  # what each table and the line filter were made from


@dataclass
class CoupletSection:
    """The matching-line regressor: the VAE code of a couplet's first line [B, latent] to the code of
    its second [B, latent], decoded by the pack's VAE."""

    latent: int
    file: str = COUPLET_FILE
    arch: str = ""
    hidden: int = 0
    layers: int = 0
    params: int = 0
    io: str = ""
    parity_max_abs_diff: float = 0.0
    training: dict = field(default_factory=dict)


@dataclass
class LexiconSection:
    """The words of the training text (engine.words.Lexicon): every feature writes only these or the
    writer's own. A gzipped UTF-8 list of lower-cased words, one a line, sorted; a Chinese character
    is an entry of its own (a Chinese pack's lexicon is its characters)."""

    words: int  # how many entries
    min_count: int  # each was seen at least this often in the training text
    file: str = LEXICON_FILE
    source: str = ""  # the text they were counted on


Scalar = typing.Union[int, float, str, bool, None]
OPTIONAL = KINDS + ("adaptation", "cache")  # sections a manifest may leave out (written without a null)


@dataclass
class Manifest:
    format: int
    name: str
    kinds: list[str]
    files: list[FileEntry]
    tokenizer: TokenizerSection
    language: str = ""
    description: str = ""
    lm: typing.Optional[LMSection] = None
    vae: typing.Optional[VAESection] = None
    gan: typing.Optional[GANSection] = None
    fingerprint: typing.Optional[FingerprintSection] = None
    adaptation: typing.Optional[AdaptationSection] = None
    lexicon: typing.Optional[LexiconSection] = None
    poem: typing.Optional[PoemSection] = None
    couplet: typing.Optional[CoupletSection] = None
    training: dict = field(default_factory=dict)  # the corpus: where the text came from, how it was split
    metrics: dict[str, Scalar] = field(default_factory=dict)  # figures measured on held-out text

    def section(self, kind: str):
        """The typed section of one kind ("lm", "vae", ...), or None."""
        return getattr(self, kind) if kind in KINDS else None

    def files_of(self, kind: str) -> list[str]:
        """The pack files a kind's section names."""
        s = self.section(kind)
        if s is None:
            return []
        if isinstance(s, VAESection):
            return [s.files.encoder, s.files.init, s.files.decoder]
        if isinstance(s, GANSection):
            return [s.files.generator]
        if isinstance(s, PoemSection):
            return [s.files.prosody, s.files.verse_lines]
        return [s.file]

    @classmethod
    def from_dict(cls, data: object) -> "Manifest":
        """The manifest, every field type-checked; raises ModelPackError naming the first bad field."""
        return _read(cls, data, "manifest")

    def to_dict(self) -> dict:
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None and f.name in OPTIONAL:
                continue  # an absent model (or a pack not adapted) has no section
            out[f.name] = plain(value)
        return out


# -- reading and writing -------------------------------------------------------------------------

MAX_DEPTH = 32  # free-form dicts (training options, io descriptions) may nest, but not without end


def plain(value):
    """A section (or any value holding sections) as plain JSON values."""
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not (getattr(value, f.name) is None and f.name in OPTIONAL)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _kind_name(tp) -> str:
    return {int: "a whole number", float: "a number", str: "text", bool: "true or false", dict: "an object",
            list: "a list"}.get(tp, getattr(tp, "__name__", str(tp)))


def _fail(where: str, expected: str, got) -> typing.NoReturn:
    raise ModelPackError(f"its manifest.json is malformed: {where} should be {expected}, not {_short(got)}.")


def _short(value) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def _depth_ok(value, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    return True


def _read(tp, value, where: str):
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _read(option, value, where)
            except ModelPackError:
                if len(options) == 2:  # Optional[X]: X's own message is the clearer one
                    raise
        _fail(where, "a number, text, true/false or null", value)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            _fail(where, "an object", value)
        hints = typing.get_type_hints(tp)
        known = {f.name: f for f in dataclasses.fields(tp)}
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise ModelPackError(f"its manifest.json is malformed: {where} has an unknown field {unknown[0]!r}.")
        kwargs = {}
        for name, f in known.items():
            if name in value:
                kwargs[name] = _read(hints[name], value[name], f"{where}.{name}" if where != "manifest" else name)
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ModelPackError(f"its manifest.json is incomplete: {where} has no {name!r}.")
        return tp(**kwargs)
    if origin is list:
        if not isinstance(value, list):
            _fail(where, "a list", value)
        (item,) = typing.get_args(tp)
        return [_read(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            _fail(where, "an object", value)
        _, item = typing.get_args(tp)
        return {str(k): _read(item, v, f"{where}.{k}") for k, v in value.items()}
    if tp is dict:
        if not isinstance(value, dict):
            _fail(where, "an object", value)
        if not _depth_ok(value):
            raise ModelPackError(f"its manifest.json is malformed: {where} is nested too deeply.")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            _fail(where, _kind_name(bool), value)
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            _fail(where, _kind_name(int), value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            _fail(where, _kind_name(float), value)
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            _fail(where, _kind_name(str), value)
        return value
    if tp is type(None):
        if value is not None:
            _fail(where, "null", value)
        return None
    raise TypeError(f"no reader for {tp}")  # a programming error in this file, not a bad pack
