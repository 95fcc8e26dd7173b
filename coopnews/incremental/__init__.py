"""Incremental: the speed layer of a build, behind one seam.

The build (coopnews.pipeline) says what a site is: content read, a catalog, a plan of every output. This
package makes it fast without changing a byte of it, through two calls:

- `load_cache(config)`: the last build's record, checked against this build's inputs (nothing changed: the
  build is done), with the memos that let reading and rendering skip work;
- `publish_site(plan, ...)`: every job of the plan rendered or kept (its fingerprint unchanged and its file
  as written), the search built (in a second process at scale), all of it staged and swapped into site/
  atomically (unchanged files hard-linked, so they keep their modification time), and the record of this
  build saved for the next.

Inside: `cache` (the record and its files in .cache/), `fingerprints` (digests of what each job is made
from), `jobs` (render or keep one job), `background` (the second process, and the one-process path where the
platform cannot fork). Deleting .cache/ gives the same site, byte for byte.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass

from coopnews.config import Config
from coopnews.content import memo_digests
from coopnews.errors import Problem
from coopnews.incremental.background import Chunks, StagedSearch, finish_search, start_search, use_background
from coopnews.incremental.cache import BuildCache, load_cache, save_cache, save_content_memo
from coopnews.incremental.jobs import JobRunner, Rendered, in_order, run_chunks
from coopnews.plan import SitePlan, job_path
from coopnews.progress import progress_bar
from coopnews.site import SiteWriter, WriteReport

__all__ = ["BuildCache", "PublishedSite", "load_cache", "publish_site"]


@dataclass(frozen=True)
class PublishedSite:
    """What publish_site did: the files written, kept and removed; how many of the plan's pages were rendered
    (the rest kept as they were); and the record of this build, as saved for the next."""

    written: WriteReport
    rendered: int
    cache: BuildCache


def publish_site(
    plan: SitePlan,
    config: Config,
    previous: BuildCache,
    *,
    articles: int,
    problems: tuple[Problem, ...],
    progress: bool = False,
) -> PublishedSite:
    """Render or keep every job of `plan`, build the search, swap the new site/ in atomically and save the
    record of this build (`articles` read, their `problems`) for the next one.

    When this raises, site/ is as it was and no staging folder is left."""
    writer = SiteWriter(config.output_dir, [job_path(job) for job in plan.jobs])
    try:
        done, search = _render_jobs(plan, config, previous, writer, progress=progress)
        stamps = {job.path: job.stamp for job in done}
        stamps.update(search.stamps)
        report = writer.finish(stamps, sum(job.written for job in done) + search.written)
    except BaseException:
        writer.abort()
        raise
    pages = {job.path: job.fingerprint for job in done}
    cache = BuildCache(previous.inputs, True, report.stamps, problems, articles, pages)
    save_cache(config, cache)
    return PublishedSite(report, sum(1 for job in done[: plan.pages] if job.rendered), cache)


def _render_jobs(
    plan: SitePlan, config: Config, previous: BuildCache, writer: SiteWriter, *, progress: bool
) -> tuple[list[Rendered], StagedSearch]:
    """Every job rendered or kept and staged, in plan order, and the search files staged.

    At scale the search is built in a second process, which saves its memo and the content memo and then takes
    chunks of jobs beside this one: saving first keeps the two processes' shares even, so neither waits for
    the other at the end."""
    background = use_background(len(plan.search.articles))
    jobs = plan.jobs
    runner = JobRunner(config, writer, previous.pages, previous.outputs, memo_digests(previous.content))
    chunks = Chunks(len(jobs), shared=background)

    def save_content() -> None:
        save_content_memo(config, previous.content, previous.content_loaded)

    def after_search() -> dict[int, list[Rendered]]:
        save_content()
        return run_chunks(jobs, runner, chunks)

    with ExitStack() as stack, progress_bar(len(jobs), "pages", "page", enabled=progress) as bar:
        search = start_search(stack, plan.search, config, writer, background=background, after=after_search)
        mine = run_chunks(jobs, runner, chunks, on_chunk=bar.update)
        if not background:
            save_content()
        staged = finish_search(search)
        bar.update(len(jobs) - bar.n)
    return in_order(len(jobs), mine, staged.done), staged
