"""Content fields: the one table of front-matter checks, shared by the line-aware reader and the fast one.

Each check takes a value as YAML built it and returns the Article's value, or raises FieldError saying what
was expected and where inside the value it went wrong (`at`: list indexes and mapping keys). The checks know
no YAML nodes and no lines: the line-aware reader (read) turns `at` into a line through its nodes, and the
fast reader (fast) only needs to know that every check passed. So each rule is written once, and the two
readers cannot disagree on what a valid content file is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from coopnews.model import KINDS, Person, Source
from coopnews.slugs import article_slug_problem

#: Front matter keys in the order they are written (write.format_article); `draft` is read, never written.
FIELDS: tuple[str, ...] = (
    "title",
    "slug",
    "date",
    "date_text",
    "institutions",
    "partners",
    "organizations",
    "aliases",
    "people",
    "places",
    "tags",
    "kind",
    "summary",
    "source",
    "needs_review",
)
PERSON_FIELDS = ("name", "role", "organization")
SOURCE_FIELDS = ("file", "sha256")
SOURCE_URL = "url"  # optional: the address a seed gave on its first line ("Source: https://…")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A date with a time, as other generators write it: "2024-03-05 10:00", "2024-03-05T10:00:00+08:00".
_ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[Tt]| +)\d{1,2}:\d{2}")

#: Characters no field or body may hold: C0 controls but tab and line ends, DEL, lone surrogates and Unicode
#: noncharacters (U+FDD0-U+FDEF and the last two code points of every plane). No editor shows them, and XML (the
#: feeds) cannot carry most of them: one in a title used to crash every build in the feed writer.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
_C0_CONTROLS = tuple(chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
_BMP_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL_NONCHARACTERS = tuple(chr(plane * 0x10000 + last) for plane in range(1, 17) for last in (0xFFFE, 0xFFFF))


def has_control(text: str) -> bool:
    """Whether CONTROL matches in `text`, at a twentieth of its cost (its class of astral code points is slow):
    in ASCII text each C0 control is one memchr, and `in` with an astral character returns at once for text
    that holds none. Reading 10,000 files is most of a clean build; this keeps the check to about 3 % of it."""
    if text.isascii():
        return any(control in text for control in _C0_CONTROLS)
    return _BMP_CONTROL.search(text) is not None or any(noncharacter in text for noncharacter in _ASTRAL_NONCHARACTERS)


def control_message(character: str) -> str:
    return f"contains control character U+{ord(character):04X}; remove it"


@dataclass(frozen=True)
class Key:
    """A step of FieldError.at that means a mapping's key itself, not its value (a bad alias name)."""

    name: Any


#: Where a FieldError lies inside its key's value: list indexes, mapping keys (to the value) and Keys.
At = tuple["int | str | Key", ...]


class FieldError(Exception):
    """A wrong value in one field: `field` is its dotted name ("people.0.name"); `at` the path to it from the
    key's value, or None when the key itself is missing (the message then belongs to the file's first line)."""

    def __init__(self, field: str, message: str, at: At | None = ()) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.at = at

    @property
    def key(self) -> str:
        """The front matter key the error lies under."""
        return self.field.split(".", 1)[0]


def check_front_matter(values: Mapping[str, Any], *, front: str, path: str) -> tuple[dict[str, Any], list[FieldError]]:
    """The Article's fields (and `draft`) from the front matter values YAML built from `front`, and every error.

    A key left out takes its default; without `slug`, the file name at `path` is the slug. Control characters
    written raw are found in the file's text before YAML reads it (read); those written as escapes in quotes
    ("\\uFFFF") can only be in values when `front` holds a backslash, so only then are the values searched.
    """
    fields: dict[str, Any] = {}
    errors: list[FieldError] = []
    for key, (check, default) in CHECKS.items():
        if key not in values:
            fields[key] = default
            continue
        try:
            fields[key] = check(values[key], key)
        except FieldError as error:
            errors.append(error)
    if "title" not in values:
        errors.append(FieldError("title", "missing; every article needs a title", None))
    if "slug" not in values:  # a hand-written file may leave the slug to its file name
        problem = article_slug_problem(PurePath(path).stem)
        if problem is None:
            fields["slug"] = PurePath(path).stem
        else:
            errors.append(FieldError("slug", f"missing, and the file name is not a safe slug: {problem}", None))
    if "\\" in front:
        wrong = {error.key for error in errors}
        errors.extend(_escaped_controls({key: value for key, value in values.items() if key not in wrong}))
    return fields, errors


def _escaped_controls(values: Mapping[str, Any]) -> list[FieldError]:
    found: list[FieldError] = []

    def visit(value: Any, field: str, at: At) -> None:
        if isinstance(value, str):
            if has_control(value):
                match = CONTROL.search(value)
                found.append(FieldError(field, control_message(match.group() if match else value[0]), at))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{field}.{index}", (*at, index))
        elif isinstance(value, dict):
            for name, item in value.items():
                visit(name, field, (*at, Key(name)))
                visit(item, f"{field}.{name}", (*at, name))

    for key in CHECKS:
        if key in values:
            visit(values[key], key, ())
    return found


# Checks: each takes a value as YAML built it and the field's dotted name, and returns the Article's value or
# raises FieldError. `at` locates a nested value for the message's line.


def _got(value: Any) -> str:
    if isinstance(value, bool | int | float | dt.date):
        shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
        return f"got {shown} (put it in quotes to make it text)"
    return f"got {value!r}"


def _text(value: Any, field: str, at: At = ()) -> str:
    if not isinstance(value, str):
        raise FieldError(field, f"expected text, {_got(value)}", at)
    return value


def _optional_text(value: Any, field: str, at: At = ()) -> str | None:
    return None if value is None else _text(value, field, at)


def _check_title(value: Any, field: str) -> str:
    if not _text(value, field).strip():
        raise FieldError(field, "empty; every article needs a title")
    return str(value)


def _check_slug(value: Any, field: str) -> str:
    problem = article_slug_problem(_text(value, field))
    if problem is not None:
        raise FieldError(field, problem)
    return str(value)


def _check_date(value: Any, field: str) -> dt.date | None:
    if isinstance(value, dt.datetime):  # a YAML timestamp with a time: the date as written, in its own zone
        return value.date()
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (_ISO_DATE.match(value) or _ISO_DATE_TIME.match(value)):
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError as error:
            raise FieldError(field, f"expected a real date, got {value!r} ({error})") from None
    raise FieldError(field, f"expected YYYY-MM-DD, got {value!r}")


def _check_kind(value: Any, field: str) -> str:
    kind = "other" if value is None else _text(value, field)
    if kind not in KINDS:
        raise FieldError(field, f"expected one of {', '.join(KINDS)}, got {kind!r}")
    return kind


def _check_summary(value: Any, field: str) -> str:
    return "" if value is None else _text(value, field)


def _check_draft(value: Any, field: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    raise FieldError(field, f"expected true or false, got {value!r}")


def _check_names(value: Any, field: str, at: At = ()) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldError(field, f"expected a list such as [Name, Other Name], {_got(value)}", at)
    for index, name in enumerate(value):
        if not _text(name, f"{field}.{index}", (*at, index)).strip():
            raise FieldError(f"{field}.{index}", "empty name; remove it or fill it in", (*at, index))
    return tuple(value)


def _check_tags(value: Any, field: str) -> tuple[str, ...]:
    """A list of topics, or one line of them separated by commas as Pelican writes them ("tags: a, b")."""
    if isinstance(value, str):
        return tuple(tag.strip() for tag in value.split(",") if tag.strip())
    return _check_names(value, field)


def _check_aliases(value: Any, field: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    aliases = []
    for canonical, names in _mapping(value, field, "'Canonical Name: [alias, ...]' lines").items():
        name = _text(canonical, field, (Key(canonical),))
        aliases.append((name, _check_names(names, f"{field}.{name}", (canonical,))))
    return tuple(aliases)


def _check_people(value: Any, field: str) -> tuple[Person, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldError(field, f"expected a list of {{name, role, organization}}, {_got(value)}")
    people = []
    for index, item in enumerate(value):
        where, at = f"{field}.{index}", (index,)
        record = _check_record(item, where, PERSON_FIELDS, at)
        name = _text(record["name"], f"{where}.name", (*at, "name")) if "name" in record else ""
        if not name.strip():
            raise FieldError(f"{where}.name", "missing; every person needs a name", at)
        role = _optional_text(record.get("role"), f"{where}.role", (*at, "role"))
        organization = _optional_text(record.get("organization"), f"{where}.organization", (*at, "organization"))
        people.append(Person(name=name, role=role, organization=organization))
    return tuple(people)


def _check_source(value: Any, field: str) -> Source | None:
    if value is None:
        return None
    record = _check_record(value, field, (*SOURCE_FIELDS, SOURCE_URL), ())
    missing = [key for key in SOURCE_FIELDS if key not in record]
    if missing:
        raise FieldError(field, f"missing {', '.join(missing)}; expected {{file, sha256}}")
    file = _text(record["file"], f"{field}.file", ("file",))
    url = _optional_text(record.get(SOURCE_URL), f"{field}.{SOURCE_URL}", (SOURCE_URL,))
    return Source(file, _text(record["sha256"], f"{field}.sha256", ("sha256",)), url)


def _check_record(value: Any, field: str, keys: tuple[str, ...], at: At) -> dict[str, Any]:
    """A small mapping with known keys (a person, a source)."""
    record = _mapping(value, field, f"a mapping with {', '.join(keys)}", at)
    for key in record:
        if key not in keys:
            raise FieldError(field, f"unknown key {key!r}; expected {', '.join(keys)}", (*at, Key(key)))
    return record


def _mapping(value: Any, field: str, expected: str, at: At = ()) -> dict[Any, Any]:
    """A mapping's items in file order; None reads as empty. (A repeated key is refused by the readers, which
    see it in the YAML: the mapping YAML builds keeps only the last.)"""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FieldError(field, f"expected {expected}, {_got(value)}", at)
    return value


_Check = Callable[[Any, str], Any]
#: field: (check, value when the key is absent). `body` comes from below the front matter.
CHECKS: dict[str, tuple[_Check, Any]] = {
    "title": (_check_title, ""),
    "slug": (_check_slug, ""),
    "date": (_check_date, None),
    "date_text": (_optional_text, None),
    "institutions": (_check_names, ()),
    "partners": (_check_names, ()),
    "organizations": (_check_names, ()),
    "aliases": (_check_aliases, ()),
    "people": (_check_people, ()),
    "places": (_check_names, ()),
    "tags": (_check_tags, ()),  # topics a person gives by hand; written only when there are some
    "kind": (_check_kind, "other"),
    "summary": (_check_summary, ""),
    "source": (_check_source, None),
    "needs_review": (_check_names, ()),
    "draft": (_check_draft, False),  # read, never written: a person sets it by hand
}
