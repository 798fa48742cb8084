"""The editor window (PySide6 only): draws and routes; the engine does the writing."""
