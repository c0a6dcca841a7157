"""A problem found in a data file, reported to the editor in Vietnamese."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..logsafe import printable


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None      # 1-based, None when the whole file is at fault
    column: int | None    # 1-based
    message: str          # Vietnamese: what is wrong and what to write instead

    def location(self, root: Path | None = None) -> str:
        path = self.file
        if root is not None:
            try:
                path = self.file.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        text = str(path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def format(self, root: Path | None = None) -> str:
        """One printable line: a file name or a quoted value cannot break it (see logsafe)."""
        return printable(f"{self.location(root)}: {self.message}")


class DataError(Exception):
    """Raised while building a model object; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


class BuildAbort(Exception):
    """Something no contributor can be allowed to publish: the build stops with this Vietnamese message."""
