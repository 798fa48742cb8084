"""A project: a folder of chapters in the writer's order, kept in creagen-project.json."""

import json

import pytest

from creagen_desktop.documents.authorship import sidecar_path
from creagen_desktop.documents.project import PROJECT_FILE, Project, ProjectError


def folder_with_chapters(tmp_path):
    (tmp_path / "02 Storm.md").write_text("# The storm\n\nRain fell.\n")
    (tmp_path / "01 Harbour.md").write_text("Boats in the harbour.\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "ideas.txt").write_text("one two three\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.md").write_text("no")
    (tmp_path / "01 Harbour.md.creagen.json").write_text("{}")
    return tmp_path


def test_chapters_are_found_in_name_order_and_the_order_is_kept(tmp_path):
    p = Project.open(folder_with_chapters(tmp_path))
    assert p.order == ["01 Harbour.md", "02 Storm.md", "notes/ideas.txt"]
    assert p.move("02 Storm.md", -1) and not p.move("02 Storm.md", -1)
    assert not p.move("notes/ideas.txt", 1)  # alone in its folder
    again = Project.open(tmp_path)
    assert again.order == ["02 Storm.md", "01 Harbour.md", "notes/ideas.txt"]
    (tmp_path / "03 Calm.md").write_text("Calm.\n")
    (tmp_path / "01 Harbour.md").unlink()
    again.refresh()
    assert again.order == ["02 Storm.md", "notes/ideas.txt", "03 Calm.md"]
    assert again.words_on_disk("02 Storm.md") == 5 and Project.chapter_name("notes/ideas.txt") == "ideas"


def test_create_and_rename_chapters_keep_their_marks_and_refuse_bad_names(tmp_path):
    p = Project.open(folder_with_chapters(tmp_path))
    rel = p.create("Interlude", after="01 Harbour.md")
    assert rel == "Interlude.md" and p.order.index(rel) == 1 and (tmp_path / rel).read_text() == ""
    with pytest.raises(ProjectError, match="already a chapter"):
        p.create("Interlude")
    with pytest.raises(ProjectError, match="cannot be a chapter's name"):
        p.create("a/b")
    new = p.rename("01 Harbour.md", "01 The Harbour")
    assert new == "01 The Harbour.md" and (tmp_path / new).is_file() and not (tmp_path / "01 Harbour.md").exists()
    assert sidecar_path(tmp_path / new).is_file()  # its authorship marks went with it
    assert json.loads((tmp_path / PROJECT_FILE).read_text())["order"][0] == new
    assert p.rel(tmp_path / new) == new and p.rel(tmp_path / "elsewhere.md") is None


def test_a_damaged_project_file_costs_the_order_not_the_chapters(tmp_path):
    folder_with_chapters(tmp_path)
    (tmp_path / PROJECT_FILE).write_text('{"order": 7, "goal_words": "lots"')
    p = Project.open(tmp_path)
    assert len(p.order) == 3 and p.goal_words == 0
    with pytest.raises(ProjectError, match="not a folder"):
        Project.open(tmp_path / "01 Harbour.md")
