"""The model features, one room each: continuation (ghost text), latent (variations and blends),
sparks. Each is handed a FeatureContext (and the continuation also the engine thread itself), keeps
its own state, and reaches nothing else: no window, no other room's privates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QDockWidget, QWidget

    from creagen_desktop.ui.editor.ghost_editor import GhostEditor
    from creagen_desktop.ui.menus import Menus
    from creagen_desktop.ui.workers import JobThread


@dataclass(frozen=True)
class FeatureContext:
    menus: Menus  # the action table: a feature binds its rows and names their keys in its hints
    current_editor: Callable[[], GhostEditor]  # the editor in view: where generated text goes
    open_editors: Callable[[], list[GhostEditor]]  # every open document's editor (a closed one is gone)
    new_jobs: Callable[[QObject], JobThread]  # a JobThread over the loaded engine (stopped with the window)
    say: Callable[..., None]  # a status-bar message: say(text, milliseconds)
    add_panel: Callable[[QDockWidget], None]  # docks a panel on the right, tabbed with the others
    parent: QWidget  # the owner of the feature's panels and dialogs
