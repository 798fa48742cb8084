"""Figures measured on held-out text and generated samples: Fréchet distance, BLEU and diversity,
the VAE's figures through the exported pack, exact memorisation."""
