"""The recovery offer: each document with its diff; restored and discarded ones leave the list."""

from pathlib import Path

from creagen_desktop.documents.files import TextFormat
from creagen_desktop.documents.recovery import RecoveredDocument
from creagen_desktop.ui.dialogs.recovery import RecoveryDialog


def _doc(doc_id, title, path=None):
    return RecoveredDocument(doc_id=doc_id, text=f"text of {title}", path=path, title=title, fmt=TextFormat(),
                             saved_at=1_700_000_000.0, pid=0, marks=[])


def test_restore_and_discard_each_take_one_and_the_last_closes_the_offer(qtbot):
    restored, discarded = [], []
    docs = [_doc("a", "novel.txt", Path("/books/novel.txt")), _doc("b", "Untitled")]
    dlg = RecoveryDialog(docs, lambda d: f"diff of {d.title}", restored.append, discarded.append)
    qtbot.addWidget(dlg)
    assert "novel.txt — /books/novel.txt — autosaved" in dlg.list.item(0).text()
    assert "never saved" in dlg.list.item(1).text() and dlg.diff_view.toPlainText() == "diff of novel.txt"
    dlg.restore_b.click()
    assert [d.doc_id for d in restored] == ["a"] and dlg.list.count() == 1
    assert dlg.diff_view.toPlainText() == "diff of Untitled"
    with qtbot.waitSignal(dlg.accepted):
        dlg.discard_b.click()
    assert [d.doc_id for d in discarded] == ["b"] and dlg.list.count() == 0
