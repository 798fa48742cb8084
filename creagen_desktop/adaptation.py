"""What the app and `creagen-train adapt` agree on, so that the app can run training as a separate
process without importing torch: the command it runs, the progress lines the process prints, and
whether this machine can train at all (and if not, what to install).

A progress line is one line of the process's standard output: PREFIX followed by a JSON object
with an "event" (one of EVENTS) and its figures. Every other line is the trainer's log.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from creagen_desktop.processes import process_alive

PREFIX = "creagen-progress "
WORK_PREFIX = "creagen-adapt-"  # a run's temporary work folder: <temp>/creagen-adapt-<pid>-<random>
TRAIN_PYTHON_ENV = "CREAGEN_TRAIN_PYTHON"  # a Python with the training tools, for an app that has none
# the modules training needs beyond the app's own; "training" is Creagen's training package itself
TRAINING_MODULES = ("torch", "onnx", "tqdm", "matplotlib", "training")

# stage: {"stage": one of STAGES, "detail": text}; progress: {"fraction", "elapsed_s", "remaining_s", "step",
# "model"}; evaluation: {"model", "step", "val_bpc" (the LM's), "base_val_bpc"}; done: {"pack", "val_bpc",
# "base_val_bpc", ...}; failed: {"message"}
EVENTS = ("stage", "progress", "evaluation", "done", "failed")
STAGES = {
    "reading": "Reading and cleaning your texts…",
    "loading": "Reading the base pack's models…",
    "training": "Learning your style…",
    "training_vae": "Learning your sentences (variations and sparks)…",
    "exporting": "Writing the models…",
    "packing": "Writing and measuring the new pack…",
    "cleaning": "Removing the work folder…",
}


def progress_line(event: str, **figures) -> str:
    if event not in EVENTS:
        raise ValueError(f"unknown progress event {event!r}")
    return PREFIX + json.dumps({"event": event, **figures}, ensure_ascii=False)


def parse_progress(line: str) -> dict | None:
    """The event a progress line carries ({"event": ..., figures}), or None for a log line."""
    if not line.startswith(PREFIX):
        return None
    try:
        data = json.loads(line[len(PREFIX):])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) and data.get("event") in EVENTS else None


# -- can this machine train? -----------------------------------------------------------------------


def training_python() -> str | None:
    """The Python that runs training: CREAGEN_TRAIN_PYTHON, else this one (None in a packaged app,
    whose executable is the app itself)."""
    given = os.environ.get(TRAIN_PYTHON_ENV)
    if given:
        return given
    return None if getattr(sys, "frozen", False) else sys.executable


def missing_modules() -> list[str]:
    """The training modules this Python cannot find (looked up, not imported: torch is never loaded)."""
    return [m for m in TRAINING_MODULES if importlib.util.find_spec(m) is None]


@dataclass(frozen=True)
class Readiness:
    python: str | None  # the Python that will train, when it can
    problem: str = ""  # empty when training can start; else what to install and why

    @property
    def ready(self) -> bool:
        return not self.problem


def readiness() -> Readiness:
    """Whether Tools ▸ Learn from my writing can start here, and if not, exactly what to install."""
    python = training_python()
    if python is None:
        return Readiness(None, install_message(["torch", "onnx", "training"], packaged=True))
    if os.environ.get(TRAIN_PYTHON_ENV):
        if not Path(python).is_file():
            return Readiness(None, f"{TRAIN_PYTHON_ENV} is set to {python}, which is not a file. Point it at "
                                   "the Python that has Creagen's training tools, or unset it.")
        return Readiness(python)  # another interpreter: it says itself if something is missing
    missing = missing_modules()
    return Readiness(python, install_message(missing) if missing else "")


def install_message(missing: list[str], packaged: bool = False) -> str:
    """What to install, and why, for the modules `missing`."""
    why = ("Learning from your writing trains the language model further on your own texts, on this computer. "
           "Training needs PyTorch, a large library (about 200 MB for the CPU version) that running Creagen does "
           "not need")
    if packaged:
        return (f"{why}, so this installation of Creagen does not include it.\n\n"
                "To learn from your writing, install Python 3.10 or newer and, in a copy of Creagen's source:\n"
                "    pip install torch --index-url https://download.pytorch.org/whl/cpu\n"
                "    pip install \".[train]\"\n"
                f"then either start Creagen from that Python (python -m creagen_desktop), or set {TRAIN_PYTHON_ENV} "
                "to that Python's path and restart this Creagen. Everything else works without it.")
    names = ", ".join(missing)
    lines = []
    if "torch" in missing:
        lines.append("    pip install torch --index-url https://download.pytorch.org/whl/cpu")
    if any(m != "torch" for m in missing):
        lines.append("    pip install \"creagen[train]\"   (in a copy of Creagen's source: pip install \".[train]\")")
    return (f"{why}, and this Python ({sys.executable}) does not have it: missing {names}.\n\n"
            "Install it with:\n" + "\n".join(lines) + "\nthen open this dialog again. Everything else works without it.")


# -- the command -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """What the writer asked for in the dialog."""

    base: Path  # the pack to start from
    sources: tuple[Path, ...]  # files and folders of the writer's texts
    out: Path  # the new pack's folder
    name: str
    minutes: float
    vae: bool = False
    keep_work: bool = False


def command(python: str, request: Request) -> list[str]:
    """The process that trains `request`, printing progress lines (training/cli.py parses it; a test
    holds the two together)."""
    argv = [python, "-m", "training.cli", "adapt", str(request.base), "--texts", *map(str, request.sources),
            "--out", str(request.out), "--name", request.name, "--minutes", f"{request.minutes:g}",
            "--progress", "json"]
    if request.vae:
        argv.append("--vae")
    if request.keep_work:
        argv.append("--keep-work")
    return argv


# -- the work folder -------------------------------------------------------------------------------


def new_work_folder() -> Path:
    """A temporary work folder named after this process, so a sweep can tell a dead run's from a live one."""
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))


def sweep_leftovers(temp: Path | None = None) -> list[Path]:
    """Remove the temporary work folders of runs that died before removing their own (a kill, a power
    cut): each holds a copy of a writer's text. A running one is left alone."""
    temp = Path(temp or tempfile.gettempdir())
    removed = []
    for p in temp.glob(WORK_PREFIX + "*"):
        owner = p.name[len(WORK_PREFIX):].split("-")[0]
        if p.is_dir() and owner.isdigit() and not process_alive(int(owner)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed
