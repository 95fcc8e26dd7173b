"""Content folder: every content/*.md read into Articles, on all cores when there are many, through the memo.

One bad file never stops the others: it gives its Problems and is left out. The memo (the build cache's copy
of each file's result) spares reading a file whose modification time and size are unchanged.
"""

from __future__ import annotations

from pathlib import Path

from coopnews.content.memo import ContentMemo, content_digest
from coopnews.content.read import line_of_key, read_article
from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.model import Article
from coopnews.parallel import map_on_cores
from coopnews.source_files import list_source_files

_ParsedFile = tuple[Article | None, tuple[Problem, ...]]
_ParsedJob = tuple[_ParsedFile, bytes]
_PARALLEL_MIN = 500  # files to parse before a second process pays for its start


def read_content(content_dir: Path, memo: ContentMemo | None = None) -> tuple[list[Article], list[Problem]]:
    """Read every content/*.md (dotfiles skipped) in file-name order; links out of content/ and files that are
    not regular are refused, and `*.MD` is named as ignored (see source_files).

    A file with errors gives its Problems and is skipped; so is a draft, with a note; the rest are read. Two
    files with one slug: the later one is skipped with an error naming both. A missing folder reads as no
    articles. `memo` (the build cache) keeps each file's result by name; a file whose modification time and
    size are unchanged is not read again. Entries for files that are gone are dropped from it.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    if not content_dir.is_dir():
        if memo is not None:
            memo.clear()
        return articles, problems
    owners: dict[str, str] = {}
    listing = list_source_files(content_dir, ".md", shown_root=content_dir.parent)
    problems.extend(listing.problems)
    paths = list(listing.files)
    shown = {path: f"{content_dir.name}/{path.name}" for path in paths}  # as relative_path would (no sub-folders)
    results = _read_content_files(paths, shown, memo)
    for path in paths:
        article, file_problems = results[path]
        problems.extend(file_problems)
        if article is None:
            continue
        if article.slug in owners:
            message = f"{article.slug!r} is already the slug of {owners[article.slug]}; give one of them another slug"
            line = line_of_key(path.read_text(encoding="utf-8", errors="replace"), "slug")
            problems.append(Problem(Location(shown[path], line), message, field="slug"))
            continue
        owners[article.slug] = shown[path]
        articles.append(article)
    if memo is not None:
        for gone in set(memo) - {p.name for p in paths}:
            del memo[gone]
    return articles, problems


def _read_content_files(paths: list[Path], shown: dict[Path, str], memo: ContentMemo | None) -> dict[Path, _ParsedFile]:
    """Each file's article (None when it has errors or is a draft) and problems; from `memo` when unchanged.

    Files to parse are parsed on all cores when there are many: YAML is most of a clean build's reading time.
    """
    results: dict[Path, _ParsedFile] = {}
    stamps: dict[Path, tuple[int, int]] = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError as error:
            results[path] = (
                None,
                (Problem(Location(shown[path]), f"cannot read the file: {error.strerror or error}"),),
            )
            continue
        stamps[path] = (stat.st_mtime_ns, stat.st_size)
        known = memo.get(path.name) if memo is not None else None
        if known is not None and known[0] == stamps[path]:
            results[path] = known[1]
    todo = [path for path in stamps if path not in results]
    jobs = [(path, shown[path]) for path in todo]
    parsed = map_on_cores(_parse_content_job, jobs, minimum=_PARALLEL_MIN, chunksize=100)
    for path, (result, digest) in zip(todo, parsed, strict=True):
        results[path] = result
        if memo is not None:
            memo[path.name] = (stamps[path], result, digest)
    return results


def _parse_content_job(job: tuple[Path, str]) -> _ParsedJob:
    """A file parsed, with the digest of what it was read from: computed here, in the worker processes."""
    path, shown = job
    data = _read_bytes(path, shown)
    if isinstance(data, Problem):
        return (None, (data,)), b""
    result = parse_content_data(data, shown)
    return result, content_digest(shown, data) if result[0] is not None else b""


def parse_content_data(data: bytes, shown: str) -> _ParsedFile:
    """The article of a content file's bytes (None when it has errors or is a draft), and its problems."""
    try:
        text = data.decode("utf-8")
        article, problems, draft = read_article(text, shown)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, (Problem(Location(shown, line), "not UTF-8 text; save the file again as UTF-8"),)
    except CoopNewsError as error:
        return None, tuple(error.problems)
    return (None if draft else article), tuple(problems)


def _read_bytes(path: Path, shown: str) -> bytes | Problem:
    try:
        return path.read_bytes()
    except OSError as error:
        return Problem(Location(shown), f"cannot read the file: {error.strerror or error}")
