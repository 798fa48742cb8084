"""The model features, one room each: continuation, latent (variations and blends), sparks."""
