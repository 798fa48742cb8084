"""Reading and cleaning a training corpus: Gutenberg stripping, normalisation, dedupe, split.

The cleaned text is a sequence of paragraphs separated by one blank line. Hard-wrapped prose is
unwrapped, because writers type flowing paragraphs and the model should not learn to break lines
every seventy characters; short-line text (verse, plays) keeps its line breaks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from training.workdir import WorkDir

TEXT_SUFFIXES = {".txt", ".md"}

# Gutenberg markers vary between books: "*** START OF THIS/THE PROJECT GUTENBERG EBOOK X ***",
# a marker wrapped over two lines, and the older "*END*THE SMALL PRINT!" preambles.
_START = re.compile(r"^\s*\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
_SMALL_PRINT_END = re.compile(r"^\s*\*END\*\s*THE SMALL PRINT", re.IGNORECASE)
_END = re.compile(
    r"^\s*(?:\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG"
    r"|End of (?:the )?Project Gutenberg'?s?\b"
    r"|End of this Project Gutenberg)",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^\s*(?:Produced by|Transcribed from|E-?text prepared by|This e-?book was)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Prose is wrapped near 70 characters; a paragraph whose longest line is shorter is verse or a list.
_WRAPPED_PROSE_MIN_LINE = 55
# No one hard-wraps this wide: a block with a longer line is typed text, one paragraph a line (a
# writer's own files, unlike Gutenberg's).
_TYPED_LINE = 100


class CorpusError(Exception):
    """A corpus file or folder that cannot be used, with a message naming it."""


@dataclass
class CleanReport:
    files: list[str] = field(default_factory=list)
    raw_chars: int = 0
    kept_chars: int = 0
    gutenberg_chars_removed: int = 0
    control_chars_removed: int = 0
    paragraphs_kept: int = 0
    duplicate_paragraphs_removed: int = 0
    skipped: list[str] = field(default_factory=list)
    held_out: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"files read:               {len(self.files)}",
            f"characters read:          {self.raw_chars:,}",
            f"Gutenberg header/footer:  {self.gutenberg_chars_removed:,} characters removed",
            f"control characters:       {self.control_chars_removed:,} removed",
            f"duplicate paragraphs:     {self.duplicate_paragraphs_removed:,} removed",
            f"paragraphs kept:          {self.paragraphs_kept:,}",
            f"characters kept:          {self.kept_chars:,}",
        ]
        if self.held_out:
            lines.append(f"validation books (held out): {', '.join(self.held_out)}")
        lines += [f"skipped: {s}" for s in self.skipped]
        return "\n".join(lines)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def list_text_files(paths: list[str | Path], skip_hidden: bool = False) -> list[Path]:
    """Expand files and folders into a sorted list of .txt/.md files (with skip_hidden, none inside a
    folder's hidden files or folders: .git, an editor's settings, ...)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in TEXT_SUFFIXES
                            and not (skip_hidden and _hidden(q, p)))
        elif p.is_file():
            found.append(p)
        else:
            raise CorpusError(f"{p}: no such file or folder")
    if not found:
        raise CorpusError(f"no .txt or .md files found in {', '.join(map(str, paths))}")
    return found


def read_text_file(path: Path) -> str:
    """Decode a text file as UTF-8 (BOM allowed), refusing binary or undecodable files clearly."""
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise CorpusError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None


def strip_gutenberg(text: str) -> str:
    """Keep only the book between the Project Gutenberg start and end markers (if there are any)."""
    lines = text.split("\n")
    start = 0
    for i, line in enumerate(lines):
        if _START.match(line) or _SMALL_PRINT_END.match(line):
            # The marker may wrap onto the next line; it ends at the line that closes with "***".
            j = i
            while j < min(i + 3, len(lines) - 1) and not lines[j].rstrip().endswith("*"):
                j += 1
            start = j + 1
            break
    end = len(lines)
    for i in range(start, len(lines)):
        if _END.match(lines[i]):
            end = i
            break
    body = lines[start:end]
    # Transcriber credits sit right after the start marker.
    k = 0
    while k < len(body) and (not body[k].strip() or _CREDIT.match(body[k])):
        if _CREDIT.match(body[k]):
            # a credit can run over several lines up to the next blank line
            while k < len(body) and body[k].strip():
                body[k] = ""
                k += 1
        k += 1
    return "\n".join(body)


def normalise(text: str) -> tuple[str, int]:
    """NFC, LF newlines, no control characters, single spaces. Returns (text, control chars removed)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, n_control = _CONTROL.subn("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return text, n_control


def paragraphs(text: str, typed_lines: bool = False) -> list[str]:
    """Split normalised text into paragraphs, unwrapping hard-wrapped prose. With `typed_lines`, a
    block with a line too long to be hard-wrapped has a paragraph a line (as editors write them)."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if typed_lines and max(map(len, lines)) > _TYPED_LINE:
            out.extend(lines)
        elif len(lines) > 1 and max(map(len, lines)) >= _WRAPPED_PROSE_MIN_LINE:
            out.append(" ".join(lines))
        else:
            out.append("\n".join(lines))
    return out


def clean_files(files: list[Path], report: CleanReport | None = None,
                gutenberg: bool = True) -> tuple[list[str], CleanReport]:
    """Read, strip, normalise and dedupe; returns the kept paragraphs in file order. Without
    `gutenberg` (a writer's own files) nothing is taken for a Project Gutenberg header or footer, and
    a line too long to be hard-wrapped is a paragraph of its own."""
    report = report or CleanReport()
    seen: set[bytes] = set()
    kept: list[str] = []
    for path in files:
        try:
            raw = read_text_file(path)
        except CorpusError as exc:
            report.skipped.append(str(exc))
            continue
        report.files.append(str(path))
        report.raw_chars += len(raw)
        text, n_control = normalise(raw)
        report.control_chars_removed += n_control
        body = strip_gutenberg(text) if gutenberg else text
        report.gutenberg_chars_removed += len(text) - len(body)
        for para in paragraphs(body, typed_lines=not gutenberg):
            key = hashlib.blake2b(para.encode("utf-8"), digest_size=16).digest()
            if key in seen:
                report.duplicate_paragraphs_removed += 1
                continue
            seen.add(key)
            kept.append(para)
    report.paragraphs_kept = len(kept)
    report.kept_chars = sum(map(len, kept)) + 2 * max(len(kept) - 1, 0)
    if not kept:
        detail = "; ".join(report.skipped) if report.skipped else "every file was empty after cleaning"
        raise CorpusError(f"the corpus has no usable text ({detail})")
    return kept, report


def split_train_val(paras: list[str], val_fraction: float = 0.05, block: int = 50) -> tuple[list[str], list[str]]:
    """Deterministic split: contiguous runs of `block` paragraphs, every k-th run to validation.

    Contiguous runs keep validation text as real running prose (not isolated lines) while spreading
    it over every book of the corpus.
    """
    if not 0 < val_fraction < 1:
        raise ValueError("val_fraction must be between 0 and 1")
    if len(paras) < 2:
        return paras, paras
    every = max(2, round(1 / val_fraction))
    train, val = [], []
    for i in range(0, len(paras), block):
        (val if (i // block) % every == every - 1 else train).extend(paras[i : i + block])
    if not val:  # tiny corpora: hold out the last paragraph
        train, val = paras[:-1], paras[-1:]
    return train, val


def join_paragraphs(paras: list[str]) -> str:
    return "\n\n".join(paras) + "\n"


def split_books(files: list[Path], val_fraction: float) -> tuple[list[Path], list[Path]]:
    """Hold out whole books (every k-th file in name order), so validation measures unseen books."""
    every = max(2, round(1 / val_fraction))
    val = [f for i, f in enumerate(files) if i % every == every // 2]
    return [f for f in files if f not in val], val


def prepare(
    paths: list[str | Path],
    out_dir: Path,
    val_fraction: float = 0.05,
    val_file: Path | None = None,
    min_books_for_book_split: int = 10,
) -> CleanReport:
    """Write the work folder's training and validation text (and what cleaning did) into out_dir.

    Validation is, in order of preference: the given val_file (scored as is); whole held-out books
    when the corpus has enough files; else runs of paragraphs spread over the corpus.
    """
    files = list_text_files(paths)
    report = CleanReport()
    if val_file is not None:
        train, _ = clean_files(files, report)
        val_text = read_val_text(val_file)
    elif len(files) >= min_books_for_book_split:
        train_files, val_files = split_books(files, val_fraction)
        train, _ = clean_files(train_files, report)
        val_paras, _ = clean_files(val_files, CleanReport())
        val_text = join_paragraphs(val_paras)
        report.held_out = [f.name for f in val_files]
    else:
        paras, _ = clean_files(files, report)
        train, val = split_train_val(paras, val_fraction)
        val_text = join_paragraphs(val)
    work = WorkDir(out_dir)
    work.root.mkdir(parents=True, exist_ok=True)
    work.train.write_text(join_paragraphs(train), encoding="utf-8")
    work.val.write_text(val_text, encoding="utf-8")
    work.clean_report.write_text(report.summary() + "\n", encoding="utf-8")
    return report


def read_val_text(path: Path) -> str:
    """Validation text is scored as given (only decoded and LF-normalised) so figures stay comparable."""
    return read_text_file(Path(path)).replace("\r\n", "\n").replace("\r", "\n")
