"""Incremental jobs: every output handed out in chunks to two processes, kept when unchanged, put back in order."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import shutil
from pathlib import Path

import pytest

import coopnews.incremental.background
import coopnews.incremental.jobs
from coopnews.catalog import build_catalog
from coopnews.config import Config, load_config
from coopnews.content import ContentMemo, memo_digests, read_content
from coopnews.errors import CoopNewsError, Location, Problem
from coopnews.incremental.background import Chunks
from coopnews.incremental.cache import load_cache
from coopnews.incremental.fingerprints import Fingerprinter
from coopnews.incremental.jobs import CHUNK, JobRunner, Rendered, in_order, run_chunks
from coopnews.model import Article
from coopnews.pipeline import build_site, import_articles
from coopnews.plan import Job, job_path, plan_site
from coopnews.site import SiteWriter
from tests.pipeline.conftest import read_tree
from tests.pipeline.test_incremental import CHANGES, _clean_build_of


def _taken(chunks: Chunks) -> list[int]:
    starts = []
    while (start := chunks.take()) is not None:
        starts.append(start)
    return starts


def test_chunks_cover_the_jobs_once_in_one_process_last_chunk_first() -> None:
    # last first: the plan ends with the whole-site files, the slowest jobs, which must not be left to the end
    assert _taken(Chunks(2 * CHUNK + 1, shared=False)) == [2 * CHUNK, CHUNK, 0]
    assert _taken(Chunks(2 * CHUNK, shared=False)) == [CHUNK, 0]
    assert _taken(Chunks(0, shared=False)) == []


def _take_in_child(chunks: Chunks, queue: multiprocessing.Queue[list[int]]) -> None:
    queue.put(_taken(chunks))


def test_shared_chunks_are_split_between_forked_processes_without_overlap() -> None:
    total = 500 * CHUNK
    chunks = Chunks(total, shared=True)
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[list[int]] = context.Queue()
    child = context.Process(target=_take_in_child, args=(chunks, queue))
    child.start()
    mine = _taken(chunks)
    theirs = queue.get(timeout=30)
    child.join(timeout=30)
    assert sorted(mine + theirs) == list(range(0, total, CHUNK))
    assert not set(mine) & set(theirs)


def test_stop_hands_out_nothing_more() -> None:
    for shared in (False, True):
        chunks = Chunks(10 * CHUNK, shared=shared)
        assert chunks.take() == 9 * CHUNK
        chunks.stop()
        assert chunks.take() is None


def test_in_order_puts_chunks_back_in_job_order_and_refuses_a_gap() -> None:
    def chunk(start: int, size: int) -> list[Rendered]:
        return [Rendered(f"p{start + i}", "", (0, 0), rendered=True, written=True) for i in range(size)]

    total = 2 * CHUNK + 3
    merged = in_order(total, {CHUNK: chunk(CHUNK, CHUNK)}, {0: chunk(0, CHUNK), 2 * CHUNK: chunk(2 * CHUNK, 3)})
    assert [r.path for r in merged] == [f"p{i}" for i in range(total)]
    with pytest.raises(KeyError):
        in_order(total, {0: chunk(0, CHUNK)})


def _jobs(project: Config) -> list[Job]:
    import_articles(project)
    articles, _ = read_content(project.content_dir, {})
    catalog = build_catalog(articles, project.gazetteer)
    return list(plan_site(catalog, project).jobs)


def test_a_job_is_kept_only_while_its_file_is_as_the_last_build_wrote_it(project: Config) -> None:
    import_articles(project)
    build_site(project)
    memo: ContentMemo = {}
    articles, _ = read_content(project.content_dir, memo)
    jobs = plan_site(build_catalog(articles, project.gazetteer), project).jobs
    digests = memo_digests(memo)  # as the build gives them: articles stand for their files' digests
    content = next(project.content_dir.glob("*.md"))
    os.utime(content, ns=(content.stat().st_atime_ns, content.stat().st_mtime_ns + 1))  # the site is not up to date
    cache = load_cache(project)
    assert not cache.up_to_date and cache.pages
    writer = SiteWriter(project.output_dir, [job_path(job) for job in jobs])
    results = [JobRunner(project, writer, cache.pages, cache.outputs, digests).run(job) for job in jobs]
    writer.abort()
    assert not any(r.rendered or r.written for r in results), "nothing changed, so every output is kept"
    assert {r.path: r.stamp for r in results}.items() <= cache.outputs.items()
    touched = project.output_dir / results[0].path
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    writer = SiteWriter(project.output_dir, [results[0].path])
    again = JobRunner(project, writer, cache.pages, cache.outputs, digests).run(jobs[0])
    writer.abort()
    assert again.rendered and not again.written, "rendered again, and its bytes found equal to the file's"
    assert again.fingerprint == results[0].fingerprint


def test_run_chunks_stops_the_other_process_when_a_job_fails(project: Config) -> None:
    jobs = _jobs(project)
    writer = SiteWriter(project.output_dir, [])
    renderer = JobRunner(project, writer, {}, {})
    chunks = Chunks(len(jobs), shared=False)

    class Broken(Exception):
        pass

    def fail(job: Job) -> Rendered:
        raise Broken

    renderer.run = fail  # type: ignore[method-assign]
    with pytest.raises(Broken):
        run_chunks(jobs, renderer, chunks)
    writer.abort()
    assert chunks.take() is None


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search worker at any size, and chunks of 3 jobs, so the worker renders pages of the small test site."""
    monkeypatch.setattr(coopnews.incremental.background, "IN_BACKGROUND_FROM", 1)
    monkeypatch.setattr(coopnews.incremental.jobs, "CHUNK", 3)


@pytest.mark.usefixtures("two_processes")
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_pages_rendered_by_both_processes_equal_a_clean_build(project: Config, tmp_path: Path, change: str) -> None:
    import_articles(project)
    first = build_site(project)
    assert first.rendered > 3 * 2
    CHANGES[change](project)
    build_site(load_config(project.path))
    assert read_tree(project.output_dir) == _clean_build_of(project, tmp_path)


@pytest.mark.usefixtures("two_processes")
def test_a_template_error_in_either_process_names_the_template_and_line(project: Config) -> None:
    import_articles(project)
    build_site(project)
    before = read_tree(project.output_dir)
    template = project.templates_dir / "archive_list.html"  # rendered near the end, by whichever process is free
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% endblock %}", "{{ missing_variable.attribute }}\n{% endblock %}", 1), "utf-8")
    line = text[: text.index("{% endblock %}")].count("\n") + 1
    with pytest.raises(CoopNewsError) as caught:
        build_site(load_config(project.path))
    assert f"archive_list.html:{line}: template error: 'missing_variable' is undefined" in str(caught.value)
    assert read_tree(project.output_dir) == before


def test_an_error_crosses_processes_with_its_problems() -> None:
    error = CoopNewsError([Problem(Location("templates/a.html", 3), "template error: boom")])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is CoopNewsError and copy.problems == error.problems and str(copy) == str(error)


def test_pages_change_fingerprint_exactly_when_an_article_on_them_changes(project: Config) -> None:
    """The content memo's digests (of each file's name and bytes) stand for the articles in fingerprints:
    reading the same files again gives the same fingerprints, and editing one article changes those of the
    pages that show it, and no others."""
    import_articles(project)

    def fingerprints() -> tuple[dict[str, str], dict[str, set[str]]]:
        memo: ContentMemo = {}
        articles, _ = read_content(project.content_dir, memo)
        digests = memo_digests(memo)
        assert len(digests) == len(articles)
        jobs = plan_site(build_catalog(articles, project.gazetteer), project).jobs
        fingerprinter = Fingerprinter("salt", digests)
        slugs = {job_path(job): _slugs_shown(job) for job in jobs}
        return {job_path(job): fingerprinter.digest(job) for job in jobs}, slugs

    before, shown = fingerprints()
    assert fingerprints()[0] == before
    edited = sorted(project.content_dir.glob("*.md"))[1]
    edited.write_text(edited.read_text(encoding="utf-8").rstrip("\n") + " One more sentence.\n", encoding="utf-8")
    after, _ = fingerprints()
    changed = {path for path in before if after[path] != before[path]}
    slug = edited.stem
    assert changed == {path for path, slugs in shown.items() if slug in slugs} and f"articles/{slug}.html" in changed


def _slugs_shown(value: object) -> set[str]:
    """The slugs of every article a job's values hold, however deep."""
    found: set[str] = set()
    pending = [value]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if id(item) in seen or isinstance(item, (str, int, float, bool, type(None), bytes)):
            continue
        seen.add(id(item))
        if isinstance(item, Article):
            found.add(item.slug)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, (tuple, list)):
            pending.extend(item)
        elif dataclasses.is_dataclass(item):
            pending.extend(getattr(item, field.name) for field in dataclasses.fields(item))
    return found


def test_a_platform_without_fork_builds_in_one_process_and_gives_the_same_site(
    project: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows, and macOS's spawn default: no fork, so no second process; the site must be the same."""
    monkeypatch.setattr(coopnews.incremental.background, "IN_BACKGROUND_FROM", 1)
    import_articles(project)
    build_site(project)
    forked = read_tree(project.output_dir)
    shutil.rmtree(project.output_dir)
    shutil.rmtree(project.path.parent / ".cache")
    real_get_context = multiprocessing.get_context

    def no_fork(method: str | None = None) -> object:
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return real_get_context(method)

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    assert not coopnews.incremental.background.use_background(10**6)
    build_site(load_config(project.path))
    assert read_tree(project.output_dir) == forked
