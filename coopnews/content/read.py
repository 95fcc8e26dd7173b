"""Content read: one content file's text → Article, checked, every problem naming the file, line and field.

content/ is edited by hand, so reading is strict and talkative, like a compiler. A file is first read by the
fast reader (fast); what that refuses is read here again from its YAML nodes, which know their lines, so each
FieldError of the shared checks (fields) gets its line. Bounds come before any walk of the values: YAML
aliases may not expand past fast.MAX_FRONT_MATTER_VALUES, and a body must be one Markdown renders quickly.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from coopnews.content.fast import MAX_FRONT_MATTER_VALUES, MAX_NESTING, Loader, read_front_matter_fast
from coopnews.content.fields import (
    CHECKS,
    CONTROL,
    At,
    Key,
    check_front_matter,
    control_message,
    has_control,
)
from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.markdown_body import body_limit_problem
from coopnews.model import Article

_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(r"^[^\s#'\"-][^:\n]*:", re.MULTILINE)
_FIRST_LINE = 2  # the front matter's first line in the file: line 1 is the opening "---"


def parse_article(text: str, path: str) -> Article:
    """Read one content file's text; raise CoopNewsError listing every problem, each with `path` and its line."""
    article, _problems, _draft = read_article(text, path)
    return article


def parse_article_with_warnings(text: str, path: str) -> tuple[Article, list[Problem]]:
    """Like parse_article, but also return the warnings (unknown keys) that do not stop the file being used,
    and the note saying an article is a draft (read_content leaves drafts out of the site)."""
    article, problems, _draft = read_article(text, path)
    return article, problems


def read_article(text: str, path: str) -> tuple[Article, list[Problem], bool]:
    """The article of a content file's text, its warnings and notes, and whether it is a draft (`draft: true`).

    Raises CoopNewsError with every error of the file, sorted by line; `path` is the file as messages show it.
    """
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
    control = CONTROL.search(text) if has_control(text) else None
    if control is None:
        fields = read_front_matter_fast(front, path)
        if fields is not None and body_limit_problem(body) is None:
            draft = fields.pop("draft")
            notes = [_draft_note(path, line_of_key(text, "draft"))] if draft else []
            return Article(body=body, content_file=path, **fields), notes, draft
    elif control.start() < closing.start():  # YAML cannot even be parsed with it
        line = text.count("\n", 0, control.start()) + 1
        keys = list(_TOP_LEVEL_KEY.finditer(text, opening.end(), control.start()))
        key = keys[-1].group().rstrip(":").strip() if keys else None
        raise CoopNewsError([Problem(Location(path, line), control_message(control.group()), field=key)])
    values, nodes, problems = _load_front_matter(front, path)
    fields, errors = check_front_matter(values, front=front, path=path)
    for error in errors:
        line = _line(_node_at(nodes[error.key], error.at)) if error.at is not None else 1
        problems.append(Problem(Location(path, line), error.message, field=error.field))
    body_line = text.count("\n", 0, closing.end()) + 2 + (1 if text[closing.end() :].startswith("\n\n") else 0)
    too_big = body_limit_problem(body)
    if too_big is not None:
        problems.append(Problem(Location(path, body_line + too_big[1] - 1), too_big[0], field="body"))
    control = CONTROL.search(body) if has_control(body) else None
    if control is not None:
        line = body_line + body.count("\n", 0, control.start())
        problems.append(Problem(Location(path, line), control_message(control.group()), field="body"))
    draft = bool(fields.pop("draft", False))
    if draft:
        problems.append(_draft_note(path, _line(nodes["draft"])))
    problems.sort(key=lambda p: p.location.line or 0)
    if any(p.severity == "error" for p in problems):
        raise CoopNewsError(problems)
    return Article(body=body, content_file=path, **fields), problems, draft


def line_of_key(text: str, key: str) -> int | None:
    """The line of a top-level `key:` in a content file's text, None when it has none."""
    match = re.search(rf"^{key}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _draft_note(path: str, line: int | None) -> Problem:
    """A draft is not a problem: a note, printed, that never fails a build, not even under --strict."""
    return Problem(Location(path, line), "not published (draft: true)", field="draft", severity="note")


def _fail(path: str, line: int | None, message: str) -> CoopNewsError:
    return CoopNewsError([Problem(Location(path, line), message)])


def _load_front_matter(front: str, path: str) -> tuple[dict[str, Any], dict[str, yaml.Node], list[Problem]]:
    """The values of the known keys as YAML builds them, each key's value node, and the problems found in the
    YAML itself (a repeated key, an unknown one); each value is built on its own so one bad value names its line.
    """
    loader = Loader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _fail(path, 1, "front matter is empty; it needs at least a title")
        if not isinstance(node, yaml.MappingNode):
            raise _fail(path, _line(node), "front matter must be 'key: value' lines")
        too_big = _expansion_problem(node)
        if too_big is not None:
            raise _fail(path, too_big[1], too_big[0])
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        key_lines: dict[str, int] = {}
        problems: list[Problem] = []
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = _line(key_node)
            if not isinstance(key, str):
                problems.append(Problem(Location(path, line), "expected a key name before ':'"))
            elif key in key_lines:
                problems.append(Problem(Location(path, line), f"repeated; first given on line {key_lines[key]}", key))
            elif key not in CHECKS:
                message = f"unknown key, ignored; expected one of {', '.join(CHECKS)}"
                problems.append(Problem(Location(path, line), message, field=key, severity="warning"))
            else:
                key_lines[key], nodes[key] = line, value_node
                repeated = _repeated_key(value_node, key)
                if repeated is not None:
                    message = "a key is repeated; give each key once"
                    problems.append(Problem(Location(path, _line(repeated[0])), message, repeated[1]))
                try:
                    values[key] = loader.construct_object(value_node, deep=True)
                except (yaml.YAMLError, ValueError, TypeError) as error:
                    if isinstance(value_node, yaml.ScalarNode):  # e.g. 2023-02-30: let the check say why
                        values[key] = value_node.value
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
    return values, nodes, problems


def _expansion_problem(root: yaml.Node) -> tuple[str, int] | None:
    """Why the document `root` expands past the bounds (and the line where it does), or None.

    Sizes are computed once per distinct node, so the work is bounded by the document's nodes, not by what
    its aliases expand to; an alias to a value that contains it is refused too.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, leaving = stack.pop()
        key = id(node)
        children = _child_nodes(node)
        if leaving:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_FRONT_MATTER_VALUES:
                message = (
                    f"aliases expand the front matter past {MAX_FRONT_MATTER_VALUES:,} values; "
                    "write the values out instead of repeating them with &anchors and *aliases"
                )
                return message, _line(node)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "an alias refers to a value that contains it; write the value out", _line(node)
        if depth > MAX_NESTING:
            return f"values nested more than {MAX_NESTING} levels deep; front matter nests three", _line(node)
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children)
    return None


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _repeated_key(node: yaml.Node, field: str) -> tuple[yaml.Node, str] | None:
    """The key node of the first key given twice in one mapping within `node`, and the dotted name of that
    mapping (`field` names `node`), or None. Bounded: called after _expansion_problem. The value YAML builds
    keeps only the last of the two, so the checks cannot see it."""
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else id(key)
            if name in seen:
                return key, field
            seen.add(name)
            repeated = _repeated_key(value, f"{field}.{name}")
            if repeated is not None:
                return repeated
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            repeated = _repeated_key(item, f"{field}.{index}")
            if repeated is not None:
                return repeated
    return None


def _node_at(node: yaml.Node, at: At) -> yaml.Node:
    """The node that FieldError.at leads to from a key's value node; as far as the nodes go."""
    for step in at:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
            node = node.value[step]
        elif isinstance(node, yaml.MappingNode):
            name = step.name if isinstance(step, Key) else step
            pair = next((pair for pair in node.value if str(pair[0].value) == str(name)), None)
            if pair is None:
                break
            node = pair[0] if isinstance(step, Key) else pair[1]
        else:
            break
    return node


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + _FIRST_LINE
