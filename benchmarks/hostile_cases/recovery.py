"""Damaged recovery entries: every good entry is still offered and each damaged one is named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hostile_cases import expect

DAMAGED = {
    "a list": "[]",
    "null": "null",
    "nested 100,000 deep": '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "saved_at NaN": '{"pid": 1, "saved_at": NaN}',
    "saved_at text": '{"pid": 1, "saved_at": "yesterday"}',
    "marks not a list": '{"pid": 1, "marks": {"a": 1}}',
    "path a number": '{"pid": 1, "path": 5}',
    "not JSON": "{not json",
    "not UTF-8": b"\xff\xfe\x00{",
}


# well-formed entries with a strange process number: a dead session's, so offered (never signalled)
STRANGE_PIDS = {"a huge pid": 99999999999999999999999999, "a negative pid": -1, "pid 0": 0}


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _one(entry) -> object:
    def case(tmp: Path) -> str:
        meta = entry
        from creagen_desktop.documents.files import TextFormat
        from creagen_desktop.documents.recovery import RecoveryStore

        store = RecoveryStore(tmp / "recovery")
        store.save("chapter", "My unsaved chapter, three hours of work.", None, "Chapter 3", TextFormat())
        good = tmp / "recovery" / "chapter.json"
        good.write_text(good.read_text().replace(f'"pid": {os.getpid()}', f'"pid": {_dead_pid()}'))
        (tmp / "recovery" / "zz-bad.txt").write_text("the damaged one's text")
        bad = tmp / "recovery" / "zz-bad.json"
        if isinstance(meta, int):
            meta = '{"pid": %d, "saved_at": 2}' % meta
            bad.write_text(meta)
            meta = int(meta.split(":")[1].split(",")[0])
        else:
            bad.write_bytes(meta if isinstance(meta, bytes) else meta.encode())
        docs, damaged = store.scan()
        titles = [d.title for d in docs]
        if isinstance(meta, int):
            expect(sorted(titles) == ["Chapter 3", "Untitled"] and not damaged, f"offered {titles}, damaged {damaged}")
            return f"both offered: {titles}"
        expect(titles == ["Chapter 3"], f"offered {titles}")
        expect([n for n, _ in damaged] == ["zz-bad.json"], f"damaged {damaged}")
        expect(bad.exists(), "the damaged entry was deleted")
        return f"good entry offered; damaged named: {damaged[0][1]}"
    return case


def _missing_text(tmp: Path) -> str:
    from creagen_desktop.documents.files import TextFormat
    from creagen_desktop.documents.recovery import RecoveryStore

    store = RecoveryStore(tmp / "recovery")
    store.save("a", "text", None, "A", TextFormat())
    (tmp / "recovery" / "a.txt").unlink()
    docs, damaged = store.scan(include_running=True)
    expect(docs == [] and damaged and "missing" in damaged[0][1], f"{docs} {damaged}")
    return damaged[0][1]


def cases() -> dict:
    c = {f"recovery entry: {name}": _one(meta) for name, meta in DAMAGED.items()}
    c.update({f"recovery entry: {name}": _one(pid) for name, pid in STRANGE_PIDS.items()})
    c["recovery entry: its text file missing"] = _missing_text
    return c
