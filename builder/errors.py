"""User-facing errors: one line naming the file (and the line where it helps)."""

from __future__ import annotations


class QikanError(Exception):
    """An error in a user's input, shown as one line without a traceback."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __reduce__(self):  # picklable, so that worker processes can report it
        return (self.__class__, (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ParseError(QikanError):
    """A raw issue that cannot be parsed."""


class SidecarError(QikanError):
    """An invalid editorial sidecar (`content/issues/<stem>.yml`)."""
