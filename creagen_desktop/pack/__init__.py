"""Model packs: the format both sides share (format), verifying a pack folder (verify), and the
packs installed for the app (store). No Qt, no onnxruntime."""

from creagen_desktop.pack.format import (
    FORMAT_VERSION,
    MANIFEST,
    Manifest,
    ModelPackError,
)
from creagen_desktop.pack.verify import ModelPack, sha256_of

__all__ = ["FORMAT_VERSION", "MANIFEST", "Manifest", "ModelPack", "ModelPackError", "sha256_of"]
