"""Content fast read: valid front matter in one libyaml call, checked by the same table as the line-aware reader.

Reading 10,000 files is the biggest part of a clean build. Building each value from its YAML node to know its
line costs five times more, and lines are only needed to explain a mistake; so every file is first read
here, and only what this returns None for (a mistake, or anything unusual) is read again by `read`, which
explains it. Both apply fields.check_front_matter, so they agree on what is valid.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from coopnews.content.fields import CHECKS, check_front_matter

#: libyaml's loader when present: reading 10,000 files takes seconds with it, much longer without.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Front matter holds a few dozen values. Aliases (*name) may repeat a value, but what the whole document
#: expands to is bounded by this, and its nesting by MAX_NESTING: an 851-byte "alias bomb" expands to
#: billions of values, and anything that walked it (a checker, this reader, a template) would never end.
MAX_FRONT_MATTER_VALUES = 10_000
MAX_NESTING = 32

_TOP_LEVEL_KEY = re.compile(r"^[^\s#'\"-][^:\n]*:", re.MULTILINE)


def read_front_matter_fast(front: str, path: str) -> dict[str, Any] | None:
    """The checked fields (fields.CHECKS, `draft` included) of front matter that is entirely valid; None
    otherwise: a YAML error, a repeated or unknown key, a value of a kind front matter never holds valid, or any
    check failing. `path` is the file's name as shown, whose stem is the slug when the file gives none."""
    try:
        values = plain_values(yaml.compose(front, Loader=Loader))
    except (yaml.YAMLError, ValueError, TypeError, NotPlain):  # e.g. date: 2023-02-30, or a tag we do not build
        return None
    if not isinstance(values, dict) or not values.keys() <= CHECKS.keys():
        return None
    if len(_TOP_LEVEL_KEY.findall(front)) != len(values):  # a repeated key: YAML keeps the last one silently
        return None
    fields, errors = check_front_matter(values, front=front, path=path)
    return None if errors else fields


class NotPlain(Exception):
    """A node this reader does not build (an int, an explicit tag, a merge key, a repeated key, a cycle)."""


_STR, _NULL, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_BOOL, _MAP, _SEQ = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def plain_values(node: yaml.Node | None, depth: int = 0, budget: list[int] | None = None) -> Any:
    """What yaml.safe_load gives for front matter made of text, nulls, booleans, dates, lists and mappings only;
    raises NotPlain on anything else, which front matter never holds valid (the line-aware reader says why).

    libyaml composes the nodes in C and resolves each scalar's tag as safe_load does; PyYAML's constructor,
    in Python, then took half of the time of reading a content file, which this walk of the few node kinds
    front matter uses replaces. The walk follows aliases, so `budget` (nodes left to visit) bounds it: an alias
    bomb gives up here after MAX_FRONT_MATTER_VALUES visits, and the line-aware reader rejects it.
    """
    if node is None:
        return None
    if budget is None:
        budget = [MAX_FRONT_MATTER_VALUES]
    budget[0] -= 1
    if depth > 8 or budget[0] < 0:  # front matter nests three levels; an alias cycle would not end
        raise NotPlain
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag == _MAP:
        result = {}
        for key, value in node.value:
            if key.tag != _STR or key.value in result:
                raise NotPlain  # a merge key ("<<"), a key that is not text, or one given twice
            result[key.value] = plain_values(value, depth + 1, budget)
        return result
    if tag == _SEQ:
        return [plain_values(item, depth + 1, budget) for item in node.value]
    if tag == _TIMESTAMP and isinstance(node, yaml.ScalarNode):
        return _CONSTRUCTOR.construct_yaml_timestamp(node)
    if tag == _BOOL and isinstance(node, yaml.ScalarNode):
        return _CONSTRUCTOR.construct_yaml_bool(node)
    raise NotPlain
