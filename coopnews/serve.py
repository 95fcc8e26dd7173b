"""Serve: preview the built site locally under its base path, rebuild on changes, and reload open pages.

The site is served at config.base_path (e.g. http://127.0.0.1:8000/portal/) so relative links behave as on
the real host. A watcher thread rebuilds when content/, templates/ or config.yaml change; a failed rebuild is
printed and the last good site stays served. Served HTML (never the built files) gets a tiny script that
listens to a server-sent event stream and reloads the page when a newer build is ready.
"""

from __future__ import annotations

import gc
import mimetypes
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import watchfiles

from coopnews.config import Config
from coopnews.errors import CoopNewsError

#: The server-sent event stream the injected script listens to; outside any site path.
EVENTS_PATH = "/__coopnews__/events"
_RELOAD_SCRIPT = (
    '<script>(()=>{{const v="{version}";const s=new EventSource("{events}");'
    "s.onmessage=e=>{{if(e.data!==v){{s.close();location.reload()}}}};}})()</script>"
)
_KEEPALIVE_SECONDS = 15.0
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}


@dataclass
class _BuildState:
    """The number of the last good build, and the signals the event streams and the watcher wait on."""

    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopping: threading.Event = field(default_factory=threading.Event)
    rebuild_lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_past(self, version: int, timeout: float) -> None:
        """Block until a build newer than `version` is ready, the server stops, or `timeout` seconds pass."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version or self.stopping.is_set(), timeout=timeout)


class DevServer:
    """The preview server: an HTTP server plus watcher threads; start() returns at once, stop() ends both.

    serve() wraps it for the CLI; tests use it directly on port 0 (a free port chosen by the system).
    """

    def __init__(
        self, config: Config, rebuild: Callable[[], object], host: str = "127.0.0.1", port: int = 8000
    ) -> None:
        self.config = config
        self._rebuild = rebuild
        self._state = _BuildState()
        handler = _make_handler(config.output_dir, config.base_path, self._state)
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The site's address on this server, base path included."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.config.base_path}"

    @property
    def version(self) -> int:
        """How many rebuilds have succeeded so far."""
        return self._state.version

    def rebuild(self) -> bool:
        """Run the build once; print what went wrong instead of raising, so the last good site stays served."""
        with self._state.rebuild_lock:
            try:
                self._rebuild()
            except CoopNewsError as exc:
                print(f"build failed:\n{exc}", file=sys.stderr, flush=True)
                return False
            except Exception:
                print("build failed:", file=sys.stderr, flush=True)
                traceback.print_exc()
                return False
            finally:
                # The CLI sets the collector to almost never run (a build makes no cyclic garbage worth the
                # scans); a server that rebuilds for hours collects what each rebuild, failed ones included, left.
                gc.collect()
        with self._state.changed:
            self._state.version += 1
            self._state.changed.notify_all()
        return True

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self.rebuild()
        self._spawn(self._server.serve_forever, "coopnews-http")
        folders = [path for path in (self.config.content_dir, self.config.templates_dir) if path.is_dir()]
        if folders:
            self._spawn(lambda: self._watch(folders, recursive=True), "coopnews-watch")
        config_path = self.config.path
        self._spawn(  # the config's folder, not the file: editors replace files on save, which ends a file watch
            lambda: self._watch([config_path.parent], recursive=False, only=config_path),
            "coopnews-watch-config",
        )

    def stop(self) -> None:
        """Stop serving and watching; open event streams end within a moment."""
        self._state.stopping.set()
        with self._state.changed:
            self._state.changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)

    def _spawn(self, target: Callable[[], object], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch(self, paths: list[Path], *, recursive: bool, only: Path | None = None) -> None:
        base_filter = watchfiles.DefaultFilter()

        def wanted(change: watchfiles.Change, path: str) -> bool:
            if only is not None:
                return Path(path) == only
            return base_filter(change, path)

        for _changes in watchfiles.watch(
            *paths,
            watch_filter=wanted,
            recursive=recursive,
            stop_event=self._state.stopping,
            debounce=300,
            raise_interrupt=False,
        ):
            if self._state.stopping.is_set():
                return
            print("change detected, rebuilding", file=sys.stderr, flush=True)
            self.rebuild()


def serve(config: Config, rebuild: Callable[[], object], host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, serve config.output_dir under config.base_path, rebuild on changes and reload pages; Ctrl-C stops."""
    server = DevServer(config, rebuild, host, port)
    server.start()
    print(f"Serving {server.url}  (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nstopping", flush=True)
    finally:
        server.stop()


def _make_handler(root: Path, base_path: str, state: _BuildState) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to this site folder, base path and build state."""

    class Handler(_SiteHandler):
        site_root = root
        site_base = base_path
        build = state

    return Handler


class _SiteHandler(BaseHTTPRequestHandler):
    """Serve files like a static host: folder URLs give index.html, missing files give 404.html with status 404."""

    site_root: Path
    site_base: str
    build: _BuildState
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if isinstance(code, HTTPStatus):
            code = code.value
        if str(code).startswith(("4", "5")):
            super().log_request(code, size)

    def _respond(self, *, send_body: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == EVENTS_PATH:
            self._stream_events()
            return
        if not path.startswith(self.site_base):
            if path in ("/", self.site_base.rstrip("/")):
                self._redirect(self.site_base)
            else:
                self._send_not_found(send_body)
            return
        target = self._resolve(path[len(self.site_base) :])
        if target is not None and target.is_dir():
            if not path.endswith("/"):
                self._redirect(quote(path + "/") + (f"?{parts.query}" if parts.query else ""))
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self._send_not_found(send_body)
            return
        self._send_file(HTTPStatus.OK, target, send_body)

    def _resolve(self, relative: str) -> Path | None:
        """Map a URL path below the base to a file or folder inside the site, or None if it would leave it."""
        names = [name for name in relative.split("/") if name]
        if any(name in (".", "..") or "\\" in name or "\0" in name for name in names):
            return None
        return self.site_root.joinpath(*names)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_not_found(self, send_body: bool) -> None:
        page = self.site_root / "404.html"
        if page.is_file():
            self._send_file(HTTPStatus.NOT_FOUND, page, send_body)
            return
        self._send_bytes(HTTPStatus.NOT_FOUND, b"404 not found\n", _TYPES[".txt"], send_body)

    def _send_file(self, status: HTTPStatus, path: Path, send_body: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError:  # replaced by a rebuild between the check and the read
            self._send_bytes(HTTPStatus.SERVICE_UNAVAILABLE, b"site is being rebuilt\n", _TYPES[".txt"], send_body)
            return
        suffix = path.suffix.lower()
        kind = _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if suffix == ".html":
            data = _inject_reload(data, self.build.version)
        self._send_bytes(status, data, kind, send_body)

    def _send_bytes(self, status: HTTPStatus, data: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _stream_events(self) -> None:
        """Send the build version now and after every good rebuild, until the client leaves or the server stops."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.build
        try:
            sent = -1
            while not state.stopping.is_set():
                if state.version != sent:
                    sent = state.version
                    self.wfile.write(f"retry: 1000\ndata: {sent}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                state.wait_past(sent, timeout=_KEEPALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return


def _inject_reload(html: bytes, version: int) -> bytes:
    """Insert the live-reload script before the last </body> (or at the end); the built file stays untouched."""
    script = _RELOAD_SCRIPT.format(version=version, events=EVENTS_PATH).encode()
    index = html.lower().rfind(b"</body>")
    if index < 0:
        return html + script
    return html[:index] + script + html[index:]
