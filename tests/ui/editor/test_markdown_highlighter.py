"""Markdown colouring, only for .md documents."""

from PySide6.QtGui import QFont, QTextDocument

from creagen_desktop.ui.editor.markdown_highlighter import IN_FENCE, MarkdownHighlighter


def test_markdown_is_coloured_only_in_md_files(qtbot, make_window, tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\nSome **bold** text\n")
    (tmp_path / "a.txt").write_text("# Title\n")
    w = make_window()
    w.desk.open_path(tmp_path / "a.md")
    assert w.desk.current_tab().highlighter is not None
    w.desk.current_tab().highlighter.rehighlight()
    formats = w.editor.document().firstBlock().layout().formats()
    assert formats and formats[0].format.fontWeight() == QFont.Weight.Bold
    w.desk.open_path(tmp_path / "a.txt")
    assert w.desk.current_tab().highlighter is None


def test_a_fenced_block_is_code_to_its_closing_fence(qtbot):
    doc = QTextDocument()
    doc.setPlainText("Text\n```\n# not a heading\n```\n# A heading")
    highlighter = MarkdownHighlighter(doc)
    highlighter.rehighlight()
    states = [doc.findBlockByNumber(i).userState() for i in range(5)]
    assert states == [0, IN_FENCE, IN_FENCE, 0, 0]
    def looks(block_number):
        ranges = doc.findBlockByNumber(block_number).layout().formats()
        fmt = ranges[0].format
        return fmt.fontFamilies(), fmt.fontWeight()

    assert looks(2) == (["monospace"], QFont.Weight.Normal)  # code, not a heading
    assert looks(4)[1] == QFont.Weight.Bold
