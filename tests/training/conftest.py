"""Small models and data for the training tests (the tiny pack itself is tests/conftest.py's trained_pack_dir)."""

import pytest


@pytest.fixture
def small_vae_config():
    """A sentence VAE over a 50-token vocabulary with a 4-dimensional latent: trains in a second."""
    from training.models.text_vae import VAEConfig

    return VAEConfig(vocab_size=50, bos_id=1, eos_id=2, pad_id=0, unk_id=0, embed=8, enc_hidden=8, dec_hidden=16,
                     latent=4)


@pytest.fixture
def vae_figure_keys() -> list[str]:
    """Figures every pack with a VAE must report (manifest metrics, `eval --json`)."""
    return ["vae_kl_nats", "vae_active_units", "vae_latent_dim", "vae_recon_bleu4", "vae_recon_nll_per_token"]
