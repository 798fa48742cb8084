import creagen_desktop  # noqa: F401  (turns onnxruntime's telemetry off before anything loads it)
