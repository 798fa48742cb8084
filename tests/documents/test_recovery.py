import json
import os
import subprocess
import sys

from creagen_desktop.documents.files import TextFormat, atomic_write
from creagen_desktop.documents.recovery import RecoveryStore, diff_against_saved


def _dead_pid():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_entries_of_a_dead_session_are_listed_with_a_diff(tmp_path):
    store = RecoveryStore(tmp_path / "rec")
    doc = tmp_path / "story.txt"
    atomic_write(doc, b"line one\nline two\n")
    store.save("abc", "line one\nline 2\nline three\n", doc, "story.txt", TextFormat(newline="\r\n"))
    assert store.list() == []  # this process is alive: its own entries are not "recovered"
    assert [d.doc_id for d in store.list(include_running=True)] == ["abc"]
    meta = tmp_path / "rec" / "abc.json"
    meta.write_text(meta.read_text().replace(f'"pid": {os.getpid()}', f'"pid": {_dead_pid()}'))
    [got] = store.list()
    assert got.text == "line one\nline 2\nline three\n" and got.path == doc and got.fmt.newline == "\r\n"
    diff = diff_against_saved(got)
    assert "-line two" in diff and "+line 2" in diff and "+line three" in diff
    store.discard("abc")
    assert store.list(include_running=True) == [] and list((tmp_path / "rec").iterdir()) == []


def test_untitled_and_damaged_entries(tmp_path):
    store = RecoveryStore(tmp_path)
    store.save("u1", "never saved", None, "Untitled", TextFormat())
    (tmp_path / "bad.json").write_text("{garbage")
    [got] = store.list(include_running=True)
    assert got.path is None and "never saved" in diff_against_saved(got)


def test_same_text_says_so(tmp_path):
    store = RecoveryStore(tmp_path / "r")
    doc = tmp_path / "a.txt"
    doc.write_text("same")
    store.save("x", "same", doc, "a.txt", TextFormat())
    assert "same as the saved file" in diff_against_saved(store.list(include_running=True)[0])


def test_an_entry_from_before_a_reboot_is_offered_even_if_its_pid_is_taken(tmp_path):
    store = RecoveryStore(tmp_path)
    store.save("r", "before the reboot", None, "Untitled", TextFormat())
    meta = tmp_path / "r.json"
    info = json.loads(meta.read_text())
    info["boot"] = "another-boot"  # our own (live) pid, but from an earlier boot
    meta.write_text(json.dumps(info))
    assert [d.doc_id for d in store.list()] == ["r"]
