"""Extract, doubts: what a step guessed or chose between candidates, said so a person can check it.

A doubt becomes one `needs_review` entry, "field: reason" (`institutions: "HUST" could be …`). Hand-written
content files may list bare field names ("title"); both forms are read back by `review_entry`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar


@dataclass(frozen=True)
class Doubt:
    """A field a step is unsure of, and why, in words a person reads in the review list."""

    field: str
    reason: str

    def entry(self) -> str:
        """The needs_review entry: "field: reason"."""
        return f"{self.field}: {self.reason}"


def review_entry(entry: str) -> tuple[str, str]:
    """(field, reason) of one needs_review entry; a bare field name has an empty reason."""
    field, _, reason = entry.partition(":")
    return field.strip(), reason.strip()


def review_fields(entries: Iterable[str]) -> set[str]:
    """The fields a needs_review list names, whether its entries carry reasons or not."""
    return {review_entry(entry)[0] for entry in entries}


_T = TypeVar("_T")


@dataclass(frozen=True)
class Found(Generic[_T]):
    """What a step found, and its doubts about it (none when the text left it no choice)."""

    value: _T
    doubts: tuple[Doubt, ...] = ()
