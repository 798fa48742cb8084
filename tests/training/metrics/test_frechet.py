import numpy as np
import pytest

from training.metrics.frechet import frechet_distance, frechet_with_ci


def test_frechet_distance_of_a_set_with_itself_is_zero_and_grows_with_a_shift():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((400, 8))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    near, far = frechet_distance(a, a + 0.5), frechet_distance(a, a + 2.0)
    assert near == pytest.approx(8 * 0.25, rel=1e-6)  # a shift adds its squared length and nothing else
    assert far == pytest.approx(8 * 4.0, rel=1e-6)
    scaled = frechet_distance(a, a * 2.0)
    assert scaled > 1.0
    ci = frechet_with_ci(a, a + 0.5, resamples=50)
    assert ci["ci_low"] <= near <= ci["ci_high"]
