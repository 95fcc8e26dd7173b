"""Site stage: only a folder a build made is replaced, and never one that holds or lies in the project's inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnews.config import load_config
from coopnews.errors import ConfigError, CoopNewsError
from coopnews.model import OutputFile
from coopnews.site import MARKER, MARKER_TEXT, write_site

PAGES = [OutputFile("index.html", b"<h1>home</h1>"), OutputFile("articles/a.html", b"<h1>a</h1>")]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _write_config(root: Path, output: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "seeds", "templates"):
        (root / folder).mkdir(exist_ok=True)
    path = root / "config.yaml"
    path.write_text(f"paths:\n  output: {output}\n", encoding="utf-8")
    return path


def test_a_built_site_carries_the_marker_and_is_replaced_again(tmp_path: Path) -> None:
    output = tmp_path / "docs"
    write_site(PAGES, output)
    assert (output / MARKER).read_bytes() == MARKER_TEXT
    report = write_site([OutputFile("index.html", b"new")], output)
    assert _tree(output) == {MARKER: MARKER_TEXT, "index.html": b"new"}
    assert report.removed == 1  # articles/a.html; the marker is not an output
    assert MARKER not in report.stamps


@pytest.mark.parametrize("existing", ["empty", "missing"])
def test_an_empty_or_missing_folder_is_fine(tmp_path: Path, existing: str) -> None:
    output = tmp_path / "docs"
    if existing == "empty":
        output.mkdir()
    write_site(PAGES, output)
    assert set(_tree(output)) == {MARKER, "index.html", "articles/a.html"}


@pytest.mark.parametrize("hand_written", [["notes.md"], ["guide/intro.html", "guide/img.png"], ["empty-folder/"]])
def test_a_folder_with_files_a_build_did_not_write_is_refused_and_left_alone(
    tmp_path: Path, hand_written: list[str]
) -> None:
    output = tmp_path / "docs"
    for name in hand_written:
        target = output / name
        if name.endswith("/"):
            target.mkdir(parents=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f"written by hand: {name}")
    before = _tree(output)
    with pytest.raises(CoopNewsError) as raised:
        write_site(PAGES, output)
    message = str(raised.value)
    assert message.startswith(f"{output}: the output folder holds files and no {MARKER}")
    assert "\n" not in message
    assert _tree(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]  # nothing moved aside, no staging tree


def test_the_marker_is_not_an_output_path(tmp_path: Path) -> None:
    with pytest.raises(CoopNewsError, match="marker file"):
        write_site([OutputFile(MARKER, b"x")], tmp_path / "site")


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (".", "must not be or contain the project"),
        ("..", "must not be or contain the project"),
        ("../..", "must not be or contain the project"),
        ("content", "must not be or contain the content"),
        ("seeds", "must not be or contain the seeds"),
        ("templates", "must not be or contain the templates"),
        ("content/site", "must not be inside the content folder"),
        ("templates/assets/site", "must not be inside the templates folder"),
        (".git", "must not be inside a .git folder"),
        (".git/site", "must not be inside a .git folder"),
    ],
)
def test_an_output_folder_holding_or_inside_the_inputs_is_refused(tmp_path: Path, output: str, reason: str) -> None:
    path = _write_config(tmp_path / "a" / "b" / "project", output)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value).startswith(f"{path}:2: paths.output: the output folder is replaced on every build")
    assert reason in str(raised.value)


@pytest.mark.parametrize("output", ["site", "docs", "tests", "../published/portal"])
def test_other_output_folders_pass_the_config_check(tmp_path: Path, output: str) -> None:
    path = _write_config(tmp_path / "project", output)
    assert load_config(path).output_dir == (path.parent / output).resolve()


def test_a_build_into_a_folder_of_hand_written_files_moves_nothing(tmp_path: Path) -> None:
    """The issue's case: `paths.output: docs` over hand-written docs/, built twice: both builds refuse."""
    from coopnews.pipeline import build_site
    from tests.pipeline.conftest import make_project

    config = make_project(tmp_path / "project")
    text = config.path.read_text(encoding="utf-8")
    config.path.write_text(text.replace("output: site", "output: docs"), encoding="utf-8")
    config = load_config(config.path)
    docs = config.output_dir
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "index.md").write_text("hand-written guide")
    (docs / "README.md").write_text("hand-written readme")
    before = _tree(docs)
    siblings = sorted(p.name for p in docs.parent.iterdir())
    for _ in range(2):
        with pytest.raises(CoopNewsError, match="no .coopnews-site"):
            build_site(config)
        assert _tree(docs) == before
        assert sorted(p.name for p in docs.parent.iterdir()) == siblings


def test_the_marker_keeps_its_inode_across_builds(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(PAGES, output)
    before = (output / MARKER).stat()
    for text in (b"1", b"2", b"3"):  # the third build reuses the tree the second retired
        write_site([OutputFile("index.html", text)], output)
        after = (output / MARKER).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_marker_that_is_a_link_does_not_count(tmp_path: Path) -> None:
    output = tmp_path / "docs"
    output.mkdir()
    (output / "notes.md").write_text("hand-written")
    (tmp_path / "elsewhere").write_bytes(MARKER_TEXT)
    (output / MARKER).symlink_to(tmp_path / "elsewhere")
    with pytest.raises(CoopNewsError, match="no .coopnews-site"):
        write_site(PAGES, output)
    assert (output / "notes.md").read_text() == "hand-written"
