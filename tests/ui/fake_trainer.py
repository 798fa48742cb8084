"""Stands in for `creagen-train adapt --progress json` in the UI tests (no torch): prints the same
progress lines and installs a copy of the pack named by FAKE_TRAINER_PACK at --out.

FAKE_TRAINER_MODE: ok (a few steps, then done), fail (a failed event, exit 2), slow (progress until
SIGTERM, then exit 130 as the real one does), stubborn (ignores SIGTERM: only a kill stops it).
"""

import argparse
import os
import shutil
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from creagen_desktop.adaptation import progress_line  # noqa: E402


def say(event, **fig):
    print(progress_line(event, **fig), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--texts", nargs="+")
    ap.add_argument("--out")
    ap.add_argument("--name")
    ap.add_argument("--minutes")
    ap.add_argument("--progress")
    ap.add_argument("--threads")
    ap.add_argument("--vae", action="store_true")
    ap.add_argument("--keep-work", action="store_true")
    a = ap.parse_args()
    mode = os.environ.get("FAKE_TRAINER_MODE", "ok")
    Path(os.environ["FAKE_TRAINER_RECORD"]).write_text(" ".join(sys.argv[1:]), encoding="utf-8")
    if mode == "stubborn":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    say("stage", stage="reading", detail=f"{len(a.texts)} file(s), 12,345 characters (1,234 held out)")
    print("a line of the trainer's own log", flush=True)
    say("stage", stage="training", detail="")
    try:
        steps = 10**9 if mode in ("slow", "stubborn") else 4
        for i in range(steps):
            say("progress", model="lm", step=i + 1, fraction=min(0.99, (i + 1) / 5), elapsed_s=i, remaining_s=300 - i)
            say("evaluation", model="lm", step=i + 1, val_bpc=2.0 - 0.1 * i, best_val_bpc=2.0 - 0.1 * i,
                base_val_bpc=2.2)
            time.sleep(0.05 if mode == "ok" else 0.2)
    except KeyboardInterrupt:
        print("creagen-train: cancelled", file=sys.stderr, flush=True)
        return 130
    if mode == "fail":
        say("failed", message="there are only 12 characters of your text to learn from")
        print("creagen-train: there are only 12 characters of your text to learn from", file=sys.stderr, flush=True)
        return 2
    say("stage", stage="packing", detail="")
    shutil.copytree(os.environ["FAKE_TRAINER_PACK"], a.out)
    say("done", pack=a.out, name=a.name, minutes=0.01, val_bpc=1.7, base_val_bpc=2.2)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler) if os.environ.get("FAKE_TRAINER_MODE") != "stubborn" else None
    sys.exit(main())
