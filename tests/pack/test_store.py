import hashlib
import json
import os
import shutil
import zipfile

import pytest

from creagen_desktop.pack import ModelPackError
from creagen_desktop.pack.store import PackStore


def make_pack(folder, name="mini", files=None, **manifest_extra):
    """A pack folder with a stand-in lm.onnx (pack verification reads bytes, not the model)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = files or {"lm.onnx": b"onnx" * 100, "tokenizer.model": b"tok" * 50}
    for rel, data in files.items():
        (folder / rel).write_bytes(data)
    manifest = {"format": 1, "name": name, "language": "en", "kinds": ["lm"],
                "files": [{"path": r, "sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for r, d in files.items()],
                "tokenizer": {"path": "tokenizer.model"},
                "lm": {"arch": "gru", "layers": 1, "hidden": 8, "embed": 8, "state_layers": 1}, "training": {"corpus": ["tests"], "train_chars": 1234},
                "metrics": {"val_bits_per_char": 2.5}}
    manifest.update(manifest_extra)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def zip_folder(folder, out, prefix=""):
    with zipfile.ZipFile(out, "w") as zf:
        for p in folder.iterdir():
            zf.write(p, prefix + p.name)
    return out


@pytest.fixture
def store(tmp_path):
    bundled = tmp_path / "bundled"
    make_pack(bundled / "en-fiction", name="en-fiction")
    return PackStore(tmp_path / "user", bundled)


def test_lists_bundled_and_user_packs_with_their_manifest(store, tmp_path):
    store.import_pack(make_pack(tmp_path / "src" / "mini"))
    packs = store.list()
    assert [(p.name, p.source) for p in packs] == [("en-fiction", "bundled"), ("mini", "user")]
    mini = packs[1]
    assert mini.kinds == ["lm"] and mini.language == "en" and mini.bytes == 550
    assert mini.metrics == {"val_bits_per_char": 2.5} and mini.corpus == "tests (1,234 characters)"


def test_import_from_zip_with_a_top_folder_and_remove(store, tmp_path):
    z = zip_folder(make_pack(tmp_path / "src" / "zipped", name="zipped"), tmp_path / "p.zip", prefix="zipped/")
    info = store.import_pack(z)
    assert info.path == store.user_dir / "zipped" and info.usable
    store.remove(info.path)
    assert not info.path.exists() and os.listdir(store.user_dir) == []
    with pytest.raises(ModelPackError, match="only those can be removed"):
        store.remove(store.bundled_dir / "en-fiction")


def _evil_zip(path, name, data=b"x", symlink=False):
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (0o120777 << 16)
        zf.writestr(info, data)
    return path


@pytest.mark.parametrize("name, symlink, words", [
    ("../escape.txt", False, "leaves its folder"),
    ("/etc/evil", False, "absolute path"),
    ("C:/evil", False, "absolute path"),
    ("link", True, "holds a link"),
])
def test_dangerous_archives_are_refused_and_nothing_stays(store, tmp_path, name, symlink, words):
    with pytest.raises(ModelPackError, match=words):
        store.import_pack(_evil_zip(tmp_path / "evil.zip", name, symlink=symlink))
    assert os.listdir(store.user_dir) == [] and not (tmp_path / "escape.txt").exists()


def test_oversized_member_is_refused(store, tmp_path):
    z = zip_folder(make_pack(tmp_path / "src" / "big"), tmp_path / "big.zip")
    with pytest.raises(ModelPackError, match="too large"):
        store.import_pack(z, max_member_bytes=100)
    assert os.listdir(store.user_dir) == []


def test_checksum_mismatch_and_links_in_folders_are_refused(store, tmp_path):
    src = make_pack(tmp_path / "src" / "bad")
    (src / "lm.onnx").write_bytes(b"ONNX" * 100)  # same size, other bytes
    with pytest.raises(ModelPackError, match="checksum does not match"):
        store.import_pack(src)
    src2 = make_pack(tmp_path / "src" / "linked")
    os.symlink(tmp_path / "src" / "bad" / "lm.onnx", src2 / "extra")
    with pytest.raises(ModelPackError, match="holds a link"):
        store.import_pack(src2)
    assert os.listdir(store.user_dir) == []


def test_not_a_pack_and_duplicates(store, tmp_path):
    (tmp_path / "junk").mkdir()
    with pytest.raises(ModelPackError, match="no manifest.json"):
        store.import_pack(tmp_path / "junk")
    (tmp_path / "x.bin").write_bytes(b"nothing")
    with pytest.raises(ModelPackError, match="neither a pack folder nor a .zip"):
        store.import_pack(tmp_path / "x.bin")
    with pytest.raises(ModelPackError, match="already installed"):
        store.import_pack(make_pack(tmp_path / "src" / "dup", name="en-fiction"))
    assert os.listdir(store.user_dir) == []


def test_interrupted_leftovers_are_swept(store):
    (store.user_dir / ".import-abc").mkdir(parents=True)
    (store.user_dir / ".removing-old").mkdir()
    store.list()
    assert os.listdir(store.user_dir) == []


def test_unusable_pack_is_listed_with_its_reason(store):
    broken = store.user_dir / "broken"
    make_pack(broken, format=99)
    [_, info] = store.list()
    assert not info.usable and "newer than this version" in info.error
    shutil.rmtree(broken)
