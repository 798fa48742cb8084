"""Which language a document is written in, so that it gets the model pack of its language. No Qt.

A document is Chinese when Chinese characters make up at least ZH_SHARE of its letters and
characters (punctuation, digits and spaces do not count), English otherwise; a document with no
letters yet is undecided and follows the app's own language. The writer may fix a document's
language instead (DocumentLanguage.choice); detection then no longer changes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AUTO = "auto"
LANGUAGES = ("en", "zh")  # the languages a document may be in (a pack's manifest names its own)
ZH_SHARE = 0.3  # a quotation in English inside Chinese prose keeps it Chinese, and the reverse
SAMPLE_CHARS = 20_000  # detection reads the start and the end of a long document, this much of each

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_LETTER = re.compile(r"[^\W\d_]")  # letters of any script (Han characters among them)


def cjk_share(text: str) -> float | None:
    """The share of Han characters among the letters of `text`; None when it has none."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    return len(_HAN.findall(text)) / letters


def sample(text: str, chars: int = SAMPLE_CHARS) -> str:
    """What detection reads of a long text: its start and its end (the writer's latest words)."""
    return text if len(text) <= 2 * chars else text[:chars] + "\n" + text[-chars:]


def detect(text: str) -> str | None:
    """"zh", "en", or None when the text has no letters to tell by."""
    share = cjk_share(sample(text))
    if share is None:
        return None
    return "zh" if share >= ZH_SHARE else "en"


@dataclass
class DocumentLanguage:
    """A document's language: the writer's choice (AUTO: detected), else the detected one, else `fallback`."""

    choice: str = AUTO
    detected: str | None = None
    fallback: str = "en"

    @property
    def code(self) -> str:
        if self.choice != AUTO:
            return self.choice
        return self.detected or self.fallback

    def redetect(self, text: str) -> bool:
        """Detect again from `text`; True when the document's language changed."""
        before = self.code
        self.detected = detect(text)
        return self.code != before

    def choose(self, choice: str) -> bool:
        if choice != AUTO and choice not in LANGUAGES:
            raise ValueError(f"a document's language must be {AUTO} or one of {', '.join(LANGUAGES)}, not {choice!r}")
        before = self.code
        self.choice = choice
        return self.code != before
