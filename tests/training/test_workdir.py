import ast
from pathlib import Path

import pytest

from creagen_desktop.pack import format as pack_format
from training import workdir
from training.workdir import RunDir, WorkDir, WorkError

TRAINING = Path(workdir.__file__).parent
PACK_NAMES = {v for k, v in vars(pack_format).items() if k.endswith("_FILE") or k == "MANIFEST"}
RUN_NAMES = {p.name for p in (RunDir(Path("r")).checkpoint, RunDir(Path("r")).best, RunDir(Path("r")).metrics,
                              RunDir(Path("r")).plot, RunDir(Path("r")).summary)}
WORK_NAMES = {workdir.TRAIN_TXT, workdir.VAL_TXT, workdir.CLEAN_REPORT, workdir.CORPUS_JSON, workdir.LM_FLOAT,
              workdir.LM_EXPORT, workdir.VAE_EXPORT, workdir.GAN_EXPORT} | RUN_NAMES


def _literals(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_file_names_are_written_once():
    """No module of training/ spells a pack file name (pack.format has them) or a work-folder file name
    (workdir.py has them) as a string of its own."""
    found = []
    for py in sorted(TRAINING.rglob("*.py")):
        allowed = WORK_NAMES if py.name == "workdir.py" else set()
        for line, text in _literals(py):
            if text in (PACK_NAMES | WORK_NAMES) - allowed:
                found.append(f"{py.relative_to(TRAINING)}:{line}: {text!r}")
    assert not found, found


def test_exported_models_carry_their_pack_names(tmp_path):
    w = WorkDir(tmp_path)
    assert w.lm_onnx.name == pack_format.LM_FILE and w.gan_onnx.name == pack_format.GAN_FILE
    assert w.tokenizer.name == pack_format.TOKENIZER_FILE
    assert {p.name for p in w.vae_graphs.values()} == {pack_format.VAE_ENCODER_FILE, pack_format.VAE_INIT_FILE,
                                                       pack_format.VAE_DECODER_FILE}


def test_a_missing_file_says_which_step_comes_first(tmp_path):
    w = WorkDir(tmp_path)
    with pytest.raises(WorkError, match="train.txt does not exist; run the earlier step first"):
        w.read(w.train)
    with pytest.raises(ValueError):
        w.run("poem")
