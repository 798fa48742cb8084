import json
import os
import shutil
import zipfile

import pytest
from tiny_data import make_pack, zip_folder

from creagen_desktop.pack import ModelPackError
from creagen_desktop.pack.store import PackStore


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


def test_a_member_the_manifest_does_not_list_is_refused(store, tmp_path):
    src = make_pack(tmp_path / "src" / "stowaway")
    (src / "payload.onnx").write_bytes(b"x" * 10)
    with pytest.raises(ModelPackError, match="payload.onnx, a file its manifest.json does not list"):
        store.import_pack(zip_folder(src, tmp_path / "s.zip"))
    with pytest.raises(ModelPackError, match="does not list"):
        store.import_pack(src)
    assert os.listdir(store.user_dir) == []


def test_the_report_folder_comes_along_and_the_size_shown_is_the_packs(store, tmp_path):
    src = make_pack(tmp_path / "src" / "reported")
    (src / "report").mkdir()
    (src / "report" / "report.html").write_text("<p>figures</p>")
    seen = []
    info = store.import_pack(src, progress=lambda done, total: seen.append((done, total)))
    assert (info.path / "report" / "report.html").is_file()
    assert info.bytes == sum(len(p.read_bytes()) for p in (src / "lm.onnx", src / "tokenizer.model"))
    assert seen and seen[-1][0] == seen[-1][1]


def test_a_member_larger_or_smaller_than_its_manifest_says_is_refused(store, tmp_path):
    src = make_pack(tmp_path / "src" / "liar")
    m = json.loads((src / "manifest.json").read_text())
    m["files"][0]["bytes"] += 1
    (src / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(ModelPackError, match="where its manifest says"):
        store.import_pack(zip_folder(src, tmp_path / "l.zip"))


def _zip_with(tmp_path, src, tweak):
    out = tmp_path / "tweaked.zip"
    zip_folder(src, out)
    data = bytearray(out.read_bytes())
    tweak(data)
    out.write_bytes(bytes(data))
    return out


def test_encrypted_members_and_unknown_compression_are_refused(store, tmp_path):
    src = make_pack(tmp_path / "src" / "odd")

    def flag_encrypted(data):  # general-purpose bit 0 in every central directory entry
        i = 0
        while (i := data.find(b"PK\x01\x02", i)) != -1:
            data[i + 8] |= 0x01
            i += 4

    def unknown_method(data):
        i = 0
        while (i := data.find(b"PK\x01\x02", i)) != -1:
            data[i + 10: i + 12] = (99).to_bytes(2, "little")
            i += 4

    with pytest.raises(ModelPackError, match="encrypted"):
        store.import_pack(_zip_with(tmp_path, src, flag_encrypted))
    with pytest.raises(ModelPackError, match="compressed in a way"):
        store.import_pack(_zip_with(tmp_path, src, unknown_method))
    assert os.listdir(store.user_dir) == []


def test_an_archive_that_unpacks_far_beyond_its_size_is_refused(store, tmp_path):
    big = b"\0" * (20 << 20)  # 20 MB of zeros deflate to about 20 KB
    src = make_pack(tmp_path / "src" / "bomb", files={"lm.onnx": big, "tokenizer.model": b"tok"})
    out = tmp_path / "bomb.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in src.iterdir():
            zf.write(p, p.name)
    with pytest.raises(ModelPackError, match="far more than"):
        store.import_pack(out)
    assert os.listdir(store.user_dir) == []


def test_an_import_that_would_fill_the_disk_is_refused_first(store, tmp_path, monkeypatch):
    import creagen_desktop.pack.store as S

    monkeypatch.setattr(S.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**9, 10**9, 1000))
    with pytest.raises(ModelPackError, match="only 0 MB are free"):
        store.import_pack(make_pack(tmp_path / "src" / "roomy"))
    assert os.listdir(store.user_dir) == []


@pytest.mark.parametrize("extra", [{"training": "Gutenberg"}, {"metrics": [1, 2]}, {"name": 123}, {"kinds": 5}])
def test_a_malformed_manifest_is_not_imported_and_lists_as_damaged(store, tmp_path, extra):
    with pytest.raises(ModelPackError, match="malformed"):
        store.import_pack(make_pack(tmp_path / "src" / "odd", **extra))
    assert os.listdir(store.user_dir) == []
    make_pack(store.user_dir / "odd", **extra)  # one put there by hand
    infos = store.list()
    assert [i.usable for i in infos] == [True, False] and "malformed" in infos[1].error
