"""The devices a writer can ask the models to run on. No onnxruntime here: the preferences and the
command line offer these before the engine loads (engine.runtime does the choosing)."""

DEVICES = ("auto", "cpu", "cuda")  # auto: CUDA when a session really starts on it, else the CPU, quietly
