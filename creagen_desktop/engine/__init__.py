"""The inference engine: model packs, onnxruntime sessions, tokenizer, sampling, generation.

No Qt and no torch here: the engine is used by the editor's worker thread, the command line and
training's evaluation alike.
"""

from __future__ import annotations

from pathlib import Path

from creagen_desktop.engine.continuation import Continuer, Suggestions
from creagen_desktop.engine.pack import ModelPack, ModelPackError, default_pack_dir
from creagen_desktop.engine.sampling import SamplingConfig

__all__ = ["Engine", "ModelPack", "ModelPackError", "SamplingConfig", "Suggestions", "default_pack_dir"]


class Engine:
    """One loaded pack and its models. Not thread-safe: use it from one thread at a time."""

    def __init__(self, pack: ModelPack, continuer: Continuer):
        self.pack = pack
        self.continuer = continuer

    @classmethod
    def load(cls, pack_dir: str | Path | None = None, device: str = "auto") -> "Engine":
        pack = ModelPack.load(pack_dir)
        if "lm" not in pack.kinds:
            raise ModelPackError(f"The model pack {pack.name} has no language model for continuations.")
        return cls(pack, Continuer(pack, device))

    @property
    def pack_name(self) -> str:
        return self.pack.name

    @property
    def provider(self) -> str:
        return self.continuer.provider

    def suggest(self, text: str, config: SamplingConfig | None = None) -> Suggestions:
        return self.continuer.suggest(text, config)
