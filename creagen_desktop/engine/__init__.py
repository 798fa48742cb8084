"""The inference engine: model packs, onnxruntime sessions, tokenizer, sampling, generation.

No Qt and no torch here: the engine is used by the editor's worker threads, the command line and
training's evaluation alike.
"""

from __future__ import annotations

from pathlib import Path

from creagen_desktop.engine.continuation import Continuer, Suggestions
from creagen_desktop.engine.latent import DEFAULT_CREATIVITY, LatentEditor, SentenceVAE
from creagen_desktop.engine.pack import ModelPack, ModelPackError, default_pack_dir
from creagen_desktop.engine.sampling import SamplingConfig

__all__ = ["Engine", "ModelPack", "ModelPackError", "SamplingConfig", "Suggestions", "default_pack_dir"]


class Engine:
    """One loaded pack and its models.

    Continuations keep a cache and must be used from one thread at a time; variations and blends
    keep no state between calls and may run on another thread beside them.
    """

    def __init__(self, pack: ModelPack, continuer: Continuer, latent: LatentEditor | None = None):
        self.pack = pack
        self.continuer = continuer
        self.latent = latent

    @classmethod
    def load(cls, pack_dir: str | Path | None = None, device: str = "auto") -> "Engine":
        pack = ModelPack.load(pack_dir)
        if "lm" not in pack.kinds:
            raise ModelPackError(f"The model pack {pack.name} has no language model for continuations.")
        continuer = Continuer(pack, device)
        latent = None
        if "vae" in pack.kinds:
            latent = LatentEditor(SentenceVAE(pack, continuer.tok, device))
        return cls(pack, continuer, latent)

    @property
    def pack_name(self) -> str:
        return self.pack.name

    @property
    def provider(self) -> str:
        return self.continuer.provider

    def suggest(self, text: str, config: SamplingConfig | None = None) -> Suggestions:
        return self.continuer.suggest(text, config)

    def _latent(self) -> LatentEditor:
        if self.latent is None:
            raise ModelPackError(f"The model pack {self.pack.name} has no model for variations and blends.")
        return self.latent

    def variations(self, text: str, n: int = 5, creativity: float = DEFAULT_CREATIVITY, seed: int | None = None,
                   cursor: int | None = None) -> list[str]:
        """Up to n rewrites of `text`; with `cursor` (an offset into text) only that sentence changes."""
        return self._latent().variations(text, n, creativity, seed, cursor)

    def blend(self, a: str, b: str, steps: int = 8, path: str = "slerp") -> list[str]:
        """`steps` passages on the way from A to B."""
        return self._latent().blend(a, b, steps, path)
