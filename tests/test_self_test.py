"""`creagen --self-test`: one line per check, exit 0 only when nothing failed."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from creagen_desktop import self_test
from creagen_desktop.cli import main as cli_main


def run_main(**kw) -> tuple[int, str]:
    out = io.StringIO()
    code = self_test.main(out=out, **kw)
    return code, out.getvalue()


def status_of(text: str, name: str) -> str:
    for line in text.splitlines():
        parts = line.split()
        if len(parts) > 1 and " ".join(parts[1:3]).startswith(name):
            return parts[0]
    raise AssertionError(f"no line for {name} in:\n{text}")


def test_real_pack_passes(tiny_pack_dir):
    code, text = run_main(pack_dir=tiny_pack_dir, device="cpu")
    assert code == 0, text
    for name in ("load pack", "provider", "continuation"):
        assert status_of(text, name) == "ok", text
    has_vae = "vae" in json.loads((tiny_pack_dir / "manifest.json").read_text())["kinds"]
    for name in ("variations", "blend"):
        assert status_of(text, name) == ("ok" if has_vae else "skipped"), text


def test_pack_without_a_vae_skips_variations_blend_and_sparks(pack_variant):
    lm_only = pack_variant("lm-only", lambda manifest: manifest.update(kinds=["lm"]))
    code, text = run_main(pack_dir=lm_only, device="cpu")
    assert code == 0, text
    assert "skipped variations" in text and "skipped blend" in text and "pack has no VAE" in text
    assert "skipped sparks" in text and "pack writes no poems" in text
    assert text.rstrip().endswith("self-test passed (3 ok, 5 skipped)")


def test_the_chinese_pack_writes_chinese_a_poem_and_a_matching_line(tiny_zh_pack_dir):
    code, text = run_main(pack_dir=tiny_zh_pack_dir, device="cpu")
    assert code == 0, text
    for name in ("continuation", "variations", "blend", "sparks", "poem", "next line"):
        assert status_of(text, name) == "ok", text
    assert text.rstrip().endswith("self-test passed (8 ok, 0 skipped)")


def test_cli_flag_runs_it(tiny_pack_dir, capsys):
    assert cli_main(["--self-test", "--pack", str(tiny_pack_dir), "--device", "cpu"]) == 0
    assert "self-test passed" in capsys.readouterr().out


def test_damaged_pack_fails_with_a_plain_message(tiny_pack_dir, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_pack_dir, broken)
    with open(broken / "lm.onnx", "r+b") as f:
        f.truncate(100)
    code, text = run_main(pack_dir=broken)
    assert code == 1
    assert status_of(text, "load pack") == "FAILED"
    assert "damaged lm.onnx" in text and "Traceback" not in text
    assert "skipped continuation" in text and "the pack did not load" in text
    assert "self-test FAILED: load pack" in text


def test_missing_pack_fails(tmp_path):
    code, text = run_main(pack_dir=tmp_path / "nowhere")
    assert code == 1 and "was not found" in text


class FakeEngine:
    """Stands in for Engine.load so the VAE checks can be tried before a pack has a VAE."""

    def __init__(self, kinds=("lm", "vae"), blend_result=("a", "between", "b"), noise: bytes = b""):
        self.pack = SimpleNamespace(name="fake", kinds=list(kinds), path=Path("/fake"),
                                    manifest=SimpleNamespace(language="en"))
        self.matching_line = None
        self.provider = "CPU"
        self.blend_result = list(blend_result)
        self.noise = noise
        self.calls = []

    def load(self, pack_dir=None, device="auto"):
        if self.noise:  # as native code would: straight to the file descriptor
            os.write(2, self.noise)
        return self

    def suggest(self, text, config=None):
        return SimpleNamespace(candidates=[" and went on."])

    def variations(self, text, n=5, creativity=1.0, seed=None):
        self.calls.append(("variations", n, seed))
        return [f"{text} ({i})" for i in range(n)]

    def blend(self, a, b, steps=8):
        self.calls.append(("blend", steps))
        return self.blend_result


@pytest.fixture
def fake(monkeypatch):
    from creagen_desktop.engine import engine

    def install(**kw) -> FakeEngine:
        fe = FakeEngine(**kw)
        monkeypatch.setattr(engine.Engine, "load", fe.load)
        return fe

    return install


def test_vae_checks_run_when_the_pack_has_one(fake):
    fe = fake()
    code, text = run_main()
    assert code == 0, text
    assert status_of(text, "variations") == "ok" and status_of(text, "blend") == "ok"
    assert [c[0] for c in fe.calls] == ["variations", "blend"]


def test_empty_blend_is_a_failure(fake):
    fake(blend_result=[])
    code, text = run_main()
    assert code == 1
    assert status_of(text, "blend") == "FAILED" and "blend gave no usable text" in text


def test_a_noisy_device_probe_fails(fake):
    fake(kinds=("lm",), noise=b"[E:onnxruntime] libcublas.so.13: cannot open shared object file\n")
    code, text = run_main()
    assert code == 1
    assert status_of(text, "provider") == "FAILED" and "libcublas" in text
