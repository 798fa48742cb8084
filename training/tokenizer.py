"""Training the pack's sentencepiece tokenizer.

Settings chosen for an exact round trip: identity normalisation (the corpus is already NFC),
no whitespace collapsing, no dummy prefix, newline as its own symbol, byte fallback so any
character a writer types can be encoded.
"""

from __future__ import annotations

import io
from pathlib import Path

import sentencepiece as spm

SPACE = "\u2581"  # sentencepiece's mark for a space
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
    """Train on the text's lines; writes out_path (a .model file) and returns it.

    model_type "char" makes one piece of every character of the text (Chinese: a poem's line of N
    characters is then N tokens, which a form-constrained decoder counts exactly); its vocabulary
    size follows from the text, and `vocab_size` is not used. A space is a piece of its own there
    (the corpus may have none), so a writer's space costs one token, not three bytes."""
    if model_type not in ("unigram", "bpe", "char"):
        raise ValueError("model_type must be 'unigram', 'bpe' or 'char'")
    distinct = len(set(train_text) - {"\n"})
    symbols = ["\n"]
    if model_type == "char":
        symbols.append(SPACE)
        # <unk> <s> </s>, the user symbols, the byte pieces and every character
        vocab_size = 3 + len(symbols) + 256 + len(set(train_text) - {"\n", " ", SPACE})
        coverage = 1.0
    else:
        # byte fallback reserves 256 pieces; every character of the text also needs one
        needed = 256 + 4 + min(distinct, 1000)
        if vocab_size < needed:
            raise ValueError(f"a vocabulary of {vocab_size} is too small for this text: byte fallback and its "
                             f"{distinct} distinct characters need at least {needed} pieces")
        coverage = 1.0 if distinct < 1000 else 0.9995
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=_training_lines(train_text, max_lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=coverage,
        byte_fallback=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        add_dummy_prefix=False,
        split_digits=True,
        user_defined_symbols=symbols,
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
