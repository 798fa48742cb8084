# A package, so these test modules may share names with those in tests/engine (test_sparks.py, ...).
