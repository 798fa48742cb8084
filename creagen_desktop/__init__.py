"""Creagen: an offline creative-writing assistant."""

import os

__version__ = "0.1.0"

# onnxruntime 1.31 collects usage events (device id, OS, CPU) into ~/.cache/Microsoft/DeveloperTools
# for upload unless this is set before it loads; Creagen promises no telemetry. Set here, since every
# entry point imports this package before onnxruntime.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
