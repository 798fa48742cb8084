import json
import os
import subprocess
import sys

from creagen_desktop.documents.locks import DocumentLocks

HOLD = "import sys, time; from creagen_desktop.documents.locks import DocumentLocks; " \
       "DocumentLocks(sys.argv[1]).acquire(sys.argv[2]); print('held', flush=True); time.sleep(60)"


def test_another_live_window_is_named_and_a_dead_one_is_not(tmp_path):
    locks, doc = DocumentLocks(tmp_path / "locks"), tmp_path / "story.txt"
    doc.write_text("x")
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "locks"), str(doc)], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        holder = locks.acquire(doc)
        assert holder is not None and holder.pid == other.pid
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
    assert locks.acquire(doc) is None  # its process is gone: the lock is stale and taken over
    locks.release(doc)
    assert list((tmp_path / "locks").iterdir()) == []


def test_a_link_and_its_file_share_one_lock_and_damaged_locks_are_ignored(tmp_path):
    locks, doc = DocumentLocks(tmp_path / "locks"), tmp_path / "story.txt"
    doc.write_text("x")
    (tmp_path / "link.txt").symlink_to(doc)
    assert locks.acquire(doc) is None and locks.holder(tmp_path / "link.txt") is None  # ours, not another's
    [lock] = list((tmp_path / "locks").iterdir())
    assert json.loads(lock.read_text())["pid"] == os.getpid()
    lock.write_text("[" * 50_000)
    assert locks.holder(doc) is None
