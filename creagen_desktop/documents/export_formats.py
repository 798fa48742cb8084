"""The three export formats, each from the chapters export.py made: python-docx for .docx (Word's
own styles: Title, Heading 1-6, Quote, List Bullet; real comments), odfpy for .odt (the OpenDocument
reference library: named paragraph styles, office annotations), ebooklib for .epub (EPUB 3 with a
navigation document and an NCX for older readers). Each returns the file's bytes. No Qt.
"""

from __future__ import annotations

import html
import io
import uuid

from creagen_desktop.documents.export import EXPORT_TINTS, Chapter, Run

NOTE = "Written by the model ({})"
MONO = "Courier New"


def _groups(runs: list[Run]) -> list[tuple[str | None, list[int]]]:
    """Consecutive runs of one author: (author, run indexes)."""
    out: list[tuple[str | None, list[int]]] = []
    for i, run in enumerate(runs):
        if out and out[-1][0] == run.author:
            out[-1][1].append(i)
        else:
            out.append((run.author, [i]))
    return out


# -- .docx --------------------------------------------------------------------------------------


def write_docx(chapters: list[Chapter], authorship: str, title: str, author: str) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = author
    styles = {"paragraph": None, "quote": "Quote", "item": "List Bullet"}
    for c, chapter in enumerate(chapters):
        for b, block in enumerate(chapter.blocks):
            if block.kind == "heading":
                p = doc.add_heading("", level=min(max(block.level, 1), 6))
                if c and b == 0:
                    p.paragraph_format.page_break_before = True  # each chapter on a new page
            else:
                p = doc.add_paragraph(style=styles[block.kind])
            made = []
            for run in block.runs:
                r = p.add_run(run.text)
                r.bold, r.italic = run.bold or None, run.italic or None
                if run.code:
                    r.font.name = MONO
                if run.author and authorship == "colour":
                    shade = OxmlElement("w:shd")  # a background of any colour (highlights have 16)
                    shade.set(qn("w:val"), "clear")
                    shade.set(qn("w:color"), "auto")
                    shade.set(qn("w:fill"), EXPORT_TINTS[run.author])
                    r.element.get_or_add_rPr().append(shade)
                made.append(r)
            if authorship == "comment":
                for who, idx in _groups(block.runs):
                    if who:
                        doc.add_comment([made[i] for i in idx], text=NOTE.format(who), author="Creagen", initials="CG")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- .odt ---------------------------------------------------------------------------------------


def write_odt(chapters: list[Chapter], authorship: str, title: str, author: str) -> bytes:
    from odf import dc, office
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P, Span

    doc = OpenDocumentText()
    doc.meta.addElement(dc.Title(text=title))
    if author:
        doc.meta.addElement(dc.Creator(text=author))
    para_styles = {}

    def para_style(name, **props):
        st = Style(name=name, family="paragraph")
        st.addElement(ParagraphProperties(**props.pop("para", {})))
        st.addElement(TextProperties(**props))
        doc.styles.addElement(st)
        para_styles[name] = st
        return st

    para_style("Text Body", para={"marginbottom": "0.2cm"})
    para_style("Quotations", para={"marginleft": "1cm", "marginright": "1cm"}, fontstyle="italic")
    para_style("List Paragraph", para={"marginleft": "0.6cm"})
    sizes = {1: "20pt", 2: "16pt", 3: "14pt", 4: "13pt", 5: "12pt", 6: "11pt"}
    for level, size in sizes.items():
        para_style(f"Heading {level}", para={"margintop": "0.4cm", "marginbottom": "0.2cm"}, fontsize=size, fontweight="bold")
    chapter_start = Style(name="Chapter Start", family="paragraph", parentstylename=para_styles["Heading 1"])
    chapter_start.addElement(ParagraphProperties(breakbefore="page"))
    doc.automaticstyles.addElement(chapter_start)
    text_styles: dict[tuple, Style] = {}

    def text_style(run: Run) -> Style | None:
        key = (run.bold, run.italic, run.code, run.author if authorship == "colour" else None)
        if key == (False, False, False, None):
            return None
        if key not in text_styles:
            props = {}
            if run.bold:
                props["fontweight"] = "bold"
            if run.italic:
                props["fontstyle"] = "italic"
            if run.code:
                props["fontfamily"] = MONO
            if key[3]:
                props["backgroundcolor"] = "#" + EXPORT_TINTS[key[3]]
            st = Style(name=f"T{len(text_styles) + 1}", family="text")
            st.addElement(TextProperties(**props))
            doc.automaticstyles.addElement(st)
            text_styles[key] = st
        return text_styles[key]

    names = {"paragraph": "Text Body", "quote": "Quotations", "item": "List Paragraph"}
    for c, chapter in enumerate(chapters):
        for b, block in enumerate(chapter.blocks):
            if block.kind == "heading":
                level = min(max(block.level, 1), 6)
                style = chapter_start if (c and b == 0 and level == 1) else para_styles[f"Heading {level}"]
                p = H(outlinelevel=level, stylename=style)
            else:
                p = P(stylename=para_styles[names[block.kind]])
                if block.kind == "item":
                    p.addText("• ")
            for who, idx in _groups(block.runs):
                if who and authorship == "comment":
                    note = office.Annotation()
                    note.addElement(dc.Creator(text="Creagen"))
                    note.addElement(P(text=NOTE.format(who)))
                    p.addElement(note)
                for i in idx:
                    run = block.runs[i]
                    style = text_style(run)
                    if style is None:
                        p.addText(run.text)
                    else:
                        span = Span(stylename=style)
                        span.addText(run.text)
                        p.addElement(span)
            doc.text.addElement(p)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


# -- .epub --------------------------------------------------------------------------------------

CSS = """body { font-family: serif; line-height: 1.5; }
h1, h2, h3 { font-family: sans-serif; }
p { margin: 0 0 0.6em 0; text-indent: 0; }
blockquote { margin: 0 2em; font-style: italic; }
code { font-family: monospace; }
""" + "".join(f".model-{f} {{ background-color: #{c}; }}\n" for f, c in EXPORT_TINTS.items())


def _xhtml_runs(runs: list[Run], authorship: str) -> str:
    parts = []
    for who, idx in _groups(runs):
        inner = ""
        for i in idx:
            r = runs[i]
            piece = "<br/>" if r.text == "\n" else html.escape(r.text)
            if r.code:
                piece = f"<code>{piece}</code>"
            if r.italic:
                piece = f"<em>{piece}</em>"
            if r.bold:
                piece = f"<strong>{piece}</strong>"
            inner += piece
        if who and authorship == "colour":
            inner = f'<span class="model-{who}">{inner}</span>'
        elif who and authorship == "comment":
            inner = f'<span title="{html.escape(NOTE.format(who))}">{inner}</span>'
        parts.append(inner)
    return "".join(parts)


def write_epub(chapters: list[Chapter], authorship: str, title: str, author: str, language: str = "en") -> bytes:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{uuid.uuid4()}")
    book.set_title(title)
    book.set_language(language)
    if author:
        book.add_author(author)
    css = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=CSS.encode("utf-8"))
    book.add_item(css)
    items = []
    for c, chapter in enumerate(chapters):
        body = []
        for block in chapter.blocks:
            inner = _xhtml_runs(block.runs, authorship)
            if block.kind == "heading":
                level = min(max(block.level, 1), 6)
                body.append(f"<h{level}>{inner}</h{level}>")
            elif block.kind == "quote":
                body.append(f"<blockquote><p>{inner}</p></blockquote>")
            elif block.kind == "item":
                body.append(f"<ul><li>{inner}</li></ul>")
            else:
                body.append(f"<p>{inner}</p>")
        item = epub.EpubHtml(title=chapter.title, file_name=f"chapter-{c + 1:03}.xhtml", lang=language)
        item.content = "\n".join(body)
        item.add_item(css)
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


WRITERS = {"docx": write_docx, "odt": write_odt, "epub": write_epub}
