from creagen_desktop.engine.engine import Engine


def test_engine_reports_provider_and_name(tiny_pack_dir):
    engine = Engine.load(tiny_pack_dir, device="auto")
    assert engine.provider in ("CPU", "CUDA")
    assert engine.pack_name == "tiny-test"
    # asking for CUDA on a machine without it falls back to the CPU without raising
    assert Engine.load(tiny_pack_dir, device="cuda").provider in ("CPU", "CUDA")
