"""Where Creagen keeps its own files: the recovery folder and the user's model packs.

platformdirs gives the usual place on each system. CREAGEN_DATA_DIR replaces it (tests, portable
installs), so nothing ever lands in the real user folders when it is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "CREAGEN_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("Creagen", "Creagen"))


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def user_packs_dir() -> Path:
    return data_dir() / "packs"
