"""The status bar: counts, model, provider, latency, and what it says when the engine cannot load."""

from fakes import broken_factory


def test_counts_for_document_and_selection(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("one two three\nfour")
    w.status.update_counts()
    assert w.status.counts.text() == "4 words, 17 characters"
    c = w.editor.textCursor()
    c.setPosition(0)
    c.setPosition(7, c.MoveMode.KeepAnchor)
    w.editor.setTextCursor(c)
    qtbot.waitUntil(lambda: "selection: 2 words, 7 characters" in w.status.counts.text(), timeout=2000)


def test_status_bar_shows_model_provider_latency(qtbot, make_window):
    w = make_window(wait_loaded=False)
    assert w.status.model.text() in ("Loading model…", "Model: fake-pack")
    qtbot.waitUntil(lambda: not w.model_loading, timeout=5000)
    assert w.status.model.text() == "Model: fake-pack" and w.status.provider.text() == "CPU"
    type_and_wait(qtbot, w, "She walked to")
    assert w.status.latency.text() == "2 ms"


def type_and_wait(qtbot, w, text):
    qtbot.keyClicks(w.editor, text)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def test_broken_pack_still_edits_and_says_why(qtbot, make_window):
    w = make_window(factory=broken_factory)
    assert w.model_error and "was not found" in w.model_error
    assert w.status.model.text().startswith("Suggestions off: The model pack")
    assert "was not found" in w.status.model.toolTip()
    assert w.status.notice is not None and w.status.notice.isVisible() and not w.status.notice.isModal()
    assert "was not found" in w.continuation.panel.notice.text()
    qtbot.keyClicks(w.editor, "Still writing. ")
    w.continuation.suggest_now()
    assert "was not found" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not w.editor.pause.isActive(), timeout=2000)
    assert w.editor.toPlainText() == "Still writing. " and not w.editor.has_ghost()


def test_device_auto_falls_back_to_cpu_quietly(qtbot, make_window):
    w = make_window()
    assert w.status.provider.text() == "CPU" and "No usable GPU" in w.status.provider.toolTip()
    assert "running on the CPU" in w.statusBar().currentMessage()
    assert w.status.notice is None
