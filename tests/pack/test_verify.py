import json
import shutil

import pytest

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
    assert pack.name == "tiny-test" and pack.kinds == ["lm", "vae", "gan", "fingerprint", "lexicon"]
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


def test_a_model_file_outside_the_checksummed_list_is_refused(pack_copy):
    # the loader opens what the sections name: an unlisted file would escape the checksums
    (pack_copy / "other.onnx").write_bytes((pack_copy / "lm.onnx").read_bytes())
    m = _manifest(pack_copy)
    m["lm"]["file"] = "other.onnx"
    (pack_copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelPackError, match="does not list other.onnx"):
        ModelPack.load(pack_copy)


def test_a_kind_without_its_section_is_refused(pack_copy):
    m = _manifest(pack_copy)
    del m["gan"]
    (pack_copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelPackError, match="claims a gan model"):
        ModelPack.load(pack_copy)


@pytest.mark.parametrize("edit, words", [
    (lambda m: m.update(name=123), "name should be text"),
    (lambda m: m.update(kinds=5), "kinds should be a list"),
    (lambda m: m.update(training="Gutenberg"), "training should be an object"),
    (lambda m: m.update(metrics=[1, 2]), "metrics should be an object"),
    (lambda m: m.update(format=True), "does not say which pack format"),
    (lambda m: m["lm"].pop("hidden"), "lm has no 'hidden'"),
    (lambda m: m["vae"].update(bos_id="1"), "vae.bos_id should be a whole number"),
    (lambda m: m["lm"].update(surprise=1), "unknown field 'surprise'"),
])
def test_malformed_manifests_are_refused_by_name(pack_copy, edit, words):
    m = _manifest(pack_copy)
    edit(m)
    (pack_copy / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelPackError, match=words):
        ModelPack.load(pack_copy)


def test_a_deeply_nested_manifest_is_refused_plainly(pack_copy):
    (pack_copy / "manifest.json").write_text('{"format": 1, "training": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(ModelPackError, match="nested too deeply"):
        ModelPack.load(pack_copy)
