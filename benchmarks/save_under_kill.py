"""Kill a process in the middle of saving, many times: the file must always be the complete old
text or the complete new one, never a mix or a truncation.

A child process saves two large texts (A and B, 2 MB each by default) in turn to the same file, as
fast as it can, through the app's save path (creagen_desktop.documents.save_document, which
DocumentTab.save calls; `--via tab` goes through a real DocumentTab offscreen). The parent SIGKILLs
it at a random moment, then checks the file. Temporary files a kill leaves behind are counted and
swept the way the app sweeps them at start.

    python benchmarks/save_under_kill.py --trials 200 [--mb 2] [--via documents|tab] [--link none|symlink|hard] [--json OUT]

With --link symlink the child saves through a symbolic link (the real file must be whole and the link
still a link); with --link hard the file has a second name, so saves are journalled in place, and the
check reads the file the way the app opens it (read_document finishes an interrupted in-place save).

The last line is `trials: N corrupt: M`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def contents(mb: float) -> tuple[bytes, bytes]:
    """Two texts of the same length that differ everywhere, so any mix of them is detected."""
    n = int(mb * 1_000_000)
    line_a = "Old text: the rain fell on the roofs of the quiet town. 0123456789\n"
    line_b = "NEW TEXT: THE SUN ROSE OVER THE HILLS AND THE RIVER SHONE. 98765\n"
    a = (line_a * (n // len(line_a) + 1))[:n]
    b = (line_b * (n // len(line_b) + 1))[:n]
    return a.encode(), b.encode()


def child(path: Path, mb: float, via: str) -> None:
    from creagen_desktop.documents.files import TextFormat, save_document

    a, b = (x.decode() for x in contents(mb))
    if via == "tab":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from creagen_desktop.ui.editor.document_tab import DocumentTab

        app = QApplication([])  # noqa: F841  (widgets need it)
        tab = DocumentTab()

        def save(text):
            tab.editor.setPlainText(text)
            tab.save(path)
    else:
        def save(text):
            save_document(path, text, TextFormat())
    i = 0
    while True:
        save(a if i % 2 == 0 else b)
        if i == 0:
            print("ready", flush=True)
        i += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--mb", type=float, default=2.0, help="size of each text in MB (default 2)")
    ap.add_argument("--via", choices=["documents", "tab"], default="documents")
    ap.add_argument("--link", choices=["none", "symlink", "hard"], default="none")
    ap.add_argument("--max-delay", type=float, default=0.4, help="longest wait before the kill, seconds")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(Path(args.child), args.mb, args.via)
        return 0

    from creagen_desktop.documents.files import JOURNAL_MARK, TEMP_MARK, DocumentError, clean_stale_temps, read_document

    rng = random.Random(args.seed)
    a, b = contents(args.mb)
    folder = Path(tempfile.mkdtemp(prefix="save-under-kill-"))
    target = folder / "novel.txt"
    target.write_bytes(a)
    saved_to, other_name = target, None
    if args.link == "symlink":
        saved_to = folder / "link-to-novel.txt"
        saved_to.symlink_to(target)
    elif args.link == "hard":
        other_name = folder / "other-name.txt"
        os.link(target, other_name)
    counts = {"old": 0, "new": 0, "corrupt": 0, "missing": 0}
    temps_left = 0
    t0 = time.time()
    for trial in range(args.trials):
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(saved_to), "--mb", str(args.mb),
                                 "--via", args.via], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        proc.stdout.readline()  # "ready": it is saving in a loop now
        time.sleep(rng.uniform(0, args.max_delay))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        temps = [p for p in folder.iterdir() if TEMP_MARK in p.name or JOURNAL_MARK in p.name]
        try:
            if args.link == "hard":
                read_document(target)  # as the app opens it: an interrupted in-place save is finished
            data = target.read_bytes()
        except (FileNotFoundError, DocumentError):
            counts["missing"] += 1
            continue
        whole = data in (a, b) and (other_name is None or other_name.read_bytes() == data)
        whole = whole and (args.link != "symlink" or saved_to.is_symlink())
        counts["corrupt" if not whole else "old" if data == a else "new"] += 1
        temps_left += len(temps)
        clean_stale_temps(folder)  # what the app does when it opens the document again
    elapsed = time.time() - t0
    leftover = [p.name for p in folder.iterdir() if p not in (target, saved_to, other_name)]
    corrupt = counts["corrupt"] + counts["missing"]
    rows = [
        ("trials", args.trials), ("save path", args.via), ("link", args.link), ("text size (MB, each)", args.mb),
        ("file was the complete old text", counts["old"]), ("file was the complete new text", counts["new"]),
        ("file missing", counts["missing"]), ("file corrupt (mixed or truncated)", counts["corrupt"]),
        ("kills that left a temporary file (mid-save)", temps_left),
        ("files other than the document after sweeping", len(leftover)), ("seconds", f"{elapsed:.1f}"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "trials": args.trials, "via": args.via, "link": args.link, "mb": args.mb, **counts, "corrupt_total": corrupt,
            "kills_mid_save": temps_left, "leftover_after_sweep": leftover, "seconds": elapsed}, indent=1))
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    print(f"trials: {args.trials} corrupt: {corrupt}")
    return 0 if corrupt == 0 and not leftover else 1


if __name__ == "__main__":
    sys.exit(main())
