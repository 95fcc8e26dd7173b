"""Config stage: defaults, path resolution against the config's folder, and errors named by key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnews.config import load_config
from coopnews.errors import ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "proj" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_paths_relative_to_config_folder(tmp_path: Path) -> None:
    path = _write(tmp_path, "site:\n  base_url: https://example.org/portal\npaths:\n  content: articles\n")
    config = load_config(path)
    assert config.base_url == "https://example.org/portal/"
    assert config.base_path == "/portal/"
    assert config.content_dir == (tmp_path / "proj" / "articles").resolve()
    assert config.output_dir == (tmp_path / "proj" / "site").resolve()
    assert config.per_page == 10
    assert config.gazetteer == ()


def test_gazetteer_entries(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "gazetteer:\n  institutions:\n    - name: Wuhan University of Technology\n      aliases: [WUT]\n"
        "  partners:\n    - name: BAIC Group\n",
    )
    names = [(o.name, o.role, o.aliases) for o in load_config(path).gazetteer]
    assert names == [("Wuhan University of Technology", "institution", ("WUT",)), ("BAIC Group", "partner", ())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("site:\n  base_url: example.org\n", "config.yaml:2: site.base_url: expected an absolute http(s) URL"),
        ("site:\n  per_page: ten\n", "config.yaml:2: site.per_page: expected int, got 'ten'"),
        ("site:\n  per_page: 0\n", "config.yaml:2: site.per_page: expected a positive number"),
        ("site:\n  colour: red\n", "config.yaml:2: site.colour: unknown setting"),
        ("theme: dark\n", "config.yaml:1: theme: unknown setting"),
        ("paths:\n  output: .\n", "config.yaml:2: paths.output: the output folder is replaced on every build"),
        ("gazetteer:\n  partners:\n    - aliases: [X]\n", "config.yaml:3: gazetteer.partners.0: expected an entry"),
        ("site: [\n", "config.yaml:2: invalid YAML"),
    ],
)
def test_errors_name_key_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert expected in str(caught.value).replace(str(path), "config.yaml")


def test_all_errors_collected(tmp_path: Path) -> None:
    path = _write(tmp_path, "site:\n  per_page: x\n  base_url: nope\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert sorted(p.field or "" for p in caught.value.problems) == ["site.base_url", "site.per_page"]


def test_missing_config_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found; pass --config PATH"):
        load_config(tmp_path / "nope.yaml")
