from creagen_desktop.engine.context_window import MIN_CHARS, STEP, window_start


def test_context_window_is_bounded_and_moves_in_steps():
    assert window_start(100) == 0
    positions = range(10_000_000, 10_004_000)
    assert all(MIN_CHARS <= pos - window_start(pos) < MIN_CHARS + STEP for pos in positions)
    assert len({window_start(pos) for pos in positions}) <= 2  # the start stays put while typing
