"""Authorship marks: which stretches of a document came from the model, and from which feature.

Marks are ranges of editor positions (Qt counts UTF-16 code units). In the editor they live on the
text itself (ui/editor/marks.py: each character knows who wrote it, so a character the writer
types or replaces is theirs); this module is what they are outside it. The
document itself stays plain text; the marks live in a sidecar file next to it,
`<document>.creagen.json`, tied to the exact text by its sha256 so a change made elsewhere drops
them rather than misplacing them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from creagen_desktop.documents.files import atomic_write

FEATURES = ("continuation", "variation", "blend", "spark", "alternative", "poem")
SIDECAR_SUFFIX = ".creagen.json"
SIDECAR_FORMAT = 1


@dataclass
class Span:
    start: int
    end: int
    feature: str


def qt_length(text: str) -> int:
    """The length of text in editor positions (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def python_spans(text: str, spans: list[Span]) -> list[tuple[int, int, str]]:
    """Marks in editor positions (UTF-16 code units) as offsets into the Python string."""
    if len(text.encode("utf-16-le")) // 2 == len(text):
        return [(s.start, s.end, s.feature) for s in spans]
    index = []  # index[u] = Python offset of UTF-16 unit u
    for i, ch in enumerate(text):
        index.append(i)
        if ord(ch) > 0xFFFF:
            index.append(i)
    index.append(len(text))
    return [(index[min(s.start, len(index) - 1)], index[min(s.end, len(index) - 1)], s.feature) for s in spans]


def model_words(text: str, spans: list[Span]) -> int:
    """Words of the model's text (whitespace-separated, as the counts count), from a plain copy of
    the text: no editor cursor moves, so 20,000 marks take milliseconds."""
    from creagen_desktop.documents.counts import count_words

    return sum(count_words(text[a:b]) for a, b, _ in python_spans(text, spans))


class AuthorshipMarks:
    def __init__(self, spans: list[Span] | None = None):
        self.spans: list[Span] = sorted(spans or [], key=lambda s: s.start)

    @staticmethod
    def _merged(spans: list[Span]) -> list[Span]:
        merged: list[Span] = []
        for s in spans:
            if s.end <= s.start:
                continue
            if merged and merged[-1].feature == s.feature and merged[-1].end == s.start:
                merged[-1] = Span(merged[-1].start, s.end, s.feature)
            else:
                merged.append(s)
        return merged

    def report(self, length: int) -> dict[str, float]:
        """Share of the document (0..1) written by the model, by feature, plus "writer"."""
        shares = {f: 0.0 for f in FEATURES}
        if length <= 0:
            return {**shares, "writer": 0.0}
        for s in self.spans:
            shares[s.feature] += (min(s.end, length) - max(s.start, 0)) / length
        shares["writer"] = max(0.0, 1.0 - sum(shares.values()))
        return shares

    # -- sidecar ------------------------------------------------------------------------------

    def to_json(self, text: str) -> dict:
        return {
            "format": SIDECAR_FORMAT,
            "about": "Creagen authorship marks: ranges of the document written by the model",
            "units": "utf-16 code units of the text with \\n line endings",
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "spans": [[s.start, s.end, s.feature] for s in self.spans],
        }

    @classmethod
    def from_json(cls, data: dict, text: str) -> "AuthorshipMarks":
        """Marks for `text`; ValueError when the data does not belong to it or is malformed."""
        if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
            raise ValueError("not a sidecar this version understands")
        if data.get("sha256") != hashlib.sha256(text.encode("utf-8")).hexdigest():
            raise ValueError("the document was changed outside Creagen")
        return cls.from_spans(data.get("spans", []), qt_length(text))

    @classmethod
    def from_spans(cls, items: list, length: int) -> "AuthorshipMarks":
        """Marks from [start, end, feature] lists; ValueError if one is malformed or outside `length`."""
        spans = []
        for item in items:
            start, end, feature = item
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length
                    and feature in FEATURES):
                raise ValueError("a mark lies outside the document")
            spans.append(Span(start, end, feature))
        return cls(cls._merged(sorted(spans, key=lambda s: s.start)))


def sidecar_path(doc_path: Path) -> Path:
    doc_path = Path(doc_path)
    return doc_path.with_name(doc_path.name + SIDECAR_SUFFIX)


def save_sidecar(doc_path: Path, marks: AuthorshipMarks, text: str) -> None:
    """Write the marks next to the document (atomically), or remove a stale sidecar when there are none."""
    side = sidecar_path(doc_path)
    if not marks.spans:
        try:
            side.unlink()
        except FileNotFoundError:
            pass
        return
    atomic_write(side, json.dumps(marks.to_json(text), indent=1).encode("utf-8"))


def load_sidecar(doc_path: Path, text: str) -> tuple[AuthorshipMarks, str | None]:
    """The marks saved with a document, and a note for the writer when some had to be dropped."""
    side = sidecar_path(doc_path)
    if not side.is_file():
        return AuthorshipMarks(), None
    try:
        return AuthorshipMarks.from_json(json.loads(side.read_text(encoding="utf-8")), text), None
    except RecursionError:
        return AuthorshipMarks(), "Authorship marks were not restored (their file is nested too deeply)."
    except (OSError, ValueError, TypeError, UnicodeDecodeError) as exc:
        return AuthorshipMarks(), f"Authorship marks were not restored ({exc})."
