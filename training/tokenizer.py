"""Training the pack's sentencepiece tokenizer.

Settings chosen for an exact round trip: identity normalisation (the corpus is already NFC),
no whitespace collapsing, no dummy prefix, newline as its own symbol, byte fallback so any
character a writer types can be encoded.
"""

from __future__ import annotations

import io
from pathlib import Path

import sentencepiece as spm

# A paragraph longer than this is cut into pieces for tokenizer training only.
_MAX_SENTENCE_BYTES = 8192


def _training_lines(text: str, max_lines: int):
    count = 0
    for line in text.split("\n"):
        line = line.strip()
        while line:
            piece, line = line[:2000], line[2000:]
            yield piece
            count += 1
            if count >= max_lines:
                return


def train_tokenizer(
    train_text: str,
    out_path: Path,
    vocab_size: int = 8000,
    model_type: str = "unigram",
    max_lines: int = 400_000,
    seed: int = 0,
) -> Path:
    """Train on the text's lines; writes out_path (a .model file) and returns it."""
    if model_type not in ("unigram", "bpe"):
        raise ValueError("model_type must be 'unigram' or 'bpe'")
    distinct = len(set(train_text) - {"\n"})
    # byte fallback reserves 256 pieces; every character of the text also needs one
    needed = 256 + 4 + min(distinct, 1000)
    if vocab_size < needed:
        raise ValueError(f"a vocabulary of {vocab_size} is too small for this text: byte fallback and its "
                         f"{distinct} distinct characters need at least {needed} pieces")
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=_training_lines(train_text, max_lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0 if distinct < 1000 else 0.9995,
        byte_fallback=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        add_dummy_prefix=False,
        split_digits=True,
        user_defined_symbols=["\n"],
        max_sentence_length=_MAX_SENTENCE_BYTES,
        hard_vocab_limit=False,
        unk_surface="\u2047",
        num_threads=2,
        minloglevel=2,
    )
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(model.getvalue())
    return out_path
