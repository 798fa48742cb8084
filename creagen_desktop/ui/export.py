"""The export room: File ▸ Export writes the document in view, or the project's chapters in order,
to .docx, .odt or .epub (documents/export.py) on a worker thread. An open chapter goes out as it is
in its tab, unsaved changes and marks included; the others as they are on disk with their sidecars.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from creagen_desktop.documents.authorship import load_sidecar
from creagen_desktop.documents.export import (
    MARKDOWN_SUFFIXES,
    ExportError,
    Source,
    export,
)
from creagen_desktop.documents.files import DocumentError, read_document
from creagen_desktop.ui.desk import Desk
from creagen_desktop.ui.dialogs.export import ExportDialog
from creagen_desktop.ui.i18n import arg
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.project import ProjectRoom


def _from_disk(path: Path) -> Source:
    try:
        text = read_document(path)[0]
    except DocumentError as exc:
        raise ExportError(f"{path.name} cannot be read: {exc}") from exc
    marks, _note = load_sidecar(path, text)
    return Source(path.stem, text, marks.spans, path.suffix.lower() in MARKDOWN_SUFFIXES)


class ExportRoom(QObject):
    def __init__(self, frame: QWidget, menus: Menus, desk: Desk, project: ProjectRoom, new_jobs: Callable,
                 say: Callable[..., None]):
        super().__init__(frame)
        self.frame, self.desk, self.project_room, self.say = frame, desk, project, say
        self.dialog: ExportDialog | None = None
        self.jobs = new_jobs(self, lambda: export)
        self.jobs.fresh_result.connect(self._done)
        self.jobs.fresh_failed.connect(self._failed)
        menus.bind("file.export", self.open_dialog)

    def open_dialog(self) -> ExportDialog:
        tab = self.desk.current_tab()
        project = self.project_room.project
        start = project.folder if project else (tab.path.parent if tab.path else Path.home())
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dlg = ExportDialog(tab.title, project.name if project else None,
                                         len(project.order) if project else 0, start, self.frame)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.destroyed.connect(lambda *_: self._gone(dlg))
        dlg.requested.connect(self.export)
        dlg.show()
        return dlg

    def _gone(self, dlg) -> None:
        if self.dialog is dlg:
            self.dialog = None

    def _tab_source(self, tab) -> Source:
        name = tab.path.stem if tab.path else "Untitled"
        markdown = tab.path is not None and tab.path.suffix.lower() in MARKDOWN_SUFFIXES
        return Source(name, tab.text(), tab.authorship().spans, markdown)

    def sources(self, scope: str) -> list:
        """What to export, in order: Sources from open tabs, paths for chapters read on the worker."""
        if scope != "project" or self.project_room.project is None:
            return [self._tab_source(self.desk.current_tab())]
        open_tabs = {t.path.resolve(): t for t in self.desk.all_tabs() if t.path is not None}
        out = []
        for path in self.project_room.project.chapters():
            tab = open_tabs.get(path.resolve())
            out.append(self._tab_source(tab) if tab is not None else path)
        return out

    def export(self, scope: str, fmt: str, authorship: str, title: str, author: str, path: str) -> None:
        items = self.sources(scope)

        def job(write):
            sources = [item if isinstance(item, Source) else _from_disk(item) for item in items]
            return str(write(sources, Path(path), fmt, authorship, title, author))

        self.jobs.submit(job)

    def _done(self, path: str) -> None:
        self.say(arg(self.tr("Exported to %1"), path), 6000)
        if self.dialog is not None:
            self.dialog.done_ok(path)

    def _failed(self, message: str) -> None:
        self.say(arg(self.tr("Export failed: %1"), message), 8000)
        if self.dialog is not None:
            self.dialog.done_failed(message)
