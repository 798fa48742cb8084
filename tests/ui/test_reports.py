"""The authorship report, session statistics and About."""

from fakes import FakeLatentEngine, FakeSparksEngine, broken_factory


def test_session_statistics_report_the_guard(make_window):
    w = make_window(FakeSparksEngine())
    text = w.reports.statistics_text()
    assert "dropped as copies: 2" in text and "checked for copied training text: 7" in text
    assert "copied" not in make_window(FakeLatentEngine()).reports.statistics_text()


def test_the_authorship_report_gives_each_features_share(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "Once ")  # 5 characters by the writer
    w.editor.insert_generated("upon", "spark")  # 4 by sparks
    w.editor.insert_generated(" a time", "blend")  # 7 by blends
    text = w.reports.authorship_text()
    assert text.startswith("Untitled: who wrote what (share of characters)")
    assert "You: 31.2%" in text and "Spark: 25.0%" in text and "Blend: 43.8%" in text and "Continuation: 0.0%" in text
    assert text.endswith("The model in all: 68.8%")


def test_about_names_the_model_in_use_or_none(qtbot, make_window):
    assert "Model: fake-pack CPU" in make_window().reports.about_text()
    assert "no model loaded" in make_window(factory=broken_factory).reports.about_text()


def test_the_report_and_the_statistics_read_the_same_marks(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "Once ")
    w.editor.insert_generated("upon a", "spark")
    stats = w.reports.statistics_text()
    assert "Words written this session: 3" in stats and "of which from the model: 2" in stats
    assert "The model's share of Untitled: 54.5% (as in the Authorship Report)" in stats
    assert "The model in all: 54.5%" in w.reports.authorship_text()
    w.editor.undo()
    assert "of which from the model: 0" in w.reports.statistics_text()
    assert "The model in all: 0.0%" in w.reports.authorship_text()
    w.editor.redo()
    assert "of which from the model: 2" in w.reports.statistics_text()
    assert "The model in all: 54.5%" in w.reports.authorship_text()
