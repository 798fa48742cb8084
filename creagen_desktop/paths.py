"""Where Creagen's files are: the bundled resources, and its own data (recovery, the user's packs).

platformdirs gives the usual place on each system. CREAGEN_DATA_DIR replaces it (tests, portable
installs), so nothing ever lands in the real user folders when it is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "CREAGEN_DATA_DIR"
DEFAULT_PACK_NAME = "en-fiction"
BUNDLED_BY_LANGUAGE = {"en": "en-fiction", "zh": "zh-poetry"}  # the bundled pack for text in each language


def resources_dir() -> Path:
    """The bundled resources folder: installed as package data (creagen_desktop/resources), or the
    source tree's resources/ beside this package (a clone, an editable install, a worktree)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "resources", here.parent / "resources"):
        if (folder / "__init__.py").is_file():
            return folder
    try:
        import creagen_desktop.resources as res  # a layout other than these two

        return Path(res.__file__).resolve().parent
    except ImportError:
        return here.parent / "resources"


def bundled_packs_dir() -> Path:
    return resources_dir() / "models"


def default_pack_dir() -> Path:
    return bundled_packs_dir() / DEFAULT_PACK_NAME


def bundled_pack_for(language: str) -> Path:
    """The bundled pack for a language ("en", "zh"); the default pack for any other."""
    return bundled_packs_dir() / BUNDLED_BY_LANGUAGE.get(language, DEFAULT_PACK_NAME)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("Creagen", "Creagen"))


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def user_packs_dir() -> Path:
    return data_dir() / "packs"


def backups_dir() -> Path:
    return data_dir() / "backups"


def locks_dir() -> Path:
    return data_dir() / "locks"


def personal_dictionary_file() -> Path:
    """The writer's own words for the spell checker, one a line."""
    return data_dir() / "dictionary.txt"


def settings_file() -> Path | None:
    """Where the preferences live when CREAGEN_DATA_DIR is set (an INI file there); None means the
    system's usual place (QSettings' native store)."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) / "settings.ini" if override else None
