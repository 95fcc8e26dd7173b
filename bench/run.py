"""Benchmark: import, full, no-change and one-edit builds of N generated articles, against Pelican on the same ones.

For each size: generate the corpus (bench/generate.py, if missing), then time as subprocesses, median of --runs:
  import      seeds -> content, from an empty content/
  full build  content -> site from clean (no site/, no cache)
  no-change   the build again, nothing changed (and count the files it touched: target 0)
  one edit    after editing one article's body and another article's partner in content/*.md, as a person would
  Pelican     `pelican content -o output -s pelicanconf.py` on the same articles, from an empty output/
Pelican is installed by this script in its own venv (bench/work/pelican-venv, pinned). Writes bench/results.md.

Two corpus shapes: "portal" (each article's institution one of 300 universities; --sizes) and "office" (one
university's own news with its 400 partners, as a cooperation office publishes it; --office-sizes).

Usage: python bench/run.py [--sizes 1000 10000] [--office-sizes 3000] [--runs 3] [--profile] [--skip-pelican]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/run.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bench.measure import (
    Measurement,
    Payload,
    TreeStats,
    count_touched,
    first_search_payload,
    measure_payload,
    run_measured,
    search_files,
    snapshot_mtimes,
    stat_tree,
)
from bench.profile import profile_build, sample_build

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
PELICAN_PINS = ("pelican==4.12.0", "Markdown==3.11.3")  # Markdown pinned as in requirements.txt
PYSPY_PIN = "py-spy==0.4.3"
PELICAN_COMMAND = ("pelican", "content", "-o", "output", "-s", "pelicanconf.py")
#: Where outputs of earlier runs are moved before a timed run, and deleted once every timing is taken.
#: Deleting 25,000 files just before a build that creates 25,000 makes each creation cost ~0.2 ms instead of
#: ~0.01 ms on a journal-less ext4 (the kernel skips inodes freed in the last minute; measured with perf on this
#: VM: 3 s of a 10,000-article build): a cost of the harness, not of the tool timed, for ours and Pelican alike.
TRASH = WORK / "trash"
#: What a clean build starts without, relative to the corpus folder: the site and every build cache.
CLEAN_GLOBS = ("site", ".site-*", ".cache", ".coopnews-cache*")
STEPS = ("import", "full build", "no-change rebuild", "one-article edit", "Pelican full build")


@dataclass
class StepResult:
    """The runs of one step; `touched` counts files written or removed per run, where measured."""

    runs: list[Measurement] = field(default_factory=list)
    touched: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(m.returncode == 0 for m in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(m.seconds for m in self.runs)


@dataclass
class SizeResult:
    """Everything measured for one corpus size."""

    n: int
    words: int
    shape: str = "portal"
    steps: dict[str, StepResult] = field(default_factory=dict)
    ours: TreeStats | None = None
    pelican: TreeStats | None = None
    search: Payload | None = None
    first_payload: Payload | None = None
    clean_builds_identical: bool | None = None
    incremental_equals_clean: bool | None = None
    notes: list[str] = field(default_factory=list)


def ensure_corpus(n: int, seed: int, folder: Path, shape: str = "portal") -> int:
    """Generate the corpus unless `folder` already holds this one; return its word count."""
    marker = folder / "corpus.json"
    if marker.is_file():
        summary = json.loads(marker.read_text(encoding="utf-8"))
        if summary.get("n") == n and summary.get("seed") == seed and summary.get("shape", "portal") == shape:
            return int(summary["words"])
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--n", str(n), "--seed", str(seed)]
    command += ["--shape", shape]
    subprocess.run([*command, "--out", str(folder)], check=True)
    return int(json.loads(marker.read_text(encoding="utf-8"))["words"])


def ensure_pelican(venv: Path) -> Path:
    """Create the Pelican venv with the pinned packages if needed; return the pelican executable."""
    pelican = venv / "bin" / "pelican"
    stamp = venv / "pins.txt"
    wanted = "\n".join(PELICAN_PINS) + "\n"
    if pelican.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
        return pelican
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *PELICAN_PINS], check=True)
    stamp.write_text(wanted, encoding="utf-8")
    return pelican


def ensure_pyspy(venv: Path) -> Path | None:
    """py-spy in its own venv if it installs (it needs ptrace too); None if it is not available."""
    pyspy = venv / "bin" / "py-spy"
    if not pyspy.is_file():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", PYSPY_PIN], check=False)
    return pyspy if pyspy.is_file() else None


def snapshot_code(target: Path) -> Path:
    """Copy the code a build runs (build.py, coopnews/, templates/) into `target` and return it.

    A full run takes many minutes while people keep editing the tree: every step runs this copy, so all the
    figures of one run come from one version of the code.
    """
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(REPO / "build.py", target / "build.py")
    for folder in ("coopnews", "templates"):
        shutil.copytree(REPO / folder, target / folder, ignore=ignore)
    (target / "node_modules").symlink_to(REPO / "node_modules")  # lunr.js, read by the search stage
    return target


def write_bench_config(folder: Path, code: Path) -> Path:
    """The corpus config with its templates taken from the code snapshot; returns the new config's path."""
    data = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    data["paths"]["templates"] = os.path.relpath(code / "templates", folder)
    path = folder / "config.bench.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return path


def clean_build_state(folder: Path) -> None:
    """Set aside the site and every build cache, so the next build starts as from a fresh clone."""
    for pattern in CLEAN_GLOBS:
        for path in folder.glob(pattern):
            set_aside(path)


def set_aside(path: Path) -> None:
    """Move `path` (if it exists) into TRASH, to be deleted by empty_trash once the timings are taken."""
    if path.exists() or path.is_symlink():
        TRASH.mkdir(parents=True, exist_ok=True)
        path.rename(TRASH / f"{path.parent.name}-{path.name}-{time.time_ns()}")


def empty_trash() -> None:
    shutil.rmtree(TRASH, ignore_errors=True)


def edit_content(content_dir: Path, run: int) -> list[str]:
    """Edit two content files as a person would: add a sentence to one body, change another's first partner.

    Each run makes a real change (a numbered sentence; the partner switches between two other articles'
    partners), so every timed edit rebuild has work to do. Returns the edited file names.
    """
    files = sorted(p for p in content_dir.glob("*.md") if not p.name.startswith("."))
    body_file, partner_file = files[len(files) // 3], files[2 * len(files) // 3]
    text = body_file.read_text(encoding="utf-8").rstrip("\n")
    body_file.write_text(f"{text} The agreement was amended on site, revision {run + 1}.\n", encoding="utf-8")
    donors = [_front_matter(files[(len(files) // 2 + k) % len(files)].read_text(encoding="utf-8")) for k in (0, 1)]
    names = [d["partners"][0] for d in donors if d.get("partners")] + ["Edited Partner Co., Ltd.", "Other Partner"]
    current = (_front_matter(partner_file.read_text(encoding="utf-8")).get("partners") or [""])[0]
    choices = [name for name in dict.fromkeys(names) if name != current]
    _replace_first_partner(partner_file, choices[0])
    return [body_file.name, partner_file.name]


def corpus_folder(n: int, shape: str) -> Path:
    """bench/work/n10000 for the portal shape, bench/work/office3000 for the office shape."""
    return WORK / (f"n{n}" if shape == "portal" else f"{shape}{n}")


def bench_size(
    n: int, seed: int, runs: int, code: Path, pelican: Path | None, verify: bool, shape: str = "portal"
) -> SizeResult:
    """Measure every step for a corpus of `n` articles, building with the code snapshot in `code`."""
    folder = corpus_folder(n, shape)
    result = SizeResult(n, ensure_corpus(n, seed, folder, shape), shape)
    config = write_bench_config(folder, code)
    site = folder / "site"
    logs = folder / "logs"
    ours = [sys.executable, str(code / "build.py")]
    steps = {name: StepResult() for name in STEPS}
    result.steps = steps

    for _ in range(runs):
        set_aside(folder / "content")
        steps["import"].runs.append(run_measured([*ours, "import", "--config", str(config)], REPO, logs / "import.log"))
    if steps["import"].ok:
        digests = set()
        for _ in range(runs):
            clean_build_state(folder)
            steps["full build"].runs.append(
                run_measured([*ours, "build", "--config", str(config)], REPO, logs / "build.log")
            )
            if site.is_dir():
                digests.add(stat_tree(site).digest)
        result.clean_builds_identical = len(digests) == 1
    if steps["full build"].ok:
        result.ours = stat_tree(site)
        result.search = measure_payload(search_files(site))
        result.first_payload = measure_payload(first_search_payload(site))
        for step in ("no-change rebuild", "one-article edit"):
            for run in range(runs):
                if step == "one-article edit":
                    edited = edit_content(folder / "content", run)
                    result.notes.append(f"N={n} edit run {run + 1}: {', '.join(edited)}")
                before = snapshot_mtimes(site)
                command = [*ours, "build", "--config", str(config)]
                steps[step].runs.append(run_measured(command, REPO, logs / "rebuild.log"))
                steps[step].touched.append(count_touched(before, snapshot_mtimes(site)))
        if verify and steps["one-article edit"].ok:
            incremental = stat_tree(site).digest
            clean_build_state(folder)
            run_measured([*ours, "build", "--config", str(config)], REPO, logs / "verify.log")
            result.incremental_equals_clean = site.is_dir() and stat_tree(site).digest == incremental

    if pelican is not None:
        output = folder / "pelican" / "output"
        for _ in range(runs):
            set_aside(output)
            command = [str(pelican), *PELICAN_COMMAND[1:]]
            steps["Pelican full build"].runs.append(run_measured(command, folder / "pelican", logs / "pelican.log"))
        if steps["Pelican full build"].ok:
            result.pelican = stat_tree(output)
    return result


def describe_machine() -> dict[str, str]:
    """Date, machine, Python and commit for the results header."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").split()
    ram_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024 / 1024
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # read-only: git status must not touch the index

    def output(*command: str) -> str:
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, check=False)
        return done.stdout.strip() or "?"

    dirty = output("git", "status", "--porcelain", "--", "build.py", "coopnews", "templates") != "?"
    return {
        "date": output("date", "-u"),
        "machine": f"{len(os.sched_getaffinity(0))} cores ({output('nproc')} by nproc), {model}, {ram_gib:.1f} GiB RAM",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "commit": output("git", "rev-parse", "--short", "HEAD")
        + (" + uncommitted changes to build.py, coopnews/ or templates/" if dirty else ""),
    }


def format_results(results: Sequence[SizeResult], machine: dict[str, str], runs: int, profile: str | None) -> str:
    """The results as Markdown: header, timing table, output table, checks, and the profile if taken."""
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py`; generated corpus from `bench/generate.py` (seed 1). Timings are wall-clock",
        f"seconds of each command run as a subprocess, median of {runs} runs (all runs listed); CPU is user + system",
        "time of the command and its children (steadier than wall time on a shared machine).",
        "",
        f"- Date: {machine['date']}",
        f"- Machine: {machine['machine']}",
        f"- Python: {machine['python']}",
        f"- Commit: {machine['commit']}",
        "- Ours: `python build.py import|build --config bench/work/nN/config.bench.yaml`, run from a copy of",
        "  build.py, coopnews/ and templates/ taken when the run started (bench/work/code).",
        f"- Pelican: {', '.join(PELICAN_PINS)} in its own venv;",
        f"  `{' '.join(PELICAN_COMMAND)}` in bench/work/nN/pelican,",
        "  from an empty output/; feeds off (as the issue's 105 s was measured), DEFAULT_PAGINATION = 10, no content",
        "  cache; institution as category, partners as tags. Pelican builds no search index.",
        "- Before each timed run, the outputs of the last one (site/, .cache/, content/, Pelican's output/) are",
        "  moved aside and deleted after all timings: creating files just after deleting as many costs this VM's",
        "  journal-less ext4 20x more per file (see TRASH in bench/run.py), for both tools.",
        "- Peak RSS: largest single process (os.wait4 ru_maxrss, as `/usr/bin/time -v`) / whole process tree",
        "  (summed RSS of the command and its children, sampled every 50 ms).",
        "",
        "| N | step | median s | runs s | median CPU s | peak RSS MiB (largest / tree) | files touched "
        "| target at 10,000 |",
        "|---:|---|---:|---|---:|---:|---:|---|",
    ]
    targets = {
        "import": "< 30 s",
        "full build": "≥ 5× faster than Pelican",
        "no-change rebuild": "< 2 s, 0 files touched",
        "one-article edit": "< 5 s",
        "Pelican full build": "(105 s in the issue)",
    }
    for res in results:
        for name in STEPS:
            step = res.steps.get(name)
            if step is None or not step.runs:
                lines.append(f"| {_label(res)} | {name} | not run | | | | | {targets[name]} |")
                continue
            failed = "" if step.ok else " (FAILED: see bench/work/nN/logs)"
            times = ", ".join(f"{m.seconds:.2f}" for m in step.runs)
            cpu = statistics.median(m.cpu_seconds for m in step.runs)
            rss = f"{max(m.max_rss_mib for m in step.runs):.0f} / {max(m.tree_rss_mib for m in step.runs):.0f}"
            touched = ", ".join(str(t) for t in step.touched) if step.touched else ""
            lines.append(
                f"| {_label(res)} | {name}{failed} | {step.median:.2f} | {times} | {cpu:.1f} | {rss} | {touched} "
                f"| {targets[name]} |"
            )
    lines += [
        "",
        "| N | words | our pages | our largest page kB | our site MB | Pelican pages | Pelican site MB "
        "| search raw / gz MB | first search payload raw / gz MB | full build ours / Pelican |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        ours_ok = res.steps["full build"].ok
        pel_ok = res.steps["Pelican full build"].ok
        ratio = (
            f"{res.steps['full build'].median / res.steps['Pelican full build'].median:.2f}"
            if ours_ok and pel_ok
            else "–"
        )
        lines.append(
            f"| {_label(res)} | {res.words:,} | {_count(res.ours, 'pages')} | {_largest(res.ours)} | {_mb(res.ours)} "
            f"| {_count(res.pelican, 'pages')} | {_mb(res.pelican)} | {_payload(res.search)} "
            f"| {_payload(res.first_payload)} | {ratio} |"
        )
    lines += ["", "Checks:"]
    for res in results:
        lines.append(
            f"- N={_label(res)}: clean builds byte-identical across runs: {_yes(res.clean_builds_identical)}; "
            f"site after the edit rebuilds equals a clean build of the same content: "
            f"{_yes(res.incremental_equals_clean)}"
        )
    lines.append("- Search payload: site/search/**, assets/lunr*.js, assets/search*; first payload: search/index.html")
    lines.append("  and the scripts its `<script src>` tags load (lazy shards excluded); gzip -6, file by file.")
    if profile:
        lines += ["", profile.rstrip()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the benchmark and write bench/results.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    parser.add_argument(
        "--office-sizes",
        type=int,
        nargs="*",
        default=[3000],
        help="corpus sizes of the office shape, one university and its 400 partners (default 3000; none to skip)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per step, median reported (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--skip-pelican", action="store_true", help="do not install or run Pelican")
    parser.add_argument("--no-verify", action="store_true", help="skip the incremental-equals-clean check")
    parser.add_argument("--profile", action="store_true", help="also cProfile one full build at the largest size")
    parser.add_argument("--output", type=Path, default=REPO / "bench" / "results.md", help="results file")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    WORK.mkdir(parents=True, exist_ok=True)
    empty_trash()  # a run that was stopped may have left it
    pelican = None if args.skip_pelican else ensure_pelican(WORK / "pelican-venv")
    code = snapshot_code(WORK / "code")
    machine = describe_machine()  # now: the commit the snapshot was taken from
    results = []
    for n in args.sizes:
        print(f"benchmarking N={n:,} ...", flush=True)
        results.append(bench_size(n, args.seed, args.runs, code, pelican, verify=not args.no_verify))
    for n in args.office_sizes:
        print(f"benchmarking N={n:,}, office shape ...", flush=True)
        results.append(bench_size(n, args.seed, args.runs, code, pelican, not args.no_verify, shape="office"))
    profile = None
    if args.profile:
        largest = WORK / f"n{max(args.sizes)}"
        print(f"profiling a full build at N={max(args.sizes):,} ...", flush=True)
        clean_build_state(largest)
        config = largest / "config.bench.yaml"
        profile = profile_build(code, sys.executable, config, largest / "build.prof")
        pyspy = ensure_pyspy(WORK / "tools-venv")
        if pyspy is not None:
            clean_build_state(largest)
            profile += "\n" + sample_build(
                REPO, pyspy, sys.executable, largest / "config.yaml", largest / "build.pyspy"
            )
    empty_trash()
    text = format_results(results, machine, args.runs, profile)
    args.output.write_text(text, encoding="utf-8")
    (WORK / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1, sort_keys=True) + "\n")
    print(text)
    return 0


def _front_matter(text: str) -> dict[str, Any]:
    if not text.startswith("---"):
        return {}
    block = text.split("\n---", 1)[0].removeprefix("---")
    data = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def _replace_first_partner(path: Path, new: str) -> None:
    """Set the first item of the `partners:` list by editing its line, leaving the rest of the file alone."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    end = lines.index("---", 1)
    start = next(i for i in range(1, end) if lines[i].startswith("partners:"))
    quoted = json.dumps(new, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    if lines[start].strip() in ("partners:", "partners: []"):
        if start + 1 < end and lines[start + 1].lstrip().startswith("- "):
            indent = lines[start + 1][: len(lines[start + 1]) - len(lines[start + 1].lstrip())]
            lines[start + 1] = f"{indent}- {quoted}"
        else:
            lines[start] = f"partners:\n- {quoted}"
    else:  # flow style: partners: [A, B]
        items = yaml.safe_load(lines[start].split(":", 1)[1]) or []
        lines[start] = "partners: " + json.dumps([new, *items[1:]], ensure_ascii=False)
    edited = "\n".join(lines)
    partners = _front_matter(edited).get("partners") or []
    if not partners or partners[0] != new:
        raise RuntimeError(f"{path}: could not set the first partner to {new!r}; check the front matter format")
    path.write_text(edited, encoding="utf-8")


def _count(stats: TreeStats | None, attr: str) -> str:
    return f"{getattr(stats, attr):,}" if stats else "–"


def _label(result: SizeResult) -> str:
    return f"{result.n:,}" if result.shape == "portal" else f"{result.n:,} {result.shape}"


def _largest(stats: TreeStats | None) -> str:
    return f"{stats.largest_page_bytes / 1e3:.0f} ({stats.largest_page})" if stats else "–"


def _mb(stats: TreeStats | None) -> str:
    return f"{stats.bytes / 1e6:.1f}" if stats else "–"


def _payload(payload: Payload | None) -> str:
    return f"{payload.raw / 1e6:.2f} / {payload.gzipped / 1e6:.2f}" if payload and payload.files else "–"


def _yes(value: bool | None) -> str:
    return "not checked" if value is None else ("yes" if value else "NO")


if __name__ == "__main__":
    sys.exit(main())
