"""CLI: `import` (seeds → content), `build` (content → site), `review`, `serve`; no command runs import and build."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from coopnews.config import Config, load_config
from coopnews.errors import CoopNewsError, Problem
from coopnews.lock import build_lock

F = TypeVar("F", bound=Callable[..., Any])

#: The cyclic collector's thresholds for a command. A build keeps what it reads and plans (millions of objects)
#: until it ends, and with Python's defaults (a pass every 700 new objects, a full pass each time the heap grows
#: by a quarter) the collector scans them again and again: 0.8 s of a 10,000-article clean build, still 0.3 s
#: with a pass every 20,000. What a build or an import makes is not cyclic garbage, so these thresholds, which
#: leave almost no pass at all, keep peak memory as it was (10,000 articles: build 463 MB, import 137 MB).
#: `serve`, which lives on across rebuilds, collects once after each one instead.
FEW_COLLECTIONS = (1_000_000, 1000, 1000)


def _common_options(command: F) -> F:
    """--config/--strict/--quiet, accepted before or after the command name."""
    command = click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Config file (default: config.yaml). Paths inside it are relative to its folder.",
    )(command)
    command = click.option("--strict", is_flag=True, default=None, help="Fail on any problem, warnings included.")(
        command
    )
    command = click.option("--quiet", "-q", is_flag=True, default=None, help="Print only problems and the summary.")(
        command
    )
    return command


def _settings(ctx: click.Context, config_path: Path | None, strict: bool | None, quiet: bool | None) -> dict[str, Any]:
    parent = ctx.find_root().params
    return {
        "config_path": config_path or parent.get("config_path") or Path("config.yaml"),
        "strict": bool(strict if strict is not None else parent.get("strict")),
        "quiet": bool(quiet if quiet is not None else parent.get("quiet")),
    }


def _report_errors(command: F) -> F:
    """Show a CoopNewsError as its lines on stderr and exit with its code, instead of a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CoopNewsError as error:
            _print_problems(error.problems)
            click.echo(f"error: stopped with {len(error.problems)} problem(s); nothing was overwritten.", err=True)
            sys.exit(error.exit_code)
        except OSError as error:  # a full disk, a read-only folder: the system's words, the path, what to do
            click.echo(os_error_line(error), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


_DISK_FULL = "the disk is full: free some space, then run the command again"
_NOT_WRITABLE = "make that folder writable for this user, or point the config's paths elsewhere, then run again"
_ADVICE = {
    errno.ENOSPC: _DISK_FULL,
    errno.EDQUOT: _DISK_FULL,
    errno.EACCES: _NOT_WRITABLE,
    errno.EPERM: _NOT_WRITABLE,
    errno.EROFS: "that file system is read-only: choose a writable folder in the config, then run again",
}


def os_error_line(error: OSError) -> str:
    """`path: what failed: what to do` for an error of the operating system. A build that fails this way has
    left the previous site as it was (the new one is staged beside it and dropped)."""
    path = error.filename2 or error.filename or "coopnews"
    what = error.strerror or type(error).__name__
    advice = _ADVICE.get(error.errno or 0, "fix that, then run the command again")
    return f"{os.fsdecode(path)}: {what}: {advice}"


def _print_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_common_options
@click.option("--force", is_flag=True, help="Re-import every seed, even over hand edits (a backup is kept).")
@click.option("--restore", is_flag=True, help="Import again the seeds whose content files were deleted by hand.")
@click.pass_context
@_report_errors
def main(ctx: click.Context, config_path: Path | None, strict: bool, quiet: bool, force: bool, restore: bool) -> None:
    """Turn raw cooperation news (seeds/) into Markdown (content/) and a static portal (site/).

    With no command, runs `import` then `build`.
    """
    gc.set_threshold(*FEW_COLLECTIONS)
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(ctx, config_path, strict, quiet)
    config = load_config(settings["config_path"])
    failed = _run_import(config, force=force, restore=restore, strict=settings["strict"], quiet=settings["quiet"])
    failed |= _run_build(config, strict=settings["strict"], quiet=settings["quiet"])
    sys.exit(1 if failed else 0)


@main.command("import")
@_common_options
@click.option("--force", is_flag=True, help="Re-import every seed, even over hand edits (a backup is kept).")
@click.option("--restore", is_flag=True, help="Import again the seeds whose content files were deleted by hand.")
@click.pass_context
@_report_errors
def import_command(
    ctx: click.Context, config_path: Path | None, strict: bool, quiet: bool, force: bool, restore: bool
) -> None:
    """Import seeds/*.txt into content/*.md; hand edits, renames and deletions in content/ are kept."""
    settings = _settings(ctx, config_path, strict, quiet)
    config = load_config(settings["config_path"])
    failed = _run_import(config, force=force, restore=restore, strict=settings["strict"], quiet=settings["quiet"])
    sys.exit(1 if failed else 0)


@main.command("build")
@_common_options
@click.option("--timings", is_flag=True, help="Print the seconds spent in each stage.")
@click.pass_context
@_report_errors
def build_command(ctx: click.Context, config_path: Path | None, strict: bool, quiet: bool, timings: bool) -> None:
    """Render content/*.md into site/ (pages, feeds, sitemap, search index), atomically."""
    settings = _settings(ctx, config_path, strict, quiet)
    config = load_config(settings["config_path"])
    sys.exit(1 if _run_build(config, strict=settings["strict"], quiet=settings["quiet"], timings=timings) else 0)


@main.command("review")
@_common_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one 'file: field: reason' line each; json: a list for scripts.",
)
@click.pass_context
@_report_errors
def review_command(ctx: click.Context, config_path: Path | None, strict: bool, quiet: bool, output_format: str) -> None:
    """List what waits for a person in content/, newest first: file, field, reason. Never fails the build."""
    from coopnews.review import format_review, format_review_json, list_review

    settings = _settings(ctx, config_path, strict, quiet)
    items, problems = list_review(load_config(settings["config_path"]))
    _print_problems(problems)
    click.echo(format_review_json(items) if output_format == "json" else format_review(items))


@main.command("serve")
@_common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.pass_context
@_report_errors
def serve_command(
    ctx: click.Context, config_path: Path | None, strict: bool, quiet: bool, host: str, port: int
) -> None:
    """Build, serve site/ under its base path, rebuild on changes and reload the browser."""
    from coopnews.serve import serve

    settings = _settings(ctx, config_path, strict, quiet)
    config = load_config(settings["config_path"])

    def rebuild() -> object:
        fresh = load_config(settings["config_path"])
        return _run_build(fresh, strict=settings["strict"], quiet=True)

    serve(config, rebuild, host=host, port=port)


def _run_import(config: Config, *, force: bool, restore: bool, strict: bool, quiet: bool) -> bool:
    """Import and print the summary; return True when something failed."""
    from coopnews.pipeline import import_articles

    with build_lock(config, _say_waiting("import")):
        report = import_articles(config, force=force, restore=restore, progress=not quiet and sys.stderr.isatty())
    _print_problems(report.problems)
    _print_problems(report.notes)
    click.echo(report.summary())
    errors = [p for p in report.problems if p.severity == "error"]
    return bool(errors) or (strict and bool(report.problems))


def _say_waiting(command: str) -> Callable[[int | None], None]:
    def say(pid: int | None) -> None:
        holder = f" (pid {pid})" if pid is not None else ""
        click.echo(f"{command}: waiting for another build or import of this project to finish{holder}", err=True)

    return say


def _run_build(config: Config, *, strict: bool, quiet: bool, timings: bool = False) -> bool:
    """Build and print the summary; return True when something failed."""
    from coopnews.pipeline import build_site

    with build_lock(config, _say_waiting("build")):
        report = build_site(config, strict=strict, progress=not quiet and sys.stderr.isatty())
    _print_problems(report.problems)
    if timings:
        for stage, seconds in report.stages:
            click.echo(f"  {stage:<20} {seconds:7.2f} s")
    written = report.written
    if report.up_to_date:
        click.echo(
            f"build: up to date, nothing changed since the last build ({report.files} files) -> {config.output_dir}"
        )
    else:
        click.echo(
            f"build: {report.articles} articles ({report.skipped} skipped), {report.pages} pages "
            f"({report.rendered} rendered), {report.files} files ({written.written} written, "
            f"{written.unchanged} unchanged, {written.removed} removed) in {report.seconds:.2f} s "
            f"-> {config.output_dir}"
        )
    return report.skipped > 0


def run() -> NoReturn:
    """Run the command line, then leave the process without tearing down its objects, as mypy does.

    A build keeps what it read and planned until it ends; freeing it object by object at interpreter exit took
    0.35 s after a 10,000-article build had printed its summary. Everything a command writes is closed by then
    (files, the cache, the build lock; the worker pools are shut down), so the output streams are flushed and
    the process exits with the command's status, skipping the teardown.
    """
    try:
        main()
        status = 0
    except SystemExit as done:  # click ends every command with one
        status = _exit_status(done.code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away, or a closed stream
            stream.flush()
    os._exit(status)


def _exit_status(code: object) -> int:
    """What the interpreter would exit with for SystemExit(code): None is 0; a message is printed, then 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
