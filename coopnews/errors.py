"""Errors: problems that name a file, a line and a field, and know how to show themselves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in an input file; `line` is 1-based, None where the problem has no line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, shown like a compiler message.

    `severity` is "error" (the file is skipped), "warning" (built anyway;
    `--strict` makes warnings fail the build) or "note" (said, never a failure: a draft left out).
    """

    location: Location
    message: str
    field: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        what = f"{self.field}: {self.message}" if self.field else self.message
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.location}: {prefix}{what}"


class CoopNewsError(Exception):
    """An error the CLI shows as one clear line and turns into a non-zero exit code."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(Location("coopnews"), problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type[CoopNewsError], tuple[list[Problem]]]:
        """Pickle with the problems, so an error raised in a worker process arrives whole."""
        return type(self), (self.problems,)


class ConfigError(CoopNewsError):
    """config.yaml is missing, unreadable or has invalid values."""

    exit_code = 2


class BuildFailed(CoopNewsError):
    """The build stopped; the previous site/ is left as it was."""

    exit_code = 1


def relative_path(path: Path, root: Path) -> str:
    """Show `path` relative to `root` when it lies inside it, so messages stay short."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
