"""Site stage: write_site replaces site/ atomically, keeps unchanged files' timestamps and removes stale files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import coopnews.site as site_module
import coopnews.staging as staging
from coopnews.errors import CoopNewsError
from coopnews.model import OutputFile
from coopnews.site import MARKER, MARKER_TEXT, WriteReport, write_site

FIRST = [
    OutputFile("index.html", b"<h1>home</h1>"),
    OutputFile("articles/a/index.html", b"<h1>a</h1>"),
    OutputFile("articles/b/index.html", b"<h1>b</h1>"),
    OutputFile("feed.xml", b"<feed/>"),
]


def _read_tree(root: Path) -> dict[str, bytes]:
    """The outputs in `root`: every file but the build's marker (tests/site/test_output_folder.py checks it)."""
    files = {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}
    assert files.pop(MARKER, None) in (None, MARKER_TEXT)
    return files


def _stat_tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and path.name != MARKER
    }


def _age(root: Path) -> None:
    """Set every file's mtime an hour back, so a rewritten file is told apart from a kept one without sleeping."""
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns - 3600 * 10**9, stat.st_mtime_ns - 3600 * 10**9))


def _staging_folders(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir() if path.name.startswith(".site-new-"))


def test_first_write_creates_every_file(tmp_path: Path) -> None:
    report = write_site(FIRST, tmp_path / "site")
    assert report == WriteReport(written=4, unchanged=0, removed=0)
    assert _read_tree(tmp_path / "site") == {file.path: file.data for file in FIRST}
    assert _staging_folders(tmp_path) == []


@pytest.mark.parametrize("rounds", [1, 2, 3], ids=["first-rebuild", "second-rebuild", "third-rebuild"])
def test_rebuild_keeps_unchanged_files_and_removes_stale_ones(tmp_path: Path, rounds: int) -> None:
    output = tmp_path / "site"
    write_site(FIRST, output)
    for _ in range(rounds - 1):  # later rounds reuse the tree the previous build retired
        write_site(FIRST, output)
    _age(output)
    before = _stat_tree(output)
    second = [
        OutputFile("index.html", b"<h1>home, edited</h1>"),
        OutputFile("articles/a/index.html", b"<h1>a</h1>"),
        OutputFile("articles/c/index.html", b"<h1>c</h1>"),
        OutputFile("feed.xml", b"<feed/>"),
    ]
    report = write_site(second, output)
    after = _stat_tree(output)
    assert report == WriteReport(written=2, unchanged=2, removed=1)
    assert _read_tree(output) == {file.path: file.data for file in second}
    assert not (output / "articles" / "b").exists()
    for kept in ("articles/a/index.html", "feed.xml"):
        assert after[kept] == before[kept], kept
    assert after["index.html"][1] > before["index.html"][1]
    assert _staging_folders(tmp_path) == []


def test_rebuild_never_writes_into_a_file_the_live_site_shares(tmp_path: Path) -> None:
    output = tmp_path / "site"
    versions = [[OutputFile("page.html", text.encode()), OutputFile("same.html", b"same")] for text in "abcab"]
    for files in versions:
        write_site(files, output)
        assert _read_tree(output) == {file.path: file.data for file in files}


def test_same_size_different_bytes_is_rewritten(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site([OutputFile("a.html", b"aaaa")], output)
    report = write_site([OutputFile("a.html", b"bbbb")], output)
    assert report == WriteReport(written=1, unchanged=0, removed=0)
    assert (output / "a.html").read_bytes() == b"bbbb"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["docs/index.html"], ["docs"]),
        (["docs"], ["docs/index.html"]),
        (["a/b/c/d.html"], ["a/b.html"]),
    ],
    ids=["folder-becomes-file", "file-becomes-folder", "deep-folder-pruned"],
)
def test_file_and_folder_can_swap_places_between_builds(tmp_path: Path, first: list[str], second: list[str]) -> None:
    output = tmp_path / "site"
    for _ in range(2):  # twice, so the retired tree is reused as staging with the old shape
        write_site([OutputFile(path, b"1") for path in first], output)
        write_site([OutputFile(path, b"2") for path in second], output)
        assert _read_tree(output) == dict.fromkeys(second, b"2")


def test_failure_while_writing_leaves_previous_site_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = tmp_path / "site"
    write_site(FIRST, output)
    write_site(FIRST, output)  # leaves a retired tree that the next build reuses
    before_bytes, before_stat = _read_tree(output), _stat_tree(output)
    real_write_new = site_module._write_new
    calls: list[str] = []

    def failing_write_new(target: str, data: bytes, *, replace: bool) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        real_write_new(target, data, replace=replace)

    monkeypatch.setattr(site_module, "_write_new", failing_write_new)
    # sorted: articles/a kept (linked), articles/b rewritten, feed.xml fails; index.html never reached
    mixed = [FIRST[1], OutputFile("articles/b/index.html", b"<h1>b2</h1>"), OutputFile("feed.xml", b"<feed>2</feed>")]
    with pytest.raises(OSError, match="simulated"):
        write_site([*mixed, OutputFile("index.html", b"new home")], output)
    assert len(calls) == 2
    assert _read_tree(output) == before_bytes
    assert _stat_tree(output) == before_stat
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_failure_during_swap_puts_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The two-rename swap of systems without an atomic exchange."""
    output = tmp_path / "site"
    write_site(FIRST, output)
    before = _read_tree(output)
    real_rename = os.rename
    monkeypatch.setattr(staging, "_exchange", lambda first, second: False)

    def failing_rename(source: str | Path, target: str | Path) -> None:
        if Path(target) == output and Path(source).name.startswith(".site-new-"):
            raise OSError("rename refused (simulated)")
        real_rename(source, target)

    monkeypatch.setattr(site_module.os, "rename", failing_rename)
    with pytest.raises(OSError, match="simulated"):
        write_site([OutputFile("index.html", b"other")], output)
    monkeypatch.undo()
    assert _read_tree(output) == before
    assert _staging_folders(tmp_path) == []


def test_refusal_leaves_previous_site_untouched(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(FIRST, output)
    before = _stat_tree(output)
    with pytest.raises(CoopNewsError):
        write_site([OutputFile("x.html", b"1"), OutputFile("x.html", b"2")], output)
    assert _stat_tree(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_duplicate_path_is_refused_naming_both(tmp_path: Path) -> None:
    files = [OutputFile("a.html", b"1"), OutputFile("b.html", b"22"), OutputFile("a.html", b"333")]
    with pytest.raises(CoopNewsError) as raised:
        write_site(files, tmp_path / "site")
    message = str(raised.value)
    assert message.startswith("a.html: ")
    assert "#0" in message and "#2" in message
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "empty"),
        ("/etc/passwd", "absolute"),
        ("C:/x.html", "absolute"),
        ("../outside.html", "'..'"),
        ("articles/../../outside.html", "'..'"),
        ("articles\\a.html", "backslash"),
        ("articles//a.html", "empty part"),
        ("articles/a/", "empty part"),
        ("./a.html", "'.'"),
    ],
)
def test_unsafe_path_is_refused(tmp_path: Path, path: str, reason: str) -> None:
    with pytest.raises(CoopNewsError, match="unsafe output path") as raised:
        write_site([OutputFile("ok.html", b""), OutputFile(path, b"x")], tmp_path / "out" / "site")
    assert reason in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_file_where_another_output_needs_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CoopNewsError, match="need it as a folder"):
        write_site([OutputFile("articles", b"x"), OutputFile("articles/a/index.html", b"y")], tmp_path / "site")


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(CoopNewsError, match="not a plain folder"):
        write_site(FIRST, tmp_path / "site")
    assert (tmp_path / "site").read_text() == "not a folder"


def test_written_files_follow_the_umask_not_private_modes(tmp_path: Path) -> None:
    output = tmp_path / "site"
    write_site(FIRST, output)
    umask = os.umask(0)
    os.umask(umask)
    assert (output.stat().st_mode & 0o777) == (0o777 & ~umask)


def test_kept_files_are_linked_without_reading_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    first = write_site([OutputFile("a/index.html", b"A"), OutputFile("b/index.html", b"B")], out)
    before = (out / "a" / "index.html").stat()
    read: list[str] = []
    original = site_module._read_equals
    monkeypatch.setattr(site_module, "_read_equals", lambda path, data: read.append(path) or original(path, data))
    report = write_site([OutputFile("b/index.html", b"BB")], out, keep=["a/index.html"])
    after = (out / "a" / "index.html").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert read == []
    assert (out / "a" / "index.html").read_bytes() == b"A"
    assert (out / "b" / "index.html").read_bytes() == b"BB"
    assert report == WriteReport(written=1, unchanged=1, removed=0)
    assert report.stamps["a/index.html"] == first.stamps["a/index.html"] == (1, before.st_mtime_ns)
    assert report.stamps["b/index.html"] == (2, (out / "b" / "index.html").stat().st_mtime_ns)


def test_stamps_name_every_file_with_its_size_and_mtime(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = write_site(FIRST, out)
    on_disk = {path: ((out / path).stat().st_size, (out / path).stat().st_mtime_ns) for path in _read_tree(out)}
    assert report.stamps == on_disk


def test_a_kept_file_missing_from_the_site_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(FIRST, out)
    before = _read_tree(out)
    with pytest.raises(CoopNewsError, match="missing from the site"):
        write_site([OutputFile("index.html", b"new")], out, keep=["articles/gone.html"])
    assert _read_tree(out) == before
    assert _staging_folders(tmp_path) == []
