"""Authorship marks under random editing: typing (real key events), accepting a suggestion (Tab) or
another feature's text, deleting, typing over a selection, replace-all, cut and paste, copy and
paste, pasting text from another program, undo, redo, and save then reopen. After every step the
marks the editor keeps (its ledger), the marks on the text itself (read from the formats) and a
model kept beside the editor must all be equal.

The model keeps a character list with each character's author, and the undo history as Qt keeps
it (QTextDocument's merging rule): a typed character joins the step before it when that step's last
insertion was the writer's, ends where the character goes, was the last text added to Qt's
append-only buffer, and the document is modified. So typing goes on in one step, typing over a
selection or after a paste continues that step, and nothing merges with the model's text, whose
format differs: an accepted suggestion is always its own step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtTest import QTest

from creagen_desktop.documents.authorship import FEATURES
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.editor.find_replace import FindBar
from creagen_desktop.ui.editor.marks import scan

WORDS = ["the", "sea", "was", "grey", "and", "she", "walked", "down", "to", "harbour", "boats", "a", "light"]


@dataclass
class Step:
    """Where typing could continue this step: after the writer's text inserted last, at `end`, if
    Qt's buffer is still `buffer_end` long."""

    end: int | None = None
    buffer_end: int = -1


@dataclass
class Model:
    chars: list = field(default_factory=list)  # [(character, author or None)]
    history: list = field(default_factory=list)  # [(chars, Step)], the undo stack as states
    index: int = 0
    saved: int = 0
    buffer: int = 0  # how long Qt's append-only text buffer is

    def reset(self, chars) -> None:
        self.chars = list(chars)
        self.history, self.index, self.saved, self.buffer = [(list(chars), Step())], 0, 0, len(chars)

    def text(self) -> str:
        return "".join(c for c, _ in self.chars)

    def spans(self) -> list[tuple[int, int, str]]:
        out = []
        for i, (ch, who) in enumerate(self.chars):
            if who is None or ch == "\n":
                continue
            if out and out[-1][2] == who and out[-1][1] == i:
                out[-1] = (out[-1][0], i + 1, who)
            else:
                out.append((i, i + 1, who))
        return out

    def _push(self, step: Step) -> None:
        del self.history[self.index + 1:]
        if self.saved > self.index:
            self.saved = -1
        self.history.append((list(self.chars), step))
        self.index += 1

    def block(self, start: int, end: int, pieces: list) -> None:
        """One undo step: chars[start:end] replaced by `pieces` (inserted in that order). When the
        last piece is the writer's and does not end a paragraph, typing after it may continue the step."""
        inserted = [c for piece in pieces for c in piece]
        self.chars[start:end] = inserted
        self.buffer += len(inserted)
        last = pieces[-1] if pieces else []
        step = Step()
        if last and last[-1][1] is None and last[-1][0] != "\n":
            step = Step(start + len(inserted), self.buffer)
        self._push(step)

    def type_char(self, pos: int, ch: str) -> None:
        top = self.history[self.index][1]
        merge = top.end == pos and top.buffer_end == self.buffer and self.index != self.saved
        self.chars.insert(pos, (ch, None))
        self.buffer += 1
        if merge:
            del self.history[self.index + 1:]
            self.history[self.index] = (list(self.chars), Step(pos + 1, self.buffer))
        else:
            self._push(Step(pos + 1, self.buffer))

    def undo(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.chars = list(self.history[self.index][0])

    def redo(self) -> None:
        if self.index < len(self.history) - 1:
            self.index += 1
            self.chars = list(self.history[self.index][0])


def _phrase(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def _select(editor, a: int, b: int) -> None:
    c = editor.textCursor()
    c.setPosition(a)
    c.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(c)


def _at(editor, pos: int) -> None:
    c = editor.textCursor()
    c.setPosition(pos)
    editor.setTextCursor(c)


def test_marks_follow_random_editing_exactly(qtbot, tmp_path):
    rng = random.Random(20261202)
    tab = DocumentTab()
    qtbot.addWidget(tab)
    tab.show()
    ed = tab.editor
    ed.set_suggestions_enabled(False)  # no pause timer: only the steps below edit
    bar = FindBar()
    qtbot.addWidget(bar)
    clip: list = []  # what Creagen's clipboard holds, per the model
    m = Model()
    m.reset([])
    doc_path = tmp_path / "story.txt"
    counts = {}
    steps = 1200
    for step in range(steps):
        n = len(m.chars)
        kinds = ["type", "type", "accept", "accept", "undo", "undo", "redo", "delete", "overtype", "newline",
                 "replace", "cut", "copy", "paste", "paste_outside", "save_reopen"]
        if n > 300:
            kinds += ["delete"] * 6
        kind = rng.choice(kinds)
        if kind in ("delete", "overtype", "cut", "copy", "replace") and n < 2:
            kind = "type"
        counts[kind] = counts.get(kind, 0) + 1
        pos = rng.randint(0, n)
        if kind == "type":
            text = rng.choice(["", " "]) + _phrase(rng)
            _at(ed, pos)
            QTest.keyClicks(ed, text)
            for i, ch in enumerate(text):
                m.type_char(pos + i, ch)
        elif kind == "newline":
            _at(ed, pos)
            QTest.keyClick(ed, Qt.Key.Key_Return)
            m.block(pos, pos, [[("\n", None)]])
        elif kind == "accept":
            feature = rng.choice(FEATURES)
            text = " " + _phrase(rng) + ("\n" + _phrase(rng) if rng.random() < 0.15 else "")
            _at(ed, pos)
            if feature == "continuation" and "\n" not in text:
                assert ed.show_candidates([text])
                QTest.keyClick(ed, Qt.Key.Key_Tab)  # the real accept key
            else:
                ed.insert_generated(text, feature)
            m.block(pos, pos, [[(ch, None if ch == "\n" else feature) for ch in text]])
        elif kind == "undo":
            ed.undo()
            m.undo()
        elif kind == "redo":
            ed.redo()
            m.redo()
        elif kind in ("delete", "overtype"):
            a = rng.randint(0, n - 1)
            b = rng.randint(a + 1, min(n, a + 12))
            _select(ed, a, b)
            if kind == "delete":
                QTest.keyClick(ed, Qt.Key.Key_Delete)
                m.block(a, b, [])
            else:
                text = _phrase(rng)
                QTest.keyClicks(ed, text)
                m.block(a, b, [[(text[0], None)]])  # the first key replaces the selection
                for i, ch in enumerate(text[1:]):
                    m.type_char(a + 1 + i, ch)
        elif kind == "replace":
            a = rng.randint(0, n - 1)
            needle = "".join(c for c, _ in m.chars[a:a + rng.randint(1, 4)]).split("\n")[0]
            if not needle.strip():
                continue
            repl = rng.choice(["", "x", _phrase(rng)])
            bar.open_bar(ed, True)
            bar.find_edit.setText(needle)
            bar.replace_edit.setText(repl)
            bar.case.setChecked(True)
            found = bar.replace_all()
            chars, i, hits = list(m.chars), 0, 0
            while True:
                j = "".join(c for c, _ in chars).find(needle, i)
                if j < 0:
                    break
                chars[j:j + len(needle)] = [(ch, None) for ch in repl]
                i, hits = j + len(repl), hits + 1
            assert found == hits
            if hits:
                # one step; typing may continue it right after the last replacement, if that had text
                m.chars = chars
                m.buffer += len(repl) * hits
                m._push(Step(i, m.buffer) if repl else Step())
        elif kind in ("cut", "copy"):
            a = rng.randint(0, n - 1)
            b = rng.randint(a + 1, min(n, a + 20))
            _select(ed, a, b)
            clip = list(m.chars[a:b])
            if kind == "cut":
                ed.cut()
                m.block(a, b, [])
            else:
                ed.copy()
        elif kind == "paste":
            if not clip:
                continue
            _at(ed, pos)
            ed.paste()
            pieces = []  # as insert_with_marks inserts them: runs of one author
            for ch, who in clip:
                if pieces and pieces[-1][-1][1] == who:
                    pieces[-1].append((ch, who))
                else:
                    pieces.append([(ch, who)])
            m.block(pos, pos, pieces)
        elif kind == "paste_outside":
            text = _phrase(rng)
            QGuiApplication.clipboard().setText(text)  # from another program: no marks beside it
            clip = [(ch, None) for ch in text]
            _at(ed, pos)
            ed.paste()
            m.block(pos, pos, [list(clip)])
        elif kind == "save_reopen":
            assert tab.save(doc_path) is None
            assert tab.load(doc_path) is None
            m.reset(m.chars)
        assert ed.toPlainText() == m.text(), (step, kind)
        held = [(s.start, s.end, s.feature) for s in ed.marks.spans]
        on_text = [(s.start, s.end, s.feature) for s in scan(ed.document())]
        assert on_text == m.spans(), (step, kind, on_text, m.spans())
        assert held == on_text, (step, kind)
    assert all(counts.get(k, 0) >= 20 for k in ("type", "accept", "undo", "redo", "cut", "paste", "save_reopen")), counts
    assert sum(counts.values()) == steps


def test_the_undo_scenario_of_the_issue(qtbot, make_window):
    """Type, accept with Tab, Esc, type on, Ctrl+Z: only the typing goes; Ctrl+Shift+Z brings it back
    and the accepted text is still the model's, in the report and in the statistics alike."""
    from fakes import FakeEngine

    w = make_window(FakeEngine(candidates=[" and the boats were still."]))
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClicks(w.editor, "For three days the storm had kept them in")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    qtbot.keyClicks(w.editor, " Then she left.")
    accepted = (41, 67, "continuation")
    shares = "The model in all: 31.7%"
    assert [(s.start, s.end, s.feature) for s in w.editor.marks.spans] == [accepted]
    assert shares in w.reports.authorship_text()
    qtbot.keyClick(w.editor, Qt.Key.Key_Z, ctrl)
    assert w.editor.toPlainText() == "For three days the storm had kept them in and the boats were still."
    assert "The model in all: 38.8%" in w.reports.authorship_text()
    qtbot.keyClick(w.editor, Qt.Key.Key_Z, ctrl)
    assert w.editor.toPlainText() == "For three days the storm had kept them in"
    assert "You: 100.0%" in w.reports.authorship_text() and "of which from the model: 0" in w.reports.statistics_text()
    qtbot.keyClick(w.editor, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(w.editor, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert w.editor.toPlainText().endswith("still. Then she left.")
    assert [(s.start, s.end, s.feature) for s in w.editor.marks.spans] == [accepted]
    assert shares in w.reports.authorship_text() and "of which from the model: 5" in w.reports.statistics_text()


def test_drag_and_drop_inside_creagen_carries_the_marks(qtbot, make_window):
    """A drop inserts what the drag's MIME data holds: the editor's own data keeps the marks."""
    w = make_window()
    ed = w.editor
    qtbot.keyClicks(ed, "Start. ")
    ed.insert_generated("Model words here.", "spark")
    _select(ed, 7, 24)
    data = ed.createMimeDataFromSelection()
    _at(ed, 0)
    ed.insertFromMimeData(data)  # what dropEvent calls
    assert [(s.start, s.end, s.feature) for s in ed.marks.spans] == [(0, 17, "spark"), (24, 41, "spark")]
    from PySide6.QtCore import QMimeData

    other = QMimeData()
    other.setText("From a browser.")
    other.setData("application/x-creagen-marks", b'{"text_length": 3, "spans": [[0, 3, "spark"]]}')
    _at(ed, 0)
    ed.insertFromMimeData(other)  # marks that do not fit the text are not trusted
    assert ed.marks.feature_at(0) is None and ed.marks.feature_at(15) == "spark"
