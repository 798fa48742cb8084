"""A novel standing in for a writer's own: Moby-Dick, which the bundled pack never trained on, cut by
chapters (the first 80% are "the writer's text", the last 20% are scored), and the other held-out
book, Robinson Crusoe, to see what adapting forgets. Also the book's proper names that the training
text never has (Ahab, Queequeg, ...), found automatically.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "gutenberg-fiction"
NOVEL = CORPUS / "melville_moby-dick.txt"
OTHER = CORPUS / "defoe_robinson-crusoe.txt"
HELD_OUT = (NOVEL.name, OTHER.name)  # the bundled pack's validation books: never trained on
WRITER_SHARE = 0.8

_CHAPTER = re.compile(r"^(CHAPTER \d+\..*|Epilogue)$", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z][a-z]+")


def _clean(text: str) -> str:
    """Prepare's rules for a Gutenberg book: the same cleaning its held-out text had."""
    from training.corpus import join_paragraphs, normalise, paragraphs, strip_gutenberg

    body, _ = normalise(text)
    return join_paragraphs(paragraphs(strip_gutenberg(body)))


def chapters(path: Path = NOVEL) -> list[str]:
    """The book's chapters (heading and text) in order, after its front matter and contents."""
    text = path.read_text(encoding="utf-8-sig")
    heads = list(_CHAPTER.finditer(text))
    # the table of contents lists every heading once before the book does: start at the second "CHAPTER 1."
    firsts = [i for i, m in enumerate(heads) if m.group(0).startswith("CHAPTER 1.")]
    heads = heads[firsts[-1]:]
    end = re.search(r"^\*\*\* END OF", text, re.MULTILINE)
    stop = end.start() if end else len(text)
    return [text[m.start(): (heads[i + 1].start() if i + 1 < len(heads) else stop)] for i, m in enumerate(heads)]


def writer_and_scored(folder: Path) -> tuple[list[Path], str]:
    """Write the first 80% of the chapters into `folder` as a writer would keep them (a file a chapter,
    hard-wrapped as the book is); return the files and the cleaned last 20% (the scored part)."""
    parts = chapters()
    cut = round(len(parts) * WRITER_SHARE)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, chapter in enumerate(parts[:cut], 1):
        f = folder / f"chapter-{i:03d}.txt"
        f.write_text(chapter, encoding="utf-8")
        files.append(f)
    return files, _clean("".join(parts[cut:]))


def other_book() -> str:
    return _clean(OTHER.read_text(encoding="utf-8-sig"))


RARE = 2  # a name the training text has at most this often is one the model has not learnt


def training_counts() -> Counter:
    """How often each word (lower-cased) is in the bundled pack's training books (the corpus minus its
    two held-out books)."""
    counts: Counter = Counter()
    for f in sorted(CORPUS.glob("*.txt")):
        if f.name not in HELD_OUT:
            counts.update(w.lower() for w in _WORD.findall(f.read_text(encoding="utf-8-sig")))
    return counts


def proper_names(text: str, trained: Counter, least: int = 4) -> list[str]:
    """Capitalised words of `text` seen there at least `least` times and never in lower case, that the
    training text has at most RARE times (Ahab twice, in Jane Eyre; Pequod once; Queequeg never): the
    book's own names."""
    counts = Counter(_WORD.findall(text))
    return sorted(w for w, n in counts.items() if w[0].isupper() and n >= least and w.lower() not in counts
                  and trained[w.lower()] <= RARE)
