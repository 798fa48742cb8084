"""The project room: open a folder, the tree in order with counts, new, rename, move, chapter
names on tabs and in recovery, word goals in the status bar."""

from PySide6.QtWidgets import QInputDialog

from creagen_desktop.documents.project import Project


def project(tmp_path):
    (tmp_path / "01 Harbour.md").write_text("Boats in the harbour.\n")
    (tmp_path / "02 Storm.md").write_text("# The storm\n\nRain fell hard.\n")
    return tmp_path


def test_a_folder_opens_as_a_tree_of_chapters_with_counts(qtbot, make_window, tmp_path):
    w = make_window()
    assert w.project.open_folder(project(tmp_path))
    assert w.project.panel.isVisible() and w.project.panel.chapters_shown() == ["01 Harbour.md", "02 Storm.md"]
    assert "2 chapters, 10 words" in w.project.panel.header.text()
    item = w.project.panel.tree.topLevelItem(0)
    assert (item.text(0), item.text(1)) == ("01 Harbour", "4")
    assert w.project.open_chapter("02 Storm.md")
    assert w.desk.current_tab().title == f"{tmp_path.name} ▸ 02 Storm" and "02 Storm" in w.windowTitle()
    qtbot.keyClicks(w.editor, " More words here.")
    w.project.refresh_counts()
    assert "2 chapters, 13 words" in w.project.panel.header.text()  # the open tab's live count
    assert w.desk.current_tab().recovery_title() == f"{tmp_path.name} ▸ 02 Storm"


def test_new_rename_and_move_from_the_panel(qtbot, make_window, tmp_path, monkeypatch):
    w = make_window()
    w.project.open_folder(project(tmp_path))
    names = iter(["Interlude", "The Interlude"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(names), True))
    w.project.panel.tree.setCurrentItem(w.project.panel.tree.topLevelItem(0))
    assert w.project.new_chapter() == "Interlude.md"
    assert w.project.panel.chapters_shown() == ["01 Harbour.md", "Interlude.md", "02 Storm.md"]
    assert w.desk.current_tab().path == tmp_path / "Interlude.md"
    qtbot.keyClicks(w.editor, "Unsaved words.")
    assert w.project.rename_chapter("Interlude.md") == "The Interlude.md"  # saved first, then renamed
    assert (tmp_path / "The Interlude.md").read_text() == "Unsaved words."
    assert w.desk.current_tab().path == tmp_path / "The Interlude.md" and w.desk.current_tab().title.endswith("The Interlude")
    w.project.panel.tree.setCurrentItem(w.project.panel.tree.topLevelItem(1))
    w.menus.action("project.move_down").trigger()
    assert Project.open(tmp_path).order == ["01 Harbour.md", "02 Storm.md", "The Interlude.md"]


def test_word_goals_show_progress_in_the_status_bar(qtbot, make_window, tmp_path):
    w = make_window()
    w.project.open_folder(project(tmp_path))
    w.project.set_goals(10, 100)
    qtbot.keyClicks(w.editor, "one two three four five")
    w.project.refresh_counts()
    text = w.status.goal.text()
    assert "Session: 5 / 10 words (50%)" in text and f"{tmp_path.name}: 10 / 100 words (10%)" in text
    assert Project.open(tmp_path).goal_words == 100 and w.preferences.current.session_goal == 10


def test_untitled_documents_are_told_apart_in_recovery(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "For three days the storm had kept the boats in the harbour")
    assert w.desk.current_tab().recovery_title() == "Untitled: “For three days the storm had kept the…”"


def test_the_tree_keeps_its_items_when_only_counts_change(qtbot, make_window, tmp_path):
    w = make_window()
    w.project.open_folder(project(tmp_path))
    first = w.project.panel.tree.topLevelItem(0)
    w.project.panel.tree.setCurrentItem(first)
    w.project.open_chapter("01 Harbour.md")
    qtbot.keyClicks(w.editor, " And more.")
    w.project.refresh_counts()
    assert w.project.panel.tree.topLevelItem(0) is first and first.text(1) == "6"  # counted in place
    assert w.project.panel.selected() == "01 Harbour.md"
