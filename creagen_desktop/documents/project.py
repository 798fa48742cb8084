"""A project: a folder of chapters (.md and .txt files, in sub-folders too), kept in the writer's
order, with a word goal. The order and the goal live in `creagen-project.json` in the folder; the
chapters stay plain files that any other editor can open. Files added behind Creagen's back join
the end of the order; files gone from the folder leave it. No Qt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from creagen_desktop.documents.authorship import SIDECAR_SUFFIX, sidecar_path
from creagen_desktop.documents.counts import count_words
from creagen_desktop.documents.files import DocumentError, atomic_write, read_document

PROJECT_FILE = "creagen-project.json"
PROJECT_FORMAT = 1
CHAPTER_SUFFIXES = (".md", ".txt")
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class ProjectError(Exception):
    """A project operation that cannot be done; the message is for the writer."""


@dataclass
class Project:
    folder: Path
    order: list[str] = field(default_factory=list)  # chapter paths relative to the folder, "/"-separated
    goal_words: int = 0  # the project's word goal (0: none)

    @property
    def name(self) -> str:
        return self.folder.name

    @classmethod
    def open(cls, folder: Path) -> "Project":
        folder = Path(folder)
        if not folder.is_dir():
            raise ProjectError(f"{folder} is not a folder.")
        project = cls(folder)
        meta = folder / PROJECT_FILE
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                order = data.get("order", [])
                project.order = [p for p in order if isinstance(p, str)] if isinstance(order, list) else []
                goal = data.get("goal_words", 0)
                project.goal_words = goal if isinstance(goal, int) and not isinstance(goal, bool) and goal > 0 else 0
            except (OSError, ValueError, UnicodeDecodeError, RecursionError):
                pass  # a damaged project file costs the order, never the chapters
        project.refresh()
        return project

    def refresh(self) -> None:
        """Follow the folder: new chapter files join the end (by name), missing ones leave."""
        found = sorted(self._scan())
        present = set(found)
        self.order = [p for p in dict.fromkeys(self.order) if p in present]
        self.order += [p for p in found if p not in self.order]

    def _scan(self) -> list[str]:
        out = []
        for p in self.folder.rglob("*"):
            rel = p.relative_to(self.folder)
            if any(part.startswith(".") for part in rel.parts) or p.name.endswith(SIDECAR_SUFFIX):
                continue
            if p.is_file() and p.suffix.lower() in CHAPTER_SUFFIXES:
                out.append(rel.as_posix())
        return out

    def save(self) -> None:
        data = {"format": PROJECT_FORMAT, "about": "A Creagen project: the order of its chapters and its word goal",
                "order": self.order, "goal_words": self.goal_words}
        try:
            atomic_write(self.folder / PROJECT_FILE, json.dumps(data, indent=1).encode("utf-8"))
        except OSError as exc:
            raise ProjectError(f"Could not save the project's order: {exc.strerror or exc}") from exc

    # -- chapters -----------------------------------------------------------------------------

    def chapters(self) -> list[Path]:
        return [self.folder / rel for rel in self.order]

    def path_of(self, rel: str) -> Path:
        return self.folder / rel

    def rel(self, path: Path) -> str | None:
        """The chapter's place in the project, or None when the file is not one of its chapters."""
        try:
            rel = Path(path).resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            return None
        return rel if rel in self.order else None

    @staticmethod
    def chapter_name(rel: str) -> str:
        return Path(rel).stem

    def _checked_name(self, name: str, suffix: str) -> str:
        name = name.strip()
        if not name or _BAD_NAME.search(name) or name in (".", ".."):
            raise ProjectError(f"“{name}” cannot be a chapter's name: leave out / \\ : * ? \" < > |.")
        return name if Path(name).suffix.lower() in CHAPTER_SUFFIXES else name + suffix

    def create(self, name: str, after: str | None = None, suffix: str = ".md") -> str:
        """A new, empty chapter file (after `after`, else at the end); its place."""
        file_name = self._checked_name(name, suffix)
        parent = Path(after).parent if after else Path(".")
        rel = (parent / file_name).as_posix()
        path = self.folder / rel
        if path.exists():
            raise ProjectError(f"There is already a chapter called {file_name}.")
        try:
            atomic_write(path, b"")
        except OSError as exc:
            raise ProjectError(f"Could not create {file_name}: {exc.strerror or exc}") from exc
        at = self.order.index(after) + 1 if after in self.order else len(self.order)
        self.order.insert(at, rel)
        self.save()
        return rel

    def rename(self, rel: str, name: str) -> str:
        """Rename a chapter's file (its authorship marks go with it); its new place."""
        old = self.folder / rel
        file_name = self._checked_name(name, old.suffix)
        new_rel = (Path(rel).parent / file_name).as_posix()
        new = self.folder / new_rel
        if new_rel == rel:
            return rel
        if new.exists():
            raise ProjectError(f"There is already a chapter called {file_name}.")
        try:
            old.rename(new)
            if sidecar_path(old).exists():
                sidecar_path(old).rename(sidecar_path(new))
        except OSError as exc:
            raise ProjectError(f"Could not rename {old.name}: {exc.strerror or exc}") from exc
        self.order[self.order.index(rel)] = new_rel
        self.save()
        return new_rel

    def move(self, rel: str, step: int) -> bool:
        """Move a chapter up (-1) or down (+1) among the chapters of its folder; False at an end."""
        siblings = [i for i, r in enumerate(self.order) if Path(r).parent == Path(rel).parent]
        here = siblings.index(self.order.index(rel))
        there = here + step
        if not 0 <= there < len(siblings):
            return False
        a, b = siblings[here], siblings[there]
        self.order[a], self.order[b] = self.order[b], self.order[a]
        self.save()
        return True

    # -- counts -------------------------------------------------------------------------------

    def words_on_disk(self, rel: str) -> int:
        try:
            return count_words(read_document(self.folder / rel)[0])
        except DocumentError:
            return 0
