"""The house rules that a test can check, read from the source (ast) or watched while the app runs:

- no UI module touches another object's private attribute (`window._x`, `self.w._x`); features are
  handed what they need and never see the window;
- one job mechanism (ui/workers.py's JobThread) serves every feature: no other threads, no job ids
  kept elsewhere, answers taken only through fresh_result / fresh_failed;
- no module in creagen_desktop is over 400 lines;
- importing ui.main_window loads no onnxruntime (the window shows before the engine loads);
- the GUI thread never unzips or hashes a pack;
- keys are written only in the action table (ui/menus.py);
- the fakes the UI tests drive have the real engine's interface.
"""

import ast
import inspect
import os
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

from fakes import FakeSparksEngine
from PySide6.QtWidgets import QMessageBox

import creagen_desktop.pack.store as pack_store
import creagen_desktop.pack.verify as pack_verify

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "creagen_desktop"
UI = APP / "ui"


def modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    return f"{name}:{node.lineno}: {ast.unparse(node)[:80]}"


# -- rooms and privates -----------------------------------------------------------------------


def _private_reaches(path: Path) -> list[str]:
    """`x._name` where x is not self, cls or super(): a private attribute of some other object."""
    found = []
    for node in ast.walk(parsed(path)):
        if not (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
            continue
        found.append(where(path, node))
    return found


def test_no_ui_module_touches_another_objects_private_attributes():
    found = [hit for path in modules(UI) for hit in _private_reaches(path)]
    assert found == []


def test_the_private_attribute_check_finds_what_it_must(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f(self, window):\n    window._action()\n    self.w._menu.x = 1\n"
                     "    self._own = super()._own\n")
    assert [hit.split(": ", 1)[1] for hit in _private_reaches(probe)] == ["window._action", "self.w._menu"]


def test_features_are_handed_what_they_need_not_the_window():
    for path in modules(UI / "features"):
        tree = parsed(path)
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "creagen_desktop.ui.main_window" not in imported, path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                params = [a.arg for a in node.args.args]
                assert "window" not in params, f"{path.name}: {params}"


# -- one job mechanism ------------------------------------------------------------------------

THREADING = {"threading", "concurrent", "multiprocessing", "asyncio", "_thread"}
THREAD_NAMES = {"QThread", "QThreadPool", "QRunnable", "QtConcurrent"}


LOCKS = {"Lock", "RLock"}  # a lock guards shared state; it is not a second way to run jobs


def test_one_job_mechanism_serves_every_feature():
    workers = UI / "workers.py"
    found = []
    for path in modules(UI):
        if path == workers:
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.ImportFrom) and node.module == "threading" and {a.name for a in node.names} <= LOCKS:
                continue
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
                if any(n and (n.split(".")[0] in THREADING or n in THREAD_NAMES) for n in names):
                    found.append(where(path, node))
            elif isinstance(node, ast.Name) and node.id in THREAD_NAMES:
                found.append(where(path, node))
            elif "job_id" in (node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")):
                found.append(where(path, node))  # job ids are the JobThread's business
            elif (isinstance(node, ast.Attribute) and node.attr == "connect" and isinstance(node.value, ast.Attribute)
                  and node.value.attr in ("result", "failed")):
                found.append(where(path, node))  # every answer, stale ones too: take fresh_result instead
    assert found == []


# -- onnxruntime after the window -------------------------------------------------------------


def test_importing_the_main_window_loads_no_onnxruntime():
    code = ("import sys\nimport creagen_desktop.ui.main_window\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'onnxruntime' "
            "or m == 'creagen_desktop.engine.engine'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


# -- no unzipping or hashing on the GUI thread ------------------------------------------------


def test_the_gui_thread_never_unzips_or_hashes_a_pack(qtbot, real_window, tiny_pack_dir, tmp_path, monkeypatch):
    """Import a zipped pack, switch to it, switch back and remove it, with the real engine: every
    checksum, unzip and removal runs on a worker thread."""
    w = real_window
    seen: dict[str, list[int]] = {"hash": [], "unzip": [], "remove": []}

    def watch(kind, fn):
        def run(*args, **kwargs):
            seen[kind].append(threading.get_ident())
            return fn(*args, **kwargs)
        return run

    monkeypatch.setattr(pack_verify, "sha256_of", watch("hash", pack_verify.sha256_of))
    monkeypatch.setattr(pack_store._ZipReader, "copy", watch("unzip", pack_store._ZipReader.copy))
    monkeypatch.setattr(w.packs.store, "remove", watch("remove", w.packs.store.remove))
    archive = tmp_path / "tiny.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(tiny_pack_dir.iterdir()):
            zf.write(p, f"tiny/{p.name}")
    dlg = w.packs.open_dialog()
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.imported, timeout=30000) as imported:
        assert dlg.import_from(archive)
    info = imported.args[0]  # and selected
    with qtbot.waitSignal(w.worker.loaded, timeout=30000):
        dlg.use_selected()  # the engine thread loads and verifies it, checksums and all
    assert w.model_error is None and w.packs.pack_dir == str(info.path)
    dlg.close()
    with qtbot.waitSignal(w.worker.loaded, timeout=30000):
        w.packs.use(tiny_pack_dir)  # back to the first pack, so the imported one may go
    dlg = w.packs.open_dialog()
    qtbot.addWidget(dlg)
    assert dlg.select_path(info.path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dlg.removed, timeout=30000):
        assert dlg.remove_selected()
    assert not info.path.exists()
    gui = threading.get_ident()
    assert seen["hash"] and seen["unzip"] and seen["remove"]  # the watch saw the work...
    assert all(gui not in threads for threads in seen.values())  # ...and none of it on the GUI thread


# -- keys -------------------------------------------------------------------------------------

KEY_TEXT = re.compile(r"\b(Ctrl|Alt|Shift|Meta|Cmd)\+\S")


def _strings(tree: ast.Module) -> list[ast.Constant]:
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docstrings]


def test_keys_are_written_only_in_the_action_table():
    found = []
    for path in modules(UI):
        if path.name == "menus.py":
            continue
        found += [where(path, s) for s in _strings(parsed(path)) if KEY_TEXT.search(s.value)]
    assert found == []


# -- honest fakes -----------------------------------------------------------------------------


def test_the_fakes_have_the_engines_interface(tiny_pack_dir):
    from creagen_desktop.engine.engine import Engine

    engine = Engine.load(tiny_pack_dir, device="cpu")
    fake = FakeSparksEngine()
    for name in (n for n in dir(fake) if not n.startswith("_") and n not in fake.RECORDS):
        assert hasattr(engine, name), f"the fakes have {name}, the engine has not"
        real, mine = getattr(engine, name), getattr(fake, name)
        if callable(real):
            assert inspect.signature(mine).parameters.keys() == inspect.signature(real).parameters.keys(), name
    assert set(engine.pack.kinds) >= set(fake.pack.kinds) and hasattr(engine.pack, "name")


def test_the_poetry_fake_has_the_chinese_engines_interface(tiny_zh_pack_dir):
    from fakes import FakePoemEngine

    from creagen_desktop.engine.engine import Engine

    engine = Engine.load(tiny_zh_pack_dir, device="cpu")
    fake = FakePoemEngine()
    for name in ("poem", "check_poem", "next_line", "revise_line", "rhyme_tables"):
        real, mine = getattr(engine, name), getattr(fake, name)
        if callable(real):
            assert inspect.signature(mine).parameters.keys() == inspect.signature(real).parameters.keys(), name
    assert set(engine.pack.kinds) >= set(fake.pack.kinds)
