"""Serve stage: the preview server serves the site under its base path, rebuilds on changes and reloads pages."""

from __future__ import annotations

import gc
import http.client
import socket
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopnews.config import Config, load_config
from coopnews.errors import CoopNewsError
from coopnews.model import OutputFile
from coopnews.serve import EVENTS_PATH, DevServer
from coopnews.site import write_site

WAIT_SECONDS = 20.0
SCRIPT_MARK = EVENTS_PATH.encode()


@dataclass
class Preview:
    """A running DevServer over a scratch project whose build turns content/*.txt into pages."""

    server: DevServer
    config: Config
    builds: list[int]

    @property
    def port(self) -> int:
        return int(self.server.url.split(":")[2].split("/")[0])

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


def _build_scratch(config: Config) -> None:
    """A stand-in for the pipeline: one page per content/*.txt through templates/page.html, plus 404 and a feed."""
    template = (config.templates_dir / "page.html").read_text(encoding="utf-8")
    files = [
        OutputFile("404.html", b"<html><body><h1>Not found</h1></body></html>"),
        OutputFile("feed.xml", b"<feed/>"),
    ]
    names = []
    for source in sorted(config.content_dir.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        if text.startswith("BROKEN"):
            raise CoopNewsError(f"{source.name}:1: cannot build")
        names.append(source.stem)
        files.append(OutputFile(f"articles/{source.stem}/index.html", template.replace("@TEXT@", text).encode()))
    links = "".join(f'<a href="articles/{name}/">{name}</a>' for name in names)
    files.append(OutputFile("index.html", template.replace("@TEXT@", links).encode()))
    files.append(OutputFile("empty-folder/readme.txt", b"no index here"))
    write_site(files, config.output_dir)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    (tmp_path / "content").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "content" / "first.txt").write_text("first article", encoding="utf-8")
    (tmp_path / "templates" / "page.html").write_text("<html><BODY>@TEXT@</BODY></html>", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("site:\n  base_url: http://127.0.0.1:8000/portal/\n", encoding="utf-8")
    config = load_config(tmp_path / "config.yaml")
    builds: list[int] = []

    def rebuild() -> None:
        _build_scratch(config)
        builds.append(len(builds) + 1)

    server = DevServer(config, rebuild, port=0)
    server.start()
    try:
        yield Preview(server, config, builds)
    finally:
        server.stop()


def _wait_for(condition: Callable[[], bool], nudge: Callable[[], None]) -> None:
    """Poll `condition`, re-applying `nudge` (a file change) until it holds: the watcher may still be starting."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        nudge()
        for _ in range(10):
            if condition():
                return
            time.sleep(0.1)
    raise AssertionError(f"condition not met within {WAIT_SECONDS} s")


def test_first_build_runs_before_serving(preview: Preview) -> None:
    assert preview.builds == [1]
    assert preview.server.url.endswith("/portal/")


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/", 302, "/portal/"),
        ("/portal", 302, "/portal/"),
        ("/portal/articles/first", 302, "/portal/articles/first/"),
        ("/portal/articles/first?x=1", 302, "/portal/articles/first/?x=1"),
    ],
)
def test_redirects(preview: Preview, path: str, status: int, location: str) -> None:
    got_status, headers, _ = preview.get(path)
    assert (got_status, headers["location"]) == (status, location)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/portal/", b'<a href="articles/first/">first</a>'), ("/portal/articles/first/", b"first article")],
    ids=["home", "folder-url"],
)
def test_pages_under_the_base_path_get_the_reload_script(preview: Preview, path: str, expected: bytes) -> None:
    status, headers, body = preview.get(path)
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert int(headers["content-length"]) == len(body)
    assert expected in body
    assert body.count(SCRIPT_MARK) == 1
    assert body.index(SCRIPT_MARK) < body.lower().rindex(b"</body>")


@pytest.mark.parametrize(
    "path",
    [
        "/portal/missing/",
        "/portal/missing.html",
        "/elsewhere/",
        "/portal/empty-folder/",
        "/portal/../config.yaml",
        "/portal/%2e%2e/config.yaml",
    ],
)
def test_missing_pages_get_the_404_page(preview: Preview, path: str) -> None:
    status, _, body = preview.get(path)
    assert status == 404
    assert b"<h1>Not found</h1>" in body


def test_non_html_is_served_as_built(preview: Preview) -> None:
    status, headers, body = preview.get("/portal/feed.xml")
    assert (status, headers["content-type"], body) == (200, "application/xml", b"<feed/>")


def test_head_sends_headers_only(preview: Preview) -> None:
    status, headers, body = preview.get("/portal/feed.xml", method="HEAD")
    assert (status, headers["content-length"], body) == (200, "7", b"")


def test_built_files_never_contain_the_reload_script(preview: Preview) -> None:
    preview.get("/portal/")
    for page in preview.config.output_dir.rglob("*.html"):
        assert SCRIPT_MARK not in page.read_bytes(), page


def test_content_change_rebuilds_and_serves_the_new_page(preview: Preview) -> None:
    new_file = preview.config.content_dir / "second.txt"
    _wait_for(
        lambda: preview.get("/portal/articles/second/")[0] == 200,
        lambda: new_file.write_text("second article", encoding="utf-8"),
    )
    assert b"second article" in preview.get("/portal/articles/second/")[2]
    assert len(preview.builds) >= 2


@pytest.mark.parametrize("changed", ["templates/page.html", "config.yaml"])
def test_template_and_config_changes_rebuild(preview: Preview, changed: str) -> None:
    path = preview.config.path.parent / changed
    original = path.read_text(encoding="utf-8")
    _wait_for(lambda: len(preview.builds) >= 2, lambda: path.write_text(original + "\n", encoding="utf-8"))


def test_failed_rebuild_keeps_the_last_good_site(preview: Preview, capsys: pytest.CaptureFixture[str]) -> None:
    (preview.config.content_dir / "bad.txt").write_text("BROKEN", encoding="utf-8")
    version = preview.server.version
    assert preview.server.rebuild() is False
    assert preview.server.version == version
    assert "bad.txt:1: cannot build" in capsys.readouterr().err
    assert preview.get("/portal/articles/first/")[0] == 200


def test_each_rebuild_collects_the_cyclic_garbage_it_left(tmp_path: Path) -> None:
    """The CLI turns the cyclic collector almost off for speed; a long-lived server must not pile up cycles."""
    for folder in ("content", "templates"):
        (tmp_path / folder).mkdir()
    (tmp_path / "config.yaml").write_text("site:\n  base_url: http://127.0.0.1:8000/\n", encoding="utf-8")
    config = load_config(tmp_path / "config.yaml")
    left: list[weakref.ref[object]] = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    def failing_rebuild() -> None:
        cycle = Cycle()
        left.append(weakref.ref(cycle))
        raise RuntimeError("failed with a cycle left behind")

    gc.disable()  # only the server's own collection may free the cycles
    try:
        server = DevServer(config, failing_rebuild, port=0)
        server.start()  # builds once, then serves
        try:
            assert server.rebuild() is False
        finally:
            server.stop()
    finally:
        gc.enable()
    assert len(left) == 2 and [ref() for ref in left] == [None, None]


def test_event_stream_announces_each_new_build(preview: Preview) -> None:
    connection = socket.create_connection(("127.0.0.1", preview.port), timeout=WAIT_SECONDS)
    try:
        connection.sendall(f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        stream = connection.makefile("rb")
        assert stream.readline().startswith(b"HTTP/1.1 200")
        assert _next_event(stream) == str(preview.server.version)
        before = preview.server.version
        assert preview.server.rebuild() is True
        assert _next_event(stream) == str(before + 1)
        stream.close()
    finally:
        connection.close()


def test_served_page_carries_the_current_build_version(preview: Preview) -> None:
    before = preview.get("/portal/")[2]
    preview.server.rebuild()
    after = preview.get("/portal/")[2]
    assert f'const v="{preview.server.version - 1}"'.encode() in before
    assert f'const v="{preview.server.version}"'.encode() in after


def _next_event(stream: object) -> str:
    """Read lines until a `data:` line; headers, keep-alive comments and `retry:` lines are skipped."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            raise AssertionError("event stream closed")
        if line.startswith(b"data: "):
            return str(line[len(b"data: ") :].strip().decode())
    raise AssertionError("no event within the time limit")
