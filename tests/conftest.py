"""Shared fixtures: the seed site built in a scratch project and served under a sub-path on a free port."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from coopnews.config import Config, load_config
from coopnews.model import OutputFile

REPO = Path(__file__).resolve().parents[1]
SUB_PATH = "portal"


@dataclass(frozen=True)
class ServedSite:
    """A built seed site: its public URL (http://127.0.0.1:<port>/portal/), its config and the build report."""

    url: str
    config: Config
    report: Any


class _StaticHandler(SimpleHTTPRequestHandler):
    """A plain static host: no directory listings (a folder without index.html is a 404), no request log."""

    def list_directory(self, path: Any) -> None:
        self.send_error(404, "No index.html in this folder")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` like a plain static host on a free port of 127.0.0.1; yields the root URL. The server is
    bound at once, so the URL is known before anything is written to the folder."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def write_outputs(root: Path, outputs: Iterable[OutputFile]) -> None:
    """Write OutputFiles (paths relative to `root`) as a build would."""
    for output in outputs:
        target = root / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)


@pytest.fixture(scope="session")
def served_seed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """Import and build the repository's seeds in a scratch project, published at /portal/ of a local server.

    The site is written to www/portal/ and the server serves www/, exactly like a static host with the site in
    a sub-folder.
    """
    from coopnews.pipeline import build_site, import_articles  # here, so a broken pipeline fails only these tests

    root = tmp_path_factory.mktemp("seed-site")
    www = root / "www"
    www.mkdir()
    with serve_folder(www) as server_url:
        url = f"{server_url}{SUB_PATH}/"
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copytree(REPO / "templates", root / "templates")
        text = (REPO / "config.yaml").read_text(encoding="utf-8")
        text = text.replace("base_url: https://example.org/portal/", f"base_url: {url}")
        text = text.replace("output: site", f"output: www/{SUB_PATH}")
        (root / "config.yaml").write_text(text, encoding="utf-8")
        config = load_config(root / "config.yaml")
        assert config.base_url == url and config.output_dir == www / SUB_PATH, "config.yaml layout changed"
        import_articles(config)
        report = build_site(config)
        yield ServedSite(url=url, config=config, report=report)
