from creagen_desktop.engine.context_window import window_start


def test_context_window_is_bounded_and_moves_in_steps():
    assert window_start(100) == 0
    positions = range(10_000_000, 10_004_000)
    assert all(8000 <= pos - window_start(pos) < 8000 + 4096 for pos in positions)
    assert len({window_start(pos) for pos in positions}) <= 2  # the start stays put while typing
