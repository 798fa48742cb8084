"""Export for submission: a document or a project's chapters (in order) to .docx, .odt or .epub.

Markdown is read with markdown-it-py (CommonMark): headings, paragraphs, emphasis, strong, code,
quotes and list items come out as the format's own headings and styles. A .txt chapter is plain
paragraphs, one a line. The authorship marks can be left out, kept as a colour behind the model's
text, or kept as comments naming the feature (a title on the text in an EPUB, which has no
comments). The writers for each format are in export_formats.py. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from creagen_desktop.documents.authorship import Span, python_spans

FORMATS = {"docx": "Word document (.docx)", "odt": "OpenDocument text (.odt)", "epub": "EPUB e-book (.epub)"}
AUTHORSHIP = {"none": "Leave the marks out", "colour": "Keep them as a colour", "comment": "Keep them as comments"}
MARKDOWN_SUFFIXES = (".md", ".markdown")
# the colour behind model text in an export: one soft colour for every feature, as a reader expects
EXPORT_TINTS = {"continuation": "DCE6FA", "variation": "DDF1E2", "blend": "EBDDF3", "spark": "FBE6CF", "alternative": "D5F0F1", "poem": "F8DCDC"}


class ExportError(Exception):
    """An export that could not be written; the message is for the writer."""


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    author: str | None = None  # the feature that wrote it, or None for the writer


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "quote" or "item"
    runs: list[Run]
    level: int = 0  # heading level 1-6


@dataclass
class Chapter:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Source:
    """One document to export: its name, text (\\n line ends), marks (editor positions) and kind."""

    name: str
    text: str
    spans: list[Span] = field(default_factory=list)
    markdown: bool = False


def _authored(text: str, start: int, marks: list[tuple[int, int, str]], **style) -> list[Run]:
    """text (which starts at offset `start` of the source) cut into runs where the author changes."""
    cuts = {0, len(text)}
    for a, b, _ in marks:
        for x in (a - start, b - start):
            if 0 < x < len(text):
                cuts.add(x)
    runs = []
    edges = sorted(cuts)
    for a, b in zip(edges, edges[1:]):
        pos = start + a
        author = next((f for s, e, f in marks if s <= pos < e), None)
        runs.append(Run(text[a:b], author=author, **style))
    return runs


def _line_offsets(text: str) -> list[int]:
    offsets, at = [], 0
    for line in text.split("\n"):
        offsets.append(at)
        at += len(line) + 1
    offsets.append(at)
    return offsets


def parse_markdown(text: str, marks: list[tuple[int, int, str]]) -> list[Block]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    lines = _line_offsets(text)
    blocks, kind, level, quote, item = [], "paragraph", 0, 0, 0
    for tok in tokens:
        if tok.type == "blockquote_open":
            quote += 1
        elif tok.type == "blockquote_close":
            quote -= 1
        elif tok.type == "list_item_open":
            item += 1
        elif tok.type == "list_item_close":
            item -= 1
        elif tok.type == "heading_open":
            kind, level = "heading", int(tok.tag[1:])
        elif tok.type == "paragraph_open":
            kind, level = ("quote" if quote else "item" if item else "paragraph"), 0
        elif tok.type == "fence" or tok.type == "code_block":
            blocks.append(Block("paragraph", [Run(tok.content.rstrip("\n"), code=True)]))
        elif tok.type == "inline":
            source_at = lines[tok.map[0]] if tok.map else 0
            blocks.append(Block(kind, _inline_runs(tok.children or [], text, source_at, marks), level))
    return blocks


def _inline_runs(children, text: str, at: int, marks) -> list[Run]:
    """The runs of one paragraph; each piece of text is found in the source after the last one, so
    its characters keep their authors."""
    runs: list[Run] = []
    bold = italic = False
    for child in children:
        if child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        elif child.type in ("softbreak", "hardbreak"):
            found = text.find("\n", at)
            at = found + 1 if found >= 0 else at
            runs.append(Run("\n" if child.type == "hardbreak" else " "))
        elif child.type in ("text", "code_inline") and child.content:
            found = text.find(child.content, at)
            if found < 0:  # an escape or an entity: the text differs from the source; no marks then
                runs.append(Run(child.content, bold, italic, child.type == "code_inline"))
                continue
            runs += _authored(child.content, found, marks, bold=bold, italic=italic, code=child.type == "code_inline")
            at = found + len(child.content)
    return runs


def parse_plain(text: str, marks: list[tuple[int, int, str]]) -> list[Block]:
    blocks, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block("paragraph", _authored(line, at, marks)))
        at += len(line) + 1
    return blocks


def chapter_of(source: Source) -> Chapter:
    """A source as a chapter: its blocks, titled by its first heading (or else its name, which is
    then put at its head, so every chapter opens with its title)."""
    marks = python_spans(source.text, source.spans)
    blocks = parse_markdown(source.text, marks) if source.markdown else parse_plain(source.text, marks)
    if blocks and blocks[0].kind == "heading":
        return Chapter("".join(r.text for r in blocks[0].runs), blocks)
    return Chapter(source.name, [Block("heading", [Run(source.name)], 1)] + blocks)


def export(sources: list[Source], path: Path, fmt: str, authorship: str = "none", title: str = "",
           author: str = "") -> Path:
    """Write the sources, in order, to `path` in `fmt` ("docx", "odt" or "epub"); ExportError in
    plain words when it cannot be written. The file is written whole or not at all."""
    from creagen_desktop.documents import export_formats
    from creagen_desktop.documents.files import atomic_write

    if fmt not in FORMATS:
        raise ExportError(f"Creagen cannot export to {fmt!r}; it writes {', '.join(FORMATS)}.")
    if authorship not in AUTHORSHIP:
        raise ExportError(f"Unknown choice for the authorship marks: {authorship!r}.")
    if not sources or not any(s.text.strip() for s in sources):
        raise ExportError("There is nothing to export: the text is empty.")
    chapters = [chapter_of(s) for s in sources]
    title = title.strip() or chapters[0].title
    try:
        data = export_formats.WRITERS[fmt](chapters, authorship, title, author.strip())
        atomic_write(Path(path), data)
    except OSError as exc:
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}") from exc
    return Path(path)
