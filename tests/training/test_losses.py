import pytest

torch = pytest.importorskip("torch")

from training.losses import (  # noqa: E402
    critic_loss,
    free_bits_kl,
    gaussian_kl,
    generator_loss,
    gradient_penalty,
    kl_weight,
    sequence_nll,
)


def test_kl_schedules():
    assert kl_weight(0.0, "linear", ramp=0.5) == 0.0
    assert kl_weight(0.25, "linear", ramp=0.5) == pytest.approx(0.5)
    assert kl_weight(0.9, "linear", ramp=0.5) == 1.0
    # three cycles: beta drops back to 0 at the start of each and is 1 at the end of the run
    assert kl_weight(1 / 3 + 1e-6, "cyclical", cycles=3) < 0.01
    assert kl_weight(1 / 3 - 1e-6, "cyclical", cycles=3) == 1.0
    assert kl_weight(1.0, "cyclical", cycles=3) == 1.0
    with pytest.raises(ValueError):
        kl_weight(0.5, "sideways")


def test_kl_and_free_bits():
    mean, logvar = torch.zeros(3, 4), torch.zeros(3, 4)
    assert gaussian_kl(mean, logvar).abs().max() < 1e-7  # the prior itself costs nothing
    kl = gaussian_kl(torch.tensor([[1.0, 0.0]]), torch.zeros(1, 2))
    assert kl.tolist() == [[0.5, 0.0]]
    assert free_bits_kl(kl, 0.0).item() == pytest.approx(0.5)
    assert free_bits_kl(kl, 0.25).item() == pytest.approx(0.75)  # the collapsed dimension is charged the floor


def test_sequence_nll_ignores_padding():
    logits = torch.zeros(1, 3, 5)
    full = sequence_nll(logits, torch.tensor([[1, 2, 3]]), pad_id=0)
    padded = sequence_nll(logits, torch.tensor([[1, 2, 0]]), pad_id=0)
    assert padded.item() == pytest.approx(full.item() * 2 / 3)


def test_wasserstein_losses():
    real, fake = torch.tensor([2.0, 4.0]), torch.tensor([1.0, 1.0])
    assert critic_loss(real, fake).item() == pytest.approx(-2.0)  # the critic gains by scoring real codes higher
    assert generator_loss(fake).item() == pytest.approx(-1.0)


def test_gradient_penalty_is_zero_only_for_a_unit_slope_critic():
    x, y = torch.randn(16, 3), torch.randn(16, 3)
    unit = torch.nn.Linear(3, 1)
    with torch.no_grad():
        unit.weight.copy_(torch.tensor([[0.6, 0.8, 0.0]]))  # gradient norm 1 everywhere
    steep = torch.nn.Linear(3, 1)
    with torch.no_grad():
        steep.weight.copy_(torch.tensor([[3.0, 0.0, 0.0]]))
    assert gradient_penalty(lambda z: unit(z).squeeze(-1), x, y).item() == pytest.approx(0.0, abs=1e-10)
    assert gradient_penalty(lambda z: steep(z).squeeze(-1), x, y).item() == pytest.approx(4.0, rel=1e-5)
