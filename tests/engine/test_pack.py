import json
import shutil

import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.pack import ModelPack, ModelPackError


@pytest.fixture
def pack_copy(tiny_pack_dir, tmp_path):
    dst = tmp_path / "pack"
    shutil.copytree(tiny_pack_dir, dst)
    return dst


def _manifest(p):
    return json.loads((p / "manifest.json").read_text())


def test_good_pack_loads(pack_copy):
    pack = ModelPack.load(pack_copy)
    assert pack.name == "tiny-test" and pack.kinds == ["lm", "vae", "gan", "fingerprint"]
    assert pack.manifest.metrics["val_bits_per_char"] > 0
    assert pack.manifest.metrics["vae_latent_dim"] == 8


def test_tampered_file_is_refused(pack_copy):
    data = bytearray((pack_copy / "lm.onnx").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (pack_copy / "lm.onnx").write_bytes(bytes(data))
    with pytest.raises(ModelPackError, match="lm.onnx.*checksum"):
        ModelPack.load(pack_copy)


def test_truncated_file_is_refused(pack_copy):
    data = (pack_copy / "lm.onnx").read_bytes()
    (pack_copy / "lm.onnx").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelPackError, match="truncated"):
        ModelPack.load(pack_copy)


def test_missing_file_is_refused(pack_copy):
    (pack_copy / "tokenizer.model").unlink()
    with pytest.raises(ModelPackError, match="missing tokenizer.model"):
        ModelPack.load(pack_copy)


def test_format_from_the_future_is_refused(pack_copy):
    m = _manifest(pack_copy)
    m["format"] = 99
    (pack_copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelPackError, match="newer than this version"):
        ModelPack.load(pack_copy)


def test_garbage_manifest_and_missing_folder(pack_copy, tmp_path):
    (pack_copy / "manifest.json").write_text("{not json")
    with pytest.raises(ModelPackError, match="damaged manifest"):
        ModelPack.load(pack_copy)
    with pytest.raises(ModelPackError, match="not found"):
        ModelPack.load(tmp_path / "nowhere")


def test_path_outside_pack_is_refused(pack_copy):
    m = _manifest(pack_copy)
    m["files"].append({"path": "../evil.onnx", "sha256": "0", "bytes": 1})
    (pack_copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelPackError, match="outside the pack"):
        ModelPack.load(pack_copy)


def test_engine_reports_provider_and_name(tiny_pack_dir):
    engine = Engine.load(tiny_pack_dir, device="auto")
    assert engine.provider in ("CPU", "CUDA")
    assert engine.pack_name == "tiny-test"
    # asking for CUDA on a machine without it falls back to the CPU without raising
    assert Engine.load(tiny_pack_dir, device="cuda").provider in ("CPU", "CUDA")
