from training.metrics.memorisation import WINDOW, TrainingWindows


class WordTokens:
    """A stand-in tokenizer: one token a word."""

    def encode(self, text: str) -> list[int]:
        return [int(w) for w in text.split()]


def test_a_copied_window_is_found_and_a_shorter_or_new_run_is_not():
    train = list(range(100))
    windows = TrainingWindows(train)
    assert len(windows) == 100 - WINDOW + 1
    assert windows.repeats([500, 501] + train[40 : 40 + WINDOW] + [502])
    assert not windows.repeats(train[40 : 40 + WINDOW - 1])  # one token short of a window
    assert not windows.repeats(list(range(200, 240)))
    texts = [" ".join(map(str, train[10 : 10 + WINDOW])), "300 301 302", " ".join(map(str, range(60, 50, -1)))]
    assert windows.rate(texts, WordTokens()) == 1 / 3 and windows.rate([], WordTokens()) == 0.0
