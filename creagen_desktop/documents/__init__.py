"""The writer's documents, without Qt: files (safe saves, encodings), recovery copies, authorship
marks and counts."""
