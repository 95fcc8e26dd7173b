"""Config: read config.yaml once, check every field, and collect every error by key and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from coopnews.errors import ConfigError, Location, Problem
from coopnews.model import Organization
from coopnews.site import output_folder_clash


@dataclass(frozen=True)
class Config:
    """The validated settings; folder paths are absolute, resolved against the config's folder."""

    path: Path
    title: str
    description: str
    base_url: str  # absolute, ends with "/": "https://example.org/portal/"
    language: str
    per_page: int
    seeds_dir: Path
    content_dir: Path
    templates_dir: Path
    output_dir: Path
    gazetteer: tuple[Organization, ...]
    #: import.institution: the university every seed is about, when the person importing knows it
    default_institution: str | None = None
    #: import.folders: the university the seeds of each seeds/ sub-folder are about (overrides the default)
    folder_institutions: tuple[tuple[str, str], ...] = ()

    def institution_for(self, seed_file: str) -> str | None:
        """The institution configured for a seed ("folder/file.txt" or "file.txt"), or None."""
        folder, slash, _ = seed_file.partition("/")
        if slash:
            named = dict(self.folder_institutions).get(folder)
            if named is not None:
                return named
        return self.default_institution

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. "/portal/" (always starts and ends with "/")."""
        return urlsplit(self.base_url).path or "/"


# key: (type, default, what it means) — one documented field per option.
_SITE_FIELDS: dict[str, tuple[type, Any, str]] = {
    "title": (str, "Cooperation News", "the portal's name, shown in every page header"),
    "description": (str, "News of university–enterprise cooperation.", "meta description of the home page"),
    "base_url": (str, "http://127.0.0.1:8000/", "absolute URL the site is published at, may include a sub-path"),
    "language": (str, "en", "the pages' lang attribute"),
    "per_page": (int, 10, "articles per page on the home page"),
}
#: What a gazetteer entry may say: its name, other spellings, the web hosts its news is on, and its type.
_ENTRY_FIELDS = ("name", "aliases", "hosts", "type")
ORGANIZATION_TYPES = ("enterprise", "government", "university", "other")
_PATH_FIELDS: dict[str, str] = {
    "seeds": "seeds",
    "content": "content",
    "templates": "templates",
    "output": "site",
}


def load_config(path: Path) -> Config:
    """Read and validate `path`; raise ConfigError listing every problem found."""
    path = path.resolve()
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            [Problem(Location(shown), "config file not found; pass --config PATH or create config.yaml")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(Location(shown), f"cannot read config: {exc}")]) from None
    try:
        node, data = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError([Problem(Location(shown, line), f"invalid YAML: {getattr(exc, 'problem', exc)}")]) from None
    data = data or {}
    problems: list[Problem] = []
    lines = _key_lines(node)

    def problem(key: str, message: str) -> None:
        problems.append(Problem(Location(shown, lines.get(key)), message, field=key))

    if not isinstance(data, dict):
        raise ConfigError([Problem(Location(shown, 1), "expected a mapping of settings at the top level")])
    for key in sorted(set(data) - {"site", "paths", "gazetteer", "import"}):
        problem(key, "unknown setting; expected one of site, paths, gazetteer, import")

    site = _section(data, "site", problem)
    values: dict[str, Any] = {}
    for key, (kind, default, _doc) in _SITE_FIELDS.items():
        value = site.get(key, default)
        if not isinstance(value, kind) or isinstance(value, bool):
            problem(f"site.{key}", f"expected {kind.__name__}, got {value!r}")
            value = default
        values[key] = value
    for key in sorted(set(site) - set(_SITE_FIELDS)):
        problem(f"site.{key}", f"unknown setting; expected one of {', '.join(_SITE_FIELDS)}")
    base_url = values["base_url"]
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problem(
            "site.base_url", f"expected an absolute http(s) URL such as https://example.org/portal/, got {base_url!r}"
        )
    if not base_url.endswith("/"):
        base_url += "/"
    if values["per_page"] < 1:
        problem("site.per_page", f"expected a positive number, got {values['per_page']}")

    paths = _section(data, "paths", problem)
    folders: dict[str, Path] = {}
    for key, default in _PATH_FIELDS.items():
        value = paths.get(key, default)
        if not isinstance(value, str) or not value.strip():
            problem(f"paths.{key}", f"expected a folder path, got {value!r}")
            value = default
        folders[key] = (path.parent / value).resolve()
    for key in sorted(set(paths) - set(_PATH_FIELDS)):
        problem(f"paths.{key}", f"unknown setting; expected one of {', '.join(_PATH_FIELDS)}")
    inputs = {
        "project": path.parent,
        "config file": path,
        **{key: folders[key] for key in ("content", "seeds", "templates")},
    }
    clash = output_folder_clash(folders["output"], inputs)
    if clash:
        problem("paths.output", clash)

    gazetteer = _read_gazetteer(data.get("gazetteer") or {}, problem)
    default_institution, folder_institutions = _read_import(_section(data, "import", problem), gazetteer, problem)
    if problems:
        raise ConfigError(problems)
    return Config(
        path=path,
        title=values["title"],
        description=values["description"],
        base_url=base_url,
        language=values["language"],
        per_page=values["per_page"],
        seeds_dir=folders["seeds"],
        content_dir=folders["content"],
        templates_dir=folders["templates"],
        output_dir=folders["output"],
        gazetteer=gazetteer,
        default_institution=default_institution,
        folder_institutions=folder_institutions,
    )


def _section(data: dict[str, Any], key: str, problem: Any) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        problem(key, f"expected a mapping, got {type(value).__name__}")
        return {}
    return value


def _read_gazetteer(data: Any, problem: Any) -> tuple[Organization, ...]:
    """Read `gazetteer: {institutions: [...], partners: [...]}`; each entry `{name, aliases}`."""
    if not isinstance(data, dict):
        problem("gazetteer", "expected a mapping with institutions and partners lists")
        return ()
    entries: list[Organization] = []
    for role_key, role in (("institutions", "institution"), ("partners", "partner")):
        items = data.get(role_key) or []
        if not isinstance(items, list):
            problem(f"gazetteer.{role_key}", "expected a list of {name, aliases} entries")
            continue
        for index, item in enumerate(items):
            where = f"gazetteer.{role_key}.{index}"
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
                problem(where, f"expected an entry with a name, got {item!r}")
                continue
            aliases = item.get("aliases") or []
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                problem(f"{where}.aliases", f"expected a list of strings, got {aliases!r}")
                aliases = []
            hosts = item.get("hosts") or []
            if not isinstance(hosts, list) or not all(isinstance(h, str) and _host(h) for h in hosts):
                problem(f"{where}.hosts", f"expected a list of web hosts such as hit.edu.cn, got {hosts!r}")
                hosts = []
            kind = item.get("type")
            if kind is not None and kind not in ORGANIZATION_TYPES:
                problem(f"{where}.type", f"expected one of {', '.join(ORGANIZATION_TYPES)}, got {kind!r}")
                kind = None
            for key in sorted(set(item) - set(_ENTRY_FIELDS)):
                problem(f"{where}.{key}", f"unknown key; expected one of {', '.join(_ENTRY_FIELDS)}")
            entries.append(
                Organization(
                    name=item["name"].strip(),
                    role=role,
                    aliases=tuple(a.strip() for a in aliases),
                    hosts=tuple(_host(h) for h in hosts),
                    type=kind,
                )
            )
    for key in sorted(set(data) - {"institutions", "partners"}):
        problem(f"gazetteer.{key}", "unknown list; expected institutions or partners")
    return tuple(entries)


def _host(address: str) -> str:
    """The host of "https://www.hit.edu.cn/news" or "hit.edu.cn", lowercased, without "www."; "" if none."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", address.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.")
    return host if re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", host) else ""


def _read_import(
    data: dict[str, Any], gazetteer: tuple[Organization, ...], problem: Any
) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """Read `import: {institution: NAME, folders: {FOLDER: NAME}}`; a name that is a gazetteer spelling becomes
    that entry's canonical name, so "HIT" and "Harbin Institute of Technology" mean the same."""

    def canonical(value: Any, key: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            problem(key, f"expected the name of a university, got {value!r}")
            return None
        wanted = " ".join(value.split())
        for entry in gazetteer:
            if wanted.casefold() in (s.casefold() for s in (entry.name, *entry.aliases)):
                return entry.name
        return wanted

    institution = canonical(data["institution"], "import.institution") if "institution" in data else None
    folders: list[tuple[str, str]] = []
    raw_folders = data.get("folders") or {}
    if not isinstance(raw_folders, dict):
        problem("import.folders", "expected a mapping of seeds sub-folder to university name")
        raw_folders = {}
    for folder, value in raw_folders.items():
        if not isinstance(folder, str) or not folder or "/" in folder or folder.startswith("."):
            problem("import.folders", f"expected a sub-folder name of the seeds folder, got {folder!r}")
            continue
        name = canonical(value, f"import.folders.{folder}")
        if name is not None:
            folders.append((folder, name))
    for key in sorted(set(data) - {"institution", "folders"}):
        problem(f"import.{key}", "unknown setting; expected institution or folders")
    return institution, tuple(sorted(folders))


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its values as safe_load gives them, from one parse by
    libyaml: a gazetteer of hundreds of organisations took the pure-Python parser 0.3 s on every command."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _key_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Map dotted key paths ("site.base_url", "gazetteer.partners.3") to 1-based line numbers."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            lines[key] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, key + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            lines[key] = item.start_mark.line + 1
            lines.update(_key_lines(item, key + "."))
    return lines
