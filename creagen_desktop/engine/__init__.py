"""The inference engine: onnxruntime sessions, tokenizer, sampling, generation. No Qt, no torch.

Nothing is imported here: the light modules (sentences, sampling, context_window) must not load
onnxruntime, so that the window can show before it does. The Engine is in engine.engine.
"""
