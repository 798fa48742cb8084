"""The glitches a new user met (issue 13), each checked: focus mode, the dark theme's lists, bold in
Markdown, the Temperature label, sideways scrolling, Ctrl+H, counts during a burst, the Varying and
Sparks headers, Suggest now mid-line, Restore all."""

from fakes import FakeEngine, FakeSparksEngine
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QDockWidget, QFormLayout, QLabel

from creagen_desktop.documents.files import TextFormat
from creagen_desktop.documents.recovery import RecoveredDocument
from creagen_desktop.ui.dialogs.preferences import PreferencesDialog
from creagen_desktop.ui.dialogs.recovery import RecoveryDialog
from creagen_desktop.ui.editor.markdown_highlighter import MarkdownHighlighter
from creagen_desktop.ui.menus import keys_text
from creagen_desktop.ui.settings import Preferences


def test_focus_mode_hides_every_panel_goes_full_screen_and_gives_them_back(qtbot, make_window):
    w = make_window(FakeSparksEngine())
    w.sparks.open()
    w.editor.setPlainText("She looked at the sea.")
    w.latent.open_variations()
    shown = {p.objectName() for p in w.findChildren(QDockWidget) if p.isVisible()}
    assert {"variations_panel", "sparks_panel"} <= shown
    w.toggle_focus_mode()
    assert [p.objectName() for p in w.findChildren(QDockWidget) if p.isVisible()] == []
    assert w.isFullScreen() and not w.menuBar().isVisible()
    w.toggle_focus_mode()
    assert {p.objectName() for p in w.findChildren(QDockWidget) if p.isVisible()} == shown
    assert not w.isFullScreen()


def test_the_dark_theme_darkens_the_panels_lists(qtbot, make_window):
    w = make_window(FakeSparksEngine())
    w.looks.apply_theme("dark")
    try:
        w.sparks.open()
        qtbot.waitUntil(lambda: w.sparks.panel.list.count() == 5, timeout=5000)
        for lst in (w.sparks.panel.list, w.latent.panel.list, w.continuation.panel.list):
            lst.show()
            image = lst.viewport().grab().toImage()
            corner = image.pixelColor(image.width() - 3, image.height() - 3)
            assert corner.lightness() < 80, (lst.accessibleName(), corner.name())
            assert lst.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    finally:
        w.looks.apply_theme("light")


def test_bold_in_markdown_is_bold_not_italic(qtbot):
    doc = QTextDocument("Some **bold** and *italic* and ***both***.")
    MarkdownHighlighter(doc).rehighlight()
    layout = doc.firstBlock().layout()
    ranges = layout.formats()
    fmts = {(r.start, r.length): QTextCharFormat(r.format) for r in ranges}
    bold = fmts[(5, 8)]
    assert bold.fontWeight() >= 700 and not bold.fontItalic()
    italic = next(f for (s, n), f in fmts.items() if s == 18)
    assert italic.fontItalic() and italic.fontWeight() < 700
    both = next(f for (s, n), f in fmts.items() if s == 31)
    assert both.fontItalic() and both.fontWeight() >= 700


def test_no_preference_label_is_clipped(qtbot):
    dlg = PreferencesDialog(Preferences(), keys_text)
    qtbot.addWidget(dlg)
    dlg.show()
    labels = [w for w in dlg.findChildren(QLabel) if w.text()]
    assert any("Temperature" in lab.text() for lab in labels)
    for lab in labels:
        if lab.wordWrap():
            continue  # a wrapped note takes the width it is given
        natural = QLabel(lab.text().replace("&", ""))  # a mnemonic's & is not drawn
        natural.setFont(lab.font())
        assert lab.width() > natural.sizeHint().width(), lab.text()  # room beyond what Qt measures
    assert dlg.findChildren(QFormLayout)


def test_replace_never_widens_the_window(qtbot, make_window):
    w = make_window()
    w.resize(640, 500)
    qtbot.wait(50)
    before = w.width()
    w.menus.action("edit.replace").trigger()
    qtbot.wait(50)
    assert w.width() == before and w.find_bar.find_edit.width() >= 120


def test_counts_change_during_a_burst_of_typing(qtbot, make_window):
    w = make_window(pause_ms=5000)
    seen = set()
    for ch in "the quick brown fox jumps over the lazy dog " * 2:
        qtbot.keyClick(w.editor, ch)
        qtbot.wait(25)
        seen.add(w.status.counts.text())
    assert len(seen) >= 3 and not all(t.startswith("0 words") for t in seen)


def test_the_varying_header_goes_with_its_document(qtbot, make_window):
    from fakes import FakeLatentEngine

    w = make_window(FakeLatentEngine())
    w.editor.setPlainText("She looked at the sea.")
    w.latent.open_variations()
    assert w.latent.panel.source.text().startswith("Varying:")
    w.desk.new_file()
    w.desk.close_tab(0)
    qtbot.waitUntil(lambda: not w.latent.panel.source.text().startswith("Varying:"), timeout=3000)
    assert w.latent.panel.list.count() == 0 and "closed" in w.latent.panel.source.text()


def test_the_sparks_header_says_what_near_this_paragraph_does(qtbot, make_window):
    w = make_window(FakeSparksEngine())
    panel = w.sparks.panel
    assert "nowhere in particular" in panel.intro.text()
    panel.near.setChecked(True)
    assert "nowhere" not in panel.intro.text() and "near the paragraph" in panel.intro.text()


def test_suggest_now_mid_line_keeps_the_rest_of_the_line_in_sight(qtbot, make_window):
    w = make_window(FakeEngine(candidates=[" and a very long suggestion that goes on and on to the end of the line"]))
    w.resize(900, 400)
    w.editor.setPlainText("The sea was grey.")
    c = w.editor.textCursor()
    c.setPosition(11)  # after "The sea was"
    w.editor.setTextCursor(c)
    band = range(w.editor.cursorRect().bottom() + 3, w.editor.cursorRect().bottom() + w.editor.fontMetrics().height())
    empty = w.editor.viewport().grab().toImage()
    qtbot.keyClick(w.editor, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    w.editor.viewport().repaint()
    shown = w.editor.viewport().grab().toImage()

    def inked(img):
        return sum(img.pixelColor(x, y).lightness() < 100 for y in band for x in range(0, img.width() // 2))

    assert inked(empty) == 0 and inked(shown) > 5  # the rest of the line, on a card below it


def test_restore_all_restores_every_recovered_document(qtbot):
    docs = [RecoveredDocument(f"id{i}", f"text {i}", None, "Untitled", 1_700_000_000.0 + i, TextFormat(), 0, [])
            for i in range(3)]
    restored = []
    dlg = RecoveryDialog(docs, lambda d: "", restored.append, lambda d: None)
    qtbot.addWidget(dlg)
    assert dlg.restore_all_b.isEnabled()
    assert dlg.restore_all() == 3 and [d.doc_id for d in restored] == ["id0", "id1", "id2"]
