import json
import os
import subprocess
import sys

import pytest

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


@pytest.mark.parametrize("meta, why", [
    ("[]", "not a JSON object"),
    ("null", "not a JSON object"),
    ('{"pid": "x"}', "process number"),
    ('{"pid": 1, "saved_at": NaN}', "time is not a number"),
    ('{"pid": 1, "marks": 7}', "malformed"),
    ('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
    ("{not json", "not valid JSON"),
])
def test_a_damaged_entry_is_reported_by_name_and_hides_no_other(tmp_path, meta, why):
    store = RecoveryStore(tmp_path / "rec")
    store.save("good", "My unsaved chapter.", None, "Chapter 1", TextFormat())
    good = tmp_path / "rec" / "good.json"
    good.write_text(good.read_text().replace(f'"pid": {os.getpid()}', f'"pid": {_dead_pid()}'))
    (tmp_path / "rec" / "bad.txt").write_text("text of the damaged one")
    (tmp_path / "rec" / "bad.json").write_text(meta)
    docs, damaged = store.scan()
    assert [d.text for d in docs] == ["My unsaved chapter."]
    assert len(damaged) == 1 and damaged[0][0] == "bad.json" and why in damaged[0][1]
    assert (tmp_path / "rec" / "bad.json").exists()  # kept on disk, not deleted


@pytest.mark.parametrize("pid", [2**80, -1, 0])
def test_a_strange_pid_is_a_dead_session_and_signals_nobody(tmp_path, pid):
    store = RecoveryStore(tmp_path / "rec")
    store.save("odd", "text", None, "Odd", TextFormat())
    meta = tmp_path / "rec" / "odd.json"
    meta.write_text(meta.read_text().replace(f'"pid": {os.getpid()}', f'"pid": {pid}'))
    assert [d.doc_id for d in store.list()] == ["odd"]
