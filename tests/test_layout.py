"""The house rules that a test can check: who may import whom, and names written once.

Static checks read every module's imports with ast (so a rule holds for code paths no other test
runs); the subprocess checks catch what a module pulls in indirectly.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from creagen_desktop.pack import format as pack_format

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "creagen_desktop"
NO_QT = ["engine", "pack", "documents"]
QT = ("PySide6", "shiboken6")


def modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> set[str]:
    """Every module name an import statement in `path` names (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return names


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("room", NO_QT)
def test_engine_pack_and_documents_import_no_qt(room):
    bad = {str(p.relative_to(ROOT)): sorted(n for n in imported(p) if _top(n) in QT or n.startswith("creagen_desktop.ui"))
           for p in modules(APP / room)}
    assert not {k: v for k, v in bad.items() if v}


def test_nothing_in_the_app_imports_torch_or_training():
    bad = {str(p.relative_to(ROOT)): sorted(n for n in imported(p) if _top(n) in ("torch", "training"))
           for p in modules(APP)}
    assert not {k: v for k, v in bad.items() if v}


def test_training_uses_the_app_only_for_the_pack_format_text_rules_and_evaluation():
    # training writes packs with creagen_desktop.pack, cuts and encodes text with the engine's own
    # tokenizer and splitter, and runs the engine to evaluate what ships; never the UI or documents
    bad = {str(p.relative_to(ROOT)): sorted(n for n in imported(p)
                                            if n.startswith(("creagen_desktop.ui", "creagen_desktop.documents")) or _top(n) in QT)
           for p in modules(ROOT / "training")}
    assert not {k: v for k, v in bad.items() if v}


def test_importing_engine_pack_and_documents_loads_no_qt_and_no_torch():
    mods = [".".join(p.relative_to(ROOT).with_suffix("").parts) for room in NO_QT for p in modules(APP / room)]
    mods = [m.removesuffix(".__init__") for m in mods] + ["creagen_desktop.cli", "creagen_desktop.self_test"]
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'training', 'PySide6'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_light_engine_modules_do_not_load_onnxruntime():
    # the window imports these before the engine loads on its thread
    code = (
        "import sys\n"
        "import creagen_desktop.engine.sampling, creagen_desktop.engine.sentences, creagen_desktop.engine.devices\n"
        "import creagen_desktop.engine.context_window, creagen_desktop.pack.store, creagen_desktop.documents.recovery\n"
        "assert 'onnxruntime' not in sys.modules and 'sentencepiece' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


PACK_FILE_NAMES = {v for k, v in vars(pack_format).items()
                   if k.isupper() and isinstance(v, str) and "." in v}


def test_pack_file_names_are_written_only_in_the_pack_format():
    assert {"lm.onnx", "manifest.json", "tokenizer.model", "fingerprint.bin"} <= PACK_FILE_NAMES
    found = {}
    for folder in (APP, ROOT / "training", ROOT / "benchmarks"):
        for p in modules(folder):
            # the hostile set builds packs by hand, wrong ones too, as the tests do: names on purpose there
            if p == APP / "pack" / "format.py" or "hostile_cases" in p.parts:
                continue
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in PACK_FILE_NAMES:
                    found.setdefault(str(p.relative_to(ROOT)), []).append(node.value)
    assert not found


MAX_LINES = 400  # "small modules whose names say what they hold"


def test_no_module_of_the_app_or_training_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for folder in (APP, ROOT / "training") for p in modules(folder)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


SAMPLING_FIELDS = {"n", "max_tokens", "temperature", "top_k", "top_p", "repetition_penalty", "creativity", "steps",
                   "variations", "sparks", "seed"}


def test_generation_defaults_are_written_only_in_engine_sampling():
    """No class field, keyword default or argparse default for a generation setting is a bare number
    outside engine/sampling.py (they all read SamplingConfig or sampling's constants)."""
    found = []
    for p in modules(APP):
        if p in (APP / "engine" / "sampling.py", APP / "pack" / "format.py"):  # format.py describes packs' own fields
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            numbers = []
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id in SAMPLING_FIELDS:
                numbers.append(node.value)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args.args[len(node.args.args) - len(node.args.defaults):]
                numbers += [d for a, d in zip(args, node.args.defaults) if a.arg in SAMPLING_FIELDS]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
                flags = [a.value for a in node.args if isinstance(a, ast.Constant)]
                if any(str(f).lstrip("-").replace("-", "_") in SAMPLING_FIELDS for f in flags):
                    numbers += [k.value for k in node.keywords if k.arg == "default"]
            found += [f"{p.relative_to(ROOT)}:{v.lineno}" for v in numbers
                      if isinstance(v, ast.Constant) and isinstance(v.value, (int, float)) and not isinstance(v.value, bool)]
    assert found == []
