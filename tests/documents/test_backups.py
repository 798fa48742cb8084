from creagen_desktop.documents.backups import Backups
from creagen_desktop.documents.files import TextFormat, save_document


def test_a_save_keeps_the_previous_version_and_prunes_to_the_newest(tmp_path):
    doc = tmp_path / "novel.txt"
    doc.write_text("version 0")
    backups = Backups(tmp_path / "backups", keep=2, min_interval_s=0)
    for i in range(1, 5):
        save_document(doc, f"version {i}", TextFormat(), backups=backups)
    kept = backups.copies(doc)
    assert [p.read_text() for p in kept] == ["version 3", "version 2"]  # newest first, two kept
    assert doc.read_text() == "version 4"
    assert not any(p.name != "novel.txt" for p in tmp_path.iterdir() if p.is_file())  # nothing beside the document


def test_copies_are_at_most_one_an_interval_and_none_when_off(tmp_path):
    doc = tmp_path / "novel.txt"
    doc.write_text("v0")
    backups = Backups(tmp_path / "b", keep=5, min_interval_s=3600)
    save_document(doc, "v1", TextFormat(), backups=backups)
    save_document(doc, "v2", TextFormat(), backups=backups)
    assert [p.read_text() for p in backups.copies(doc)] == ["v0"]
    off = Backups(tmp_path / "off", keep=0)
    save_document(doc, "v3", TextFormat(), backups=off)
    assert off.copies(doc) == []


def test_documents_of_the_same_name_in_two_folders_keep_separate_backups(tmp_path):
    a, b = tmp_path / "x" / "ch1.txt", tmp_path / "y" / "ch1.txt"
    for d in (a, b):
        d.parent.mkdir()
        d.write_text(str(d.parent.name))
    backups = Backups(tmp_path / "b", min_interval_s=0)
    for d in (a, b):
        save_document(d, "new", TextFormat(), backups=backups)
    assert [p.read_text() for p in backups.copies(a)] == ["x"] and [p.read_text() for p in backups.copies(b)] == ["y"]
