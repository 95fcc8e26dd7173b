"""Bench: how the search index scales — build time, payload bytes and time to first results at N articles.

Run `python bench/search_scale.py` (N = 1,000 and 10,000, medians of 3) or `--browser` to also time Chromium from
navigation start to the first results rendered (files served gzipped, as a static host would), from the arrival of
the last first-payload script to them, and to complete results. Articles are generated
in memory, deterministically (seeded): a Zipf-distributed vocabulary of the seeds' real words plus invented words
for the long tail, universities and partners drawn from a few hundred names with acronyms, people, places,
300–900 words of body.

What the design rests on (this 2-core machine, shared, so wall times vary by a third; CPU seconds):
- lunr.py on title + body of 1,000 articles: 6.1 s, 5.9 MB (1.6 MB gz); coopnews.search.index on the same: 0.7 s,
  same index (byte-identical to lunr.py given the same pipeline). At 10,000, the body index takes about 5.5 s.
- The first index, packed (gap + term frequency integers; the engine computes lunr's scores from them and the
  index statistics) instead of lunr's JSON, at 10,000: about 2 MB / 0.5 MB gz instead of 6.1 MB / 1.26 MB gz.
  A summary field in it would add 3.2 MB / 1.2 MB gz: the body shards cover it.
- The store with snippets was 4.7 MB / 1.3 MB gz at 10,000 as an object per article, the snippets 1.8 MB /
  0.74 MB gz of it: they load after the first results (search/snippets.js). The store is now columns with each
  organisation named once: 1.9 MB, parsed in about a third of the time (Node: 33 -> 13 ms).
- `JSON.parse('...')` parses the data scripts about twice as fast as object literals (Node: store 75 -> 38 ms);
  each term's postings as a JSON string, parsed only when a query needs it, halves it again (first index: 29-52 ms
  -> 10-20 ms).
- Loading the whole first index into lunr at 10,000 took 0.6 s in Node (unpack + lunr.Index.load); a query loads
  only its terms' postings (1-40 ms) and scores exactly the same (lunr's score involves only the query's terms).
- A word in most articles ("university": 9,440 of 10,000) still cost ~120 ms in Chromium and as much again in
  garbage collection when lunr scored every match; the page now estimates every match's score from the
  postings (lunr's formula, summed in another order) and has lunr score only the articles that can be on the
  page shown (the first 20, and those whose estimate ties with the 20th): first results 335 -> 219 ms.
- `--site` also times typing a query into the loaded page: the page waits for typing to pause (100 ms), then
  searches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
import random
import re
import resource
import shutil
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coopnews.model import KINDS, Article, OutputFile, Person  # noqa: E402
from coopnews.search import make_search_files  # noqa: E402
from coopnews.search.contract import FIRST_PAYLOAD  # noqa: E402


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = tuple(consonant + vowel for consonant in "bdfghklmnprstvwxyz" for vowel in "aeiou")
_SURNAMES = _words(
    "Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng Liang Xie Song Tang Han "
    "Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao"
)
_CITIES = _words(
    "Wuhan Beijing Shanghai Guangzhou Shenzhen Nanjing Hangzhou Xi'an Chengdu Chongqing Tianjin Harbin Changsha Hefei "
    "Jinan Qingdao Dalian Xiamen Fuzhou Kunming Nanning Guiyang Lanzhou Urumqi Hohhot Taiyuan Shijiazhuang Zhengzhou "
    "Nanchang Changchun Shenyang Ningbo Suzhou Wuxi Dongguan Foshan Liuzhou Yichang Xiangyang Zhuhai"
)
_FIELDS = _words(
    "Technology Science Engineering Medicine Agriculture Finance Economics Aeronautics Energy Materials "
    "Transportation Communications Petroleum Mining Forestry Architecture Chemical Technology"
)
_INDUSTRIES = _words(
    "Motor Steel Energy Power Railway Construction Pharmaceutical Electronics Semiconductor Software Chemical "
    "Automobile Aviation Shipbuilding Telecom Logistics Optics Battery Robotics Biotech"
)
_TITLES = (
    "{inst} Signs Strategic Cooperation Agreement with {partner}",
    "{person} of {inst} Leads a Delegation to Visit {partner}",
    "{partner} and {inst} Hold Forum on Industry-Education Integration",
    "{inst} and {partner} Open Joint Laboratory in {place}",
    "{partner} Delegation Visits {inst}",
    "{inst} Holds Job Fair with {partner} for Graduates",
)


def generate_articles(count: int, seed: int = 20240601) -> tuple[list[Article], dict[str, list[str]]]:
    """Return `count` synthetic articles (newest first) and the aliases map the pipeline would pass."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    weights = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))))
    topic_weights = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(vocabulary) - 100)))
    institutions = _organisations(rng, 200, lambda: f"{rng.choice(_CITIES)} University of {rng.choice(_FIELDS)}")
    partners = _organisations(
        rng, 300, lambda: f"{rng.choice(_CITIES)} {rng.choice(_INDUSTRIES)} {rng.choice(['Group', 'Co., Ltd.'])}"
    )
    aliases = {name: [acronym] for name, acronym in institutions + partners}
    articles = []
    start = dt.date(2024, 12, 31)
    for number in range(count):
        inst, inst_acronym = rng.choice(institutions)
        partner, partner_acronym = rng.choice(partners)
        people = tuple(
            Person(f"{rng.choice(_SURNAMES)} {_invented(rng, 2).capitalize()}", "President", inst) for _ in range(3)
        )
        place = rng.choice(_CITIES)
        length = rng.randint(300, 900)
        topic = rng.choices(vocabulary[100:], cum_weights=topic_weights, k=30)
        words = rng.choices(vocabulary, cum_weights=weights, k=length)
        for position in rng.sample(range(length), length * 2 // 5):
            words[position] = rng.choice(topic)
        names = [inst_acronym, partner_acronym, people[0].name, people[1].name, place, partner]
        for position in range(0, len(words), 40):
            words[position] = rng.choice(names)
        sentences = [" ".join(words[i : i + 20]).capitalize() + "." for i in range(0, len(words), 20)]
        body = "\n\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
        title = rng.choice(_TITLES).format(inst=inst_acronym, partner=partner, person=people[0].name, place=place)
        date = start - dt.timedelta(days=number * 3650 // max(count, 1))
        articles.append(
            Article(
                slug=f"{date.isoformat()}-{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:60]}-{number}",
                title=title,
                body=body,
                date=date,
                date_text=date.isoformat(),
                institutions=(inst,),
                partners=(partner,),
                people=people,
                places=(place,),
                kind=rng.choice(KINDS),
                summary=" ".join(sentences[:2]),
            )
        )
    return articles, aliases


def _vocabulary(rng: random.Random) -> list[str]:
    """Real words of the seeds by frequency, then invented words for a long tail like a real news archive's."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    counts = Counter(word.lower() for text in texts for word in re.findall(r"[A-Za-z]+", text))
    real = [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    invented = sorted({_invented(rng, rng.randint(2, 4)) for _ in range(40_000)} - set(real))
    rng.shuffle(invented)
    return real + invented


def _invented(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _organisations(rng: random.Random, count: int, make_name: object) -> list[tuple[str, str]]:
    names: dict[str, str] = {}
    while len(names) < count:
        name = make_name()  # type: ignore[operator]
        names.setdefault(name, "".join(word[0] for word in name.split() if word[0].isupper()) + str(len(names)))
    return sorted(names.items())


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure_build(articles: Sequence[Article], aliases: dict[str, list[str]]) -> tuple[float, list[OutputFile]]:
    """Return the seconds make_search_files took and the files it made."""
    started = time.perf_counter()
    files = list(make_search_files(articles, aliases).files)
    return time.perf_counter() - started, files


def summarise_payload(files: Sequence[OutputFile]) -> dict[str, int]:
    """Bytes raw and gzipped of what a reader downloads before the first result, and of every search file."""
    first = [f for f in files if f.path in FIRST_PAYLOAD]  # the browser scripts are among the files
    return {
        "first_raw": sum(len(f.data) for f in first),
        "first_gz": sum(_gzip_size(f.data) for f in first),
        "all_raw": sum(len(f.data) for f in files),
        "all_gz": sum(_gzip_size(f.data) for f in files),
        "files": len(files),
    }


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free port of 127.0.0.1 for the length of the block; yield its base URL.

    Like a static host with gzip_static: files go out gzipped (compressed once, then kept in memory) to a client
    that accepts gzip, so the browser downloads what the payload sizes count.
    """
    compressed: dict[Path, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
                super().do_GET()
                return
            if path not in compressed:
                compressed[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            try:
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(compressed[path])))
                self.end_headers()
                self.wfile.write(compressed[path])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser context closed with the file still on its way (a run ends at its results)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


def write_bench_site(folder: Path, files: Sequence[OutputFile]) -> None:
    """Write the search files and a bare search page (the real template, without the render stage) into `folder`."""
    for output in files:
        target = folder / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.data)
    page = folder / "search/index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(_BENCH_PAGE, encoding="utf-8")


_BENCH_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title>
<link rel="icon" href="data:,"></head><body><main><div id="search" data-site-root="../">
<form id="search-form" role="search"><label for="search-q">Search</label><input id="search-q" name="q" type="search">
</form><p id="search-status" role="status"></p><section id="search-facets"></section><div id="search-results"></div>
</div></main><script src="../assets/lunr.min.js"></script><script src="meta.js"></script>
<script src="store.js"></script><script src="../assets/search-contract.js"></script>
<script src="../assets/search-engine.js"></script><script src="../assets/search-page.js"></script></body></html>
"""


def measure_browser(folder: Path, query: str, runs: int) -> list[tuple[float, float, float, float]]:
    """Milliseconds, in Chromium: navigation start -> first results rendered; the last first-payload script
    received -> first results (the page's own work); navigation start -> complete results (full-text matches and
    snippets in); the load event -> first results (negative: they show before it, as the data scripts run while
    the page parses and the snippets requested with the first results hold the load event back).
    """
    times = []
    for page in _fresh_pages(folder, f"search/?q={query}", runs):
        page.wait_for_function("window.COOPNEWS_SEARCH_TIMING && COOPNEWS_SEARCH_TIMING.complete", timeout=60_000)
        page.wait_for_load_state("load")
        first, received, complete, loaded = page.evaluate(_TIMES_JS)
        times.append((float(first), float(first) - float(received), float(complete), float(first) - float(loaded)))
    return times[1:]


def measure_typing(folder: Path, query: str, runs: int) -> list[float]:
    """Milliseconds, in Chromium, from typing `query` into the loaded search page (one input event, as a paste
    makes) to its first results in the page: the page's wait for typing to pause, then its own work."""
    times = []
    for page in _fresh_pages(folder, "search/", runs):
        page.wait_for_function("window.COOPNEWS_SEARCH_TIMING && COOPNEWS_SEARCH_TIMING.ready", timeout=60_000)
        page.wait_for_load_state("load")
        times.append(float(page.evaluate(_TYPE_JS, query)))
    return times[1:]


def _fresh_pages(folder: Path, path: str, runs: int) -> Iterator[Any]:
    """`runs` + 1 pages opened at `path` of `folder` (served gzipped), each in a fresh browser context (empty
    cache), closed when the caller asks for the next. One browser, already running as a reader's would be; the
    first run is a warm-up that pays for starting the renderer process (callers drop it)."""
    from playwright.sync_api import sync_playwright

    with serve_folder(folder) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or None)
        for _ in range(runs + 1):
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}{path}")
            yield page
            context.close()
        browser.close()


_TYPE_JS = """(query) => new Promise((resolve) => {
  const box = document.getElementById("search-q");
  const results = document.getElementById("search-results");
  const start = performance.now();
  new MutationObserver((_, observer) => {
    if (!results.querySelector("li")) return;
    observer.disconnect();
    resolve(performance.now() - start);
  }).observe(results, { childList: true, subtree: true });
  box.value = query;
  box.dispatchEvent(new Event("input", { bubbles: true }));
})"""

_TIMES_JS = """[
  COOPNEWS_SEARCH_TIMING.firstResults,
  Math.max(...performance.getEntriesByType("resource")
    .filter((entry) => /(lunr\\.min|meta|store|search)\\.js$/.test(entry.name))
    .map((entry) => entry.responseEnd)),
  COOPNEWS_SEARCH_TIMING.complete,
  performance.getEntriesByType("navigation")[0].loadEventStart,
]"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time Chromium to first results")
    parser.add_argument("--site", type=Path, help="only time Chromium on this built site (the real search page)")
    parser.add_argument("--query", default="Ruilin", help="the query of --site")
    args = parser.parse_args()
    if args.site:
        print(f"{args.site}: first results ms (after data; after load) / complete ms")
        print(_describe_times(measure_browser(args.site, args.query, args.runs), args.query))
        typing = measure_typing(args.site, args.query, args.runs)
        print(f"typing {args.query!r} into the loaded page -> first results: {statistics.median(typing):.0f} ms")
        return
    print(
        "| N | build s (CPU s) | first payload raw / gz | all search files raw / gz | files "
        "| first results ms (after data; after load) / complete ms |"
    )
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        articles, aliases = generate_articles(size)
        walls, cpus = [], []
        for _ in range(args.runs):
            cpu = _cpu_seconds()
            seconds, files = measure_build(articles, aliases)
            walls.append(seconds)
            cpus.append(_cpu_seconds() - cpu)
        sizes = summarise_payload(files)
        browser = "-"
        if args.browser:
            with tempfile.TemporaryDirectory() as folder:
                write_bench_site(Path(folder), files)
                query = articles[len(articles) // 2].partners[0].split()[0]
                times = measure_browser(Path(folder), query, args.runs)
                browser = _describe_times(times, query)
        print(
            f"| {size:,} | {statistics.median(walls):.2f} ({statistics.median(cpus):.2f}) "
            f"| {_kb(sizes['first_raw'])} / {_kb(sizes['first_gz'])} "
            f"| {_kb(sizes['all_raw'])} / {_kb(sizes['all_gz'])} | {sizes['files']} | {browser} |",
            flush=True,
        )


def _describe_times(times: Sequence[tuple[float, float, float, float]], query: str) -> str:
    first, own, complete, after_load = (statistics.median(time[k] for time in times) for k in range(4))
    return f"{first:.0f} ({own:.0f}; {after_load:+.0f}) / {complete:.0f} ({query!r})"


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the body index worker)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _kb(count: int) -> str:
    return f"{count / 1_000_000:.2f} MB" if count >= 1_000_000 else f"{count / 1000:.0f} kB"


if __name__ == "__main__":
    main()
