"""Content: write Articles as content/*.md (YAML front matter + Markdown body) and read them back, checked.

content/ is the hand-editable source of truth, so reading it is strict and talkative: every field's type is
checked, and every problem names the file, the line (from the YAML marks) and the field, like a compiler.
Writing is deterministic: a fixed key order, no line wrapping, so re-importing the same article gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import yaml

from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.model import KINDS, Article, Person, Source
from coopnews.parallel import map_on_cores

# libyaml's loader when present: reading 10,000 files takes seconds with it, much longer without.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Front matter keys in the order they are written.
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
    "kind",
    "summary",
    "source",
    "needs_review",
)
_PERSON_FIELDS = ("name", "role", "organization")
_SOURCE_FIELDS = ("file", "sha256")
_SOURCE_OPTIONAL = ("url",)  # the address a seed gave on its first line ("Source: https://…")
_SOURCE_KEYS = {*_SOURCE_FIELDS, *_SOURCE_OPTIONAL}

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FIRST_LINE = 2  # the front matter's first line in the file: line 1 is the opening "---"

_Loaded = tuple[Any, yaml.Node]  # a value as YAML built it, with its node (which knows its line)


_SafeDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):  # type: ignore[misc]
    """The safe dumper, never writing &anchors.

    libyaml's CSafeDumper (bundled in PyYAML's wheels, pinned in requirements.txt) is 8x faster than the
    pure-Python one, which matters at 10,000 articles; it escapes characters outside the BMP ("\\U0001F600")
    where the pure one writes them raw, so both read back the same, but bytes differ between the two.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


class _FieldError(Exception):
    """A wrong value inside one field; `line` is the file line of the offending YAML node."""

    def __init__(self, field: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.line = line


def format_article(article: Article) -> str:
    """Render `article` as a content file: front matter in FIELDS order, a blank line, the body.

    Invariant: parse_article(format_article(a), path) == a for every valid Article.
    Aliases listed twice under one canonical name are merged (a mapping cannot repeat a key).
    """
    aliases: dict[str, list[str]] = {}
    for canonical, names in article.aliases:
        aliases.setdefault(canonical, []).extend(names)
    data: dict[str, Any] = {
        "title": article.title,
        "slug": article.slug,
        "date": article.date,
        "date_text": article.date_text,
        "institutions": list(article.institutions),
        "partners": list(article.partners),
        "organizations": list(article.organizations),
        "aliases": aliases,
        "people": [{"name": p.name, "role": p.role, "organization": p.organization} for p in article.people],
        "places": list(article.places),
        "kind": article.kind,
        "summary": article.summary,
        "source": _source_record(article.source),
        "needs_review": list(article.needs_review),
    }
    front = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31 - 1,
    )
    return f"---\n{front}---\n\n{article.body}\n"


def _source_record(source: Source | None) -> dict[str, str] | None:
    """The source mapping: file and sha256, and the address only when the seed gave one (older files stay as
    they were)."""
    if source is None:
        return None
    record = {"file": source.file, "sha256": source.sha256}
    if source.url:
        record["url"] = source.url
    return record


def parse_article(text: str, path: str) -> Article:
    """Read one content file's text; raise CoopNewsError listing every problem, each with `path` and its line."""
    article, _warnings = parse_article_with_warnings(text, path)
    return article


def parse_article_with_warnings(text: str, path: str) -> tuple[Article, list[Problem]]:
    """Like parse_article, but also return the warnings (unknown keys) that do not stop the file being used."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    opening = _OPENING.match(text)
    if opening is None:
        raise _fail(path, 1, "expected front matter: the file must start with a '---' line")
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise _fail(path, 1, "front matter is not closed; add a '---' line after it")
    front = text[opening.end() : closing.start()]
    body = text[closing.end() :].removeprefix("\n").removeprefix("\n").removesuffix("\n")
    fields = _read_valid_front_matter(front)
    if fields is not None:
        return Article(body=body, **fields), []
    values, problems = _load_front_matter(front, path)
    fields = {"body": body}
    for key, (check, default) in _CHECKS.items():
        if key not in values:
            fields[key] = default
            continue
        try:
            fields[key] = check(values[key], key)
        except _FieldError as error:
            problems.append(Problem(Location(path, error.line), error.message, field=error.field))
    if "title" not in values:
        problems.append(Problem(Location(path, 1), "missing; every article needs a title", field="title"))
    if "slug" not in values:  # a hand-written file may leave the slug to its file name
        try:
            fields["slug"] = _safe_slug(Path(path).stem, "slug", 1)
        except _FieldError as error:
            message = f"missing, and the file name is not a safe slug: {error.message}"
            problems.append(Problem(Location(path, 1), message, field="slug"))
    errors = [p for p in problems if p.severity == "error"]
    problems.sort(key=lambda p: p.location.line or 0)
    if errors:
        raise CoopNewsError(problems)
    return Article(**fields), problems


#: A content file as last read: ((mtime_ns, size) when read, (the article or None, its problems), digest of the
#: article (article_digest) or b"").
ContentMemo = MutableMapping[str, tuple[tuple[int, int], tuple[Article | None, tuple[Problem, ...]], bytes]]


def article_digest(article: Article) -> bytes:
    """A digest of everything an article says: its dataclass repr() names every field, and holds only text,
    numbers, dates and tuples. The build cache fingerprints pages with it (cache.Fingerprinter); kept in the
    content memo, it is computed once per edit of the file instead of once per article per build."""
    return hashlib.sha1(repr(article).encode()).digest()


def memo_digests(memo: ContentMemo) -> dict[int, bytes]:
    """id() of each article in `memo` -> its article_digest; valid while the memo holds the articles."""
    return {id(entry[1][0]): entry[2] for entry in memo.values() if entry[1][0] is not None}


def read_content(content_dir: Path, memo: ContentMemo | None = None) -> tuple[list[Article], list[Problem]]:
    """Read every content/*.md (dotfiles skipped) in file-name order.

    A file with errors gives its Problems and is skipped; the rest are read. Two files with one slug: the
    later one is skipped with an error naming both. A missing folder reads as no articles. `memo` (the build
    cache) keeps each file's result by name; a file whose modification time and size are unchanged is not
    read again. Entries for files that are gone are dropped from it.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        if memo is not None:
            memo.clear()
        return articles, problems
    owners: dict[str, str] = {}
    paths = sorted((p for p in content_dir.glob("*.md") if not p.name.startswith(".")), key=lambda p: p.name)
    shown = {path: relative_path(path, content_dir.parent) for path in paths}
    results = _read_content_files(paths, shown, memo)
    for path in paths:
        article, file_problems = results[path]
        problems.extend(file_problems)
        if article is None:
            continue
        if article.slug in owners:
            message = f"{article.slug!r} is already the slug of {owners[article.slug]}; give one of them another slug"
            line = _line_of_key(path.read_text(encoding="utf-8", errors="replace"), "slug")
            problems.append(Problem(Location(shown[path], line), message, field="slug"))
            continue
        owners[article.slug] = shown[path]
        articles.append(article)
    if memo is not None:
        for gone in set(memo) - {p.name for p in paths}:
            del memo[gone]
    return articles, problems


_ParsedFile = tuple[Article | None, tuple[Problem, ...]]
_ParsedJob = tuple[_ParsedFile, bytes]
_PARALLEL_MIN = 500  # files to parse before a second process pays for its start


def _read_content_files(paths: list[Path], shown: dict[Path, str], memo: ContentMemo | None) -> dict[Path, _ParsedFile]:
    """Each file's article (None when it has errors) and problems; from `memo` when the file is unchanged.

    Files to parse are parsed on all cores when there are many: YAML is most of a clean build's reading time.
    """
    results: dict[Path, _ParsedFile] = {}
    stamps: dict[Path, tuple[int, int]] = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError as error:
            results[path] = (
                None,
                (Problem(Location(shown[path]), f"cannot read the file: {error.strerror or error}"),),
            )
            continue
        stamps[path] = (stat.st_mtime_ns, stat.st_size)
        known = memo.get(path.name) if memo is not None else None
        if known is not None and known[0] == stamps[path]:
            results[path] = known[1]
    todo = [path for path in stamps if path not in results]
    jobs = [(path, shown[path]) for path in todo]
    parsed = map_on_cores(_parse_content_job, jobs, minimum=_PARALLEL_MIN, chunksize=100)
    for path, (result, digest) in zip(todo, parsed, strict=True):
        results[path] = result
        if memo is not None:
            memo[path.name] = (stamps[path], result, digest)
    return results


def _parse_content_job(job: tuple[Path, str]) -> _ParsedJob:
    """A file parsed, with its article's digest: computed here, in the worker processes of a big build."""
    result = _parse_content_file(*job)
    return result, article_digest(result[0]) if result[0] is not None else b""


def _parse_content_file(path: Path, shown: str) -> _ParsedFile:
    data = b""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
        article, warnings = parse_article_with_warnings(text, shown)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, (Problem(Location(shown, line), "not UTF-8 text; save the file again as UTF-8"),)
    except OSError as error:
        return None, (Problem(Location(shown), f"cannot read the file: {error.strerror or error}"),)
    except CoopNewsError as error:
        return None, tuple(error.problems)
    return article, tuple(warnings)


_TOP_LEVEL_KEY = re.compile(r"^[^\s#'\"-][^:\n]*:", re.MULTILINE)


def _read_valid_front_matter(front: str) -> dict[str, Any] | None:
    """The Article fields of front matter that is entirely valid, read in one libyaml call; None otherwise.

    The fast path: building each value from its YAML node (to know its line) costs five times more, and at
    10,000 articles that is most of reading content/. Anything unusual (a repeated or unknown key, a value of
    another type, a missing title) returns None, and the line-aware path then explains what is wrong.
    """
    try:
        data = _plain_values(yaml.compose(front, Loader=_Loader))
    except (yaml.YAMLError, ValueError, TypeError, _NotPlain):  # e.g. date: 2023-02-30, or a tag we do not build
        return None
    if not isinstance(data, dict) or not set(data) <= _CHECKS.keys() or "title" not in data or "slug" not in data:
        return None
    if len(_TOP_LEVEL_KEY.findall(front)) != len(data):  # a repeated key: YAML keeps the last one silently
        return None
    people = data.get("people") or []
    source = data.get("source")
    aliases = data.get("aliases") or {}
    valid = (
        _is_text(data["title"])
        and bool(data["title"].strip())
        and _is_text(data["slug"])
        and SLUG_PATTERN.match(data["slug"]) is not None
        and (data.get("date") is None or type(data["date"]) is dt.date)
        and all(_is_text(data.get(key), optional=True) for key in ("date_text", "summary"))
        and all(_is_names(data.get(key)) for key in ("institutions", "partners", "organizations", "places"))
        and _is_names(data.get("needs_review"))
        and isinstance(aliases, dict)
        and all(_is_text(name) and _is_names(names) for name, names in aliases.items())
        and isinstance(people, list)
        and all(_is_person(person) for person in people)
        and (data.get("kind") is None or data["kind"] in KINDS)
        and (source is None or (isinstance(source, dict) and set(_SOURCE_FIELDS) <= set(source) <= _SOURCE_KEYS))
        and (source is None or all(_is_text(source[key]) for key in _SOURCE_FIELDS))
        and (source is None or _is_text(source.get("url"), optional=True))
    )
    if not valid:
        return None
    return {
        "title": data["title"],
        "slug": data["slug"],
        "date": data.get("date"),
        "date_text": data.get("date_text"),
        "institutions": tuple(data.get("institutions") or ()),
        "partners": tuple(data.get("partners") or ()),
        "organizations": tuple(data.get("organizations") or ()),
        "aliases": tuple((name, tuple(names or ())) for name, names in aliases.items()),
        "people": tuple(Person(p["name"], p.get("role"), p.get("organization")) for p in people),
        "places": tuple(data.get("places") or ()),
        "kind": data.get("kind") or "other",
        "summary": data.get("summary") or "",
        "source": Source(source["file"], source["sha256"], source.get("url")) if source else None,
        "needs_review": tuple(data.get("needs_review") or ()),
    }


class _NotPlain(Exception):
    """A node the fast path does not build (an int, a bool, an explicit tag, a merge key, a cycle)."""


_STR, _NULL, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_TIMESTAMPS = yaml.constructor.SafeConstructor()


def _plain_values(node: yaml.Node | None, depth: int = 0) -> Any:
    """What yaml.safe_load gives for front matter made of text, nulls, dates, lists and mappings only; raises
    _NotPlain on anything else, which front matter never holds valid (the line-aware path then says why).

    libyaml composes the nodes in C and resolves each scalar's tag as safe_load does; PyYAML's constructor,
    in Python, then took half of the time of reading a content file, which this walk of the few node kinds
    front matter uses replaces.
    """
    if node is None:
        return None
    if depth > 8:  # front matter nests three levels; an alias cycle would not end
        raise _NotPlain
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag == _MAP:
        result = {}
        for key, value in node.value:
            if key.tag != _STR:
                raise _NotPlain  # a merge key ("<<"), or a key that is not text
            result[key.value] = _plain_values(value, depth + 1)
        return result
    if tag == _SEQ:
        return [_plain_values(item, depth + 1) for item in node.value]
    if tag == _TIMESTAMP and isinstance(node, yaml.ScalarNode):
        return _TIMESTAMPS.construct_yaml_timestamp(node)
    raise _NotPlain


def _is_text(value: Any, *, optional: bool = False) -> bool:
    return isinstance(value, str) or (optional and value is None)


def _is_names(value: Any) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value))


def _is_person(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) <= set(_PERSON_FIELDS)
        and _is_text(value.get("name"))
        and bool(value["name"].strip())
        and all(_is_text(value.get(key), optional=True) for key in ("role", "organization"))
    )


def _fail(path: str, line: int | None, message: str) -> CoopNewsError:
    return CoopNewsError([Problem(Location(path, line), message)])


def _load_front_matter(front: str, path: str) -> tuple[dict[str, _Loaded], list[Problem]]:
    """Parse the YAML, keeping each key's line; build each value on its own so one bad value names its line."""
    loader = _Loader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(path, 1, "front matter is empty; it needs at least a title")
        if not isinstance(node, yaml.MappingNode):
            raise _fail(path, _line(node), "front matter must be 'key: value' lines")
        values: dict[str, _Loaded] = {}
        lines: dict[str, int] = {}
        problems: list[Problem] = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = _line(key_node)
            if not isinstance(key, str):
                problems.append(Problem(Location(path, line), "expected a key name before ':'"))
            elif key in lines:
                problems.append(Problem(Location(path, line), f"repeated; first given on line {lines[key]}", key))
            elif key not in _CHECKS:
                message = f"unknown key, ignored; expected one of {', '.join(FIELDS)}"
                problems.append(Problem(Location(path, line), message, field=key, severity="warning"))
            else:
                lines[key] = line
                try:
                    values[key] = (loader.construct_object(value_node, deep=True), value_node)
                except (yaml.YAMLError, ValueError, TypeError) as error:
                    if isinstance(value_node, yaml.ScalarNode):  # e.g. 2023-02-30: let the checker say why
                        values[key] = (value_node.value, value_node)
                    else:
                        problems.append(Problem(Location(path, _line(value_node)), f"invalid value: {error}", key))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + _FIRST_LINE if mark is not None else 1
        message = f"invalid YAML: {getattr(error, 'problem', None) or error}"
        context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
        if context and context_mark is not None:
            message += f" ({context} started on line {context_mark.line + _FIRST_LINE})"
        raise _fail(path, line, message) from None
    finally:
        loader.dispose()
    return values, problems


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + _FIRST_LINE


def _line_of_key(text: str, key: str) -> int | None:
    match = re.search(rf"^{key}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


# Checkers: each takes a value as loaded, paired with its YAML node (for the line), and the field's dotted name,
# and returns the Article's value or raises _FieldError.


def _got(value: Any) -> str:
    if isinstance(value, bool | int | float | dt.date):
        shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
        return f"got {shown} (put it in quotes to make it text)"
    return f"got {value!r}"


def _text(loaded: _Loaded, field: str) -> str:
    value, node = loaded
    if not isinstance(value, str):
        raise _FieldError(field, f"expected text, {_got(value)}", _line(node))
    return value


def _optional_text(loaded: _Loaded, field: str) -> str | None:
    return None if loaded[0] is None else _text(loaded, field)


def _check_title(loaded: _Loaded, field: str) -> str:
    title = _text(loaded, field)
    if not title.strip():
        raise _FieldError(field, "empty; every article needs a title", _line(loaded[1]))
    return title


def _check_slug(loaded: _Loaded, field: str) -> str:
    return _safe_slug(_text(loaded, field), field, _line(loaded[1]))


def _safe_slug(slug: str, field: str, line: int | None) -> str:
    if not SLUG_PATTERN.match(slug):
        why = "no '/' or '..'" if "/" in slug or ".." in slug else "lowercase letters, digits and single hyphens"
        raise _FieldError(field, f"expected a safe slug ({why}, e.g. ustb-signs-agreement), got {slug!r}", line)
    return slug


def _check_date(loaded: _Loaded, field: str) -> dt.date | None:
    value, node = loaded
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise _FieldError(field, f"expected a real date, got {value!r} ({error})", _line(node)) from None
    shown = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else repr(value)
    raise _FieldError(field, f"expected YYYY-MM-DD, got {shown}", _line(node))


def _check_kind(loaded: _Loaded, field: str) -> str:
    kind = "other" if loaded[0] is None else _text(loaded, field)
    if kind not in KINDS:
        raise _FieldError(field, f"expected one of {', '.join(KINDS)}, got {kind!r}", _line(loaded[1]))
    return kind


def _check_summary(loaded: _Loaded, field: str) -> str:
    return "" if loaded[0] is None else _text(loaded, field)


def _check_names(loaded: _Loaded, field: str) -> tuple[str, ...]:
    value, node = loaded
    if value is None:
        return ()
    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        raise _FieldError(field, f"expected a list such as [Name, Other Name], {_got(value)}", _line(node))
    names = []
    for index, item in enumerate(zip(value, node.value, strict=True)):
        name = _text(item, f"{field}.{index}")
        if not name.strip():
            raise _FieldError(f"{field}.{index}", "empty name; remove it or fill it in", _line(item[1]))
        names.append(name)
    return tuple(names)


def _check_aliases(loaded: _Loaded, field: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = _mapping_items(loaded, field, "'Canonical Name: [alias, ...]' lines")
    aliases = []
    for key, value in pairs:
        canonical = _text(key, field)
        aliases.append((canonical, _check_names(value, f"{field}.{canonical}")))
    return tuple(aliases)


def _check_people(loaded: _Loaded, field: str) -> tuple[Person, ...]:
    value, node = loaded
    if value is None:
        return ()
    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        raise _FieldError(field, f"expected a list of {{name, role, organization}}, {_got(value)}", _line(node))
    people = []
    for index, item in enumerate(zip(value, node.value, strict=True)):
        where = f"{field}.{index}"
        record = _check_record(item, where, _PERSON_FIELDS)
        name = _text(record["name"], f"{where}.name") if "name" in record else ""
        if not name.strip():
            raise _FieldError(f"{where}.name", "missing; every person needs a name", _line(item[1]))
        role = _optional_text(record["role"], f"{where}.role") if "role" in record else None
        organization = (
            _optional_text(record["organization"], f"{where}.organization") if "organization" in record else None
        )
        people.append(Person(name=name, role=role, organization=organization))
    return tuple(people)


def _check_source(loaded: _Loaded, field: str) -> Source | None:
    if loaded[0] is None:
        return None
    record = _check_record(loaded, field, (*_SOURCE_FIELDS, *_SOURCE_OPTIONAL))
    missing = [key for key in _SOURCE_FIELDS if key not in record]
    if missing:
        raise _FieldError(field, f"missing {', '.join(missing)}; expected {{file, sha256}}", _line(loaded[1]))
    url = _optional_text(record["url"], f"{field}.url") if "url" in record else None
    return Source(
        file=_text(record["file"], f"{field}.file"), sha256=_text(record["sha256"], f"{field}.sha256"), url=url
    )


def _check_record(loaded: _Loaded, field: str, keys: tuple[str, ...]) -> dict[str, _Loaded]:
    """A small mapping with known keys, each value paired with its node so errors find their line."""
    record: dict[str, _Loaded] = {}
    for key, value in _mapping_items(loaded, field, f"a mapping with {', '.join(keys)}"):
        if key[0] not in keys:
            raise _FieldError(field, f"unknown key {key[0]!r}; expected {', '.join(keys)}", _line(key[1]))
        record[key[0]] = value
    return record


def _mapping_items(loaded: _Loaded, field: str, expected: str) -> list[tuple[_Loaded, _Loaded]]:
    """A mapping's (key, value) pairs in file order, each paired with its node; None reads as empty."""
    value, node = loaded
    if value is None:
        return []
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        raise _FieldError(field, f"expected {expected}, {_got(value)}", _line(node))
    if len(value) != len(node.value):
        raise _FieldError(field, "a key is repeated; give each key once", _line(node))
    return [
        ((key, key_node), (item, value_node))
        for (key, item), (key_node, value_node) in zip(value.items(), node.value, strict=True)
    ]


_Check = Callable[[_Loaded, str], Any]
# field: (checker, value when the key is absent). `body` comes from below the front matter.
_CHECKS: dict[str, tuple[_Check, Any]] = {
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
    "kind": (_check_kind, "other"),
    "summary": (_check_summary, ""),
    "source": (_check_source, None),
    "needs_review": (_check_names, ()),
}
