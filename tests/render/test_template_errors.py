"""Template errors: a broken template stops the render with a message naming the template file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coopnews.catalog import build_catalog
from coopnews.errors import CoopNewsError
from coopnews.render import render_pages
from tests.render.render_helpers import REPO_TEMPLATES, MakeConfig, make_article


def _copy_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(REPO_TEMPLATES, templates)
    return templates


def _insert_after(path: Path, marker: str, line: str) -> int:
    """Insert `line` after the first line containing `marker`; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if marker in text) + 1
    lines.insert(index, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize(
    ("template", "marker", "bad_line", "expected"),
    [
        ("article.html", "{% block content %}", "{{ no_such_variable }}", "'no_such_variable' is undefined"),
        ("article.html", "{% block content %}", "{{ article.no_such_field }}", "no_such_field"),
        ("base.html", "<body>", "{% if %}", "template syntax error"),
        ("partials/teaser.html", '<li class="teaser">', "{{ article.title|no_such_filter }}", "no_such_filter"),
        ("index.html", "{% block content %}", '{% include "missing.html" %}', "missing.html"),
        ("group.html", "{% block content %}", "{{ 1 / 0 }}", "ZeroDivisionError"),
        ("search.html", "{% block content %}", "{% for x in %}", "template syntax error"),
    ],
)
def test_template_error_names_file_and_line(
    tmp_path: Path, make_config: MakeConfig, template: str, marker: str, bad_line: str, expected: str
) -> None:
    templates = _copy_templates(tmp_path)
    line = _insert_after(templates / template, marker, bad_line)
    config = make_config(templates=templates)
    catalog = build_catalog([make_article("a", institutions=("U",), partners=("P",))], config.gazetteer)
    with pytest.raises(CoopNewsError) as caught:
        render_pages(catalog, config)
    message = str(caught.value)
    assert message.startswith(f"templates/{template}:{line}: "), message
    assert expected in message


def test_missing_template_is_named(tmp_path: Path, make_config: MakeConfig) -> None:
    templates = _copy_templates(tmp_path)
    (templates / "archive.html").unlink()
    config = make_config(templates=templates)
    with pytest.raises(CoopNewsError) as caught:
        render_pages(build_catalog([], ()), config)
    assert str(caught.value).startswith("templates/archive.html: template not found")
