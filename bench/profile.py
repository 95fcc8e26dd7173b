"""Benchmark profiling: profile one full build and say where the time goes, by stage and by function.

cProfile sees only the main process: work handed to a ProcessPoolExecutor shows up as time spent waiting,
so its stage table is exact for a single-process build only. py-spy (when it installs) samples the main
process and every worker at 100 Hz without slowing them, so its table covers a parallel build too.
"""

from __future__ import annotations

import pstats
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path

#: (substring of the code's file name, stage) in priority order; built-ins are classified by name below.
_FILE_STAGES = (
    ("yaml", "YAML parse (PyYAML)"),
    ("/markdown/", "Markdown"),
    ("/jinja2/", "Jinja2 rendering"),
    ("/markupsafe/", "Jinja2 rendering"),
    ("/templates/", "Jinja2 rendering"),  # compiled templates run as Python code named after their .html file
    ("/lunr/", "search index (lunr.py)"),
    ("coopnews/search", "search index (coopnews)"),
    ("/nh3/", "HTML sanitising (nh3)"),
    ("/feedgen/", "feeds (feedgen)"),
    ("/lxml/", "feeds (feedgen)"),
    ("/concurrent/", "process pool"),
    ("/multiprocessing/", "process pool"),
    ("/slugify/", "slugs"),
    ("/dateutil/", "dates"),
    ("/json/", "JSON and encoding"),
    ("/gzip.py", "hashing and compression"),
    ("/hashlib.py", "hashing and compression"),
    ("/pathlib.py", "filesystem (pathlib, os, shutil)"),
    ("/shutil.py", "filesystem (pathlib, os, shutil)"),
    ("/os.py", "filesystem (pathlib, os, shutil)"),
    ("/threading.py", "process pool"),
    ("/dataclasses.py", "dataclasses (fields, replace)"),
)


def profile_build(repo: Path, python: str, config: Path, output: Path) -> str:
    """Run `build.py build --config` under cProfile into `output`; return a Markdown summary."""
    command = [python, "-m", "cProfile", "-o", str(output), str(repo / "build.py"), "build", "--config", str(config)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0 or not output.is_file():
        return _failure("cProfile", done)
    return summarize_profile(output, wall)


def sample_build(repo: Path, pyspy: Path, python: str, config: Path, output: Path) -> str:
    """Run `build.py build --config` under `py-spy record --subprocesses`; return a Markdown summary."""
    command = [str(pyspy), "record", "--subprocesses", "--rate", "100", "--format", "raw", "-o", str(output), "--"]
    command += [python, str(repo / "build.py"), "build", "--config", str(config)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0 or not output.is_file():
        return _failure("py-spy", done)
    return summarize_samples(output.read_text(encoding="utf-8"), wall)


def summarize_samples(raw: str, wall: float, rate: int = 100) -> str:
    """Stage totals from py-spy's collapsed stacks: each sample goes to the innermost frame's library."""
    by_stage: dict[str, int] = defaultdict(int)
    ours: dict[str, int] = defaultdict(int)
    processes: set[str] = set()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [m.groups() for m in map(_FRAME.match, stack.split(";")) if m]
        processes.update(f.split(":", 1)[0] for f in stack.split(";") if f.startswith("process "))
        if frames:
            name, filename = frames[-1]
            by_stage[classify(filename, name)] += count
        for label in {f"{Path(file).name}:{name}" for name, file in frames if "coopnews/" in file}:
            ours[label] += count
    seconds = 1 / rate  # one sample every 1/rate s
    lines = [
        "## Profile of one full build (py-spy, all processes)",
        "",
        f"wall {wall:.1f} s; {total * seconds:.1f} s of samples in {max(len(processes), 1)} process(es)",
        "(time on CPU or blocked in I/O, summed over processes; idle waits are not sampled).",
        "",
        "| stage (innermost library) | s | share |",
        "|---|---:|---:|",
    ]
    for stage, count in sorted(by_stage.items(), key=lambda item: -item[1])[:14]:
        lines.append(f"| {stage} | {count * seconds:.2f} | {count / max(total, 1):.0%} |")
    lines += ["", "| coopnews function (inclusive) | s |", "|---|---:|"]
    for label, count in sorted(ours.items(), key=lambda item: (-item[1], item[0]))[:18]:
        lines.append(f"| {label} | {count * seconds:.2f} |")
    return "\n".join(lines) + "\n"


#: One py-spy frame: "function (path/to/file.py:123)".
_FRAME = re.compile(r"^(.*) \((.*):\d+\)$")


def _failure(tool: str, done: subprocess.CompletedProcess[str]) -> str:
    tail = (done.stderr or done.stdout)[-2000:]
    return f"## Profile ({tool})\n\nThe profiled build failed (exit {done.returncode}):\n\n```\n{tail}\n```\n"


def summarize_profile(path: Path, wall: float) -> str:
    """Stage totals (own time summed by library) and the coopnews functions by cumulative time."""
    stats = pstats.Stats(str(path))
    raw = stats.stats  # type: ignore[attr-defined]
    by_stage: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in raw.items():
        by_stage[classify(filename, name)] += own
        total += own
    lines = [
        "## Profile of one full build (cProfile)",
        "",
        f"{path.name}: wall {wall:.1f} s under the profiler (profiling slows Python code, roughly 1.5–2×),",
        f"{total:.1f} s of profiled own time in the main process.",
        "",
        "| stage (own time by library) | s | share |",
        "|---|---:|---:|",
    ]
    for stage, seconds in sorted(by_stage.items(), key=lambda item: -item[1])[:14]:
        lines.append(f"| {stage} | {seconds:.2f} | {seconds / total:.0%} |")
    ours = [
        (cum, calls, f"{Path(filename).name}:{name}")
        for (filename, _line, name), (_cc, calls, _own, cum, _callers) in raw.items()
        if "/coopnews/" in filename or filename.endswith("build.py")
    ]
    lines += ["", "| coopnews function (cumulative) | s | calls |", "|---|---:|---:|"]
    for cum, calls, label in sorted(ours, reverse=True)[:18]:
        lines.append(f"| {label} | {cum:.2f} | {calls:,} |")
    return "\n".join(lines) + "\n"


def classify(filename: str, name: str) -> str:
    """The stage a profiled function belongs to, from its file (library) or, for built-ins, its name."""
    if filename == "~":
        return _classify_builtin(name)
    filename = "/" + filename.lstrip("/")  # py-spy shows paths relative to sys.path ("coopnews/render.py")
    for needle, stage in _FILE_STAGES:
        if needle in filename:
            return stage
    if "/coopnews/" in filename:
        return f"coopnews/{Path(filename).name}"
    if "/re/" in filename or filename.endswith(("/re.py", "sre_compile.py")):
        return "regular expressions"
    return "other Python"


def _classify_builtin(name: str) -> str:
    if "markupsafe" in name:
        return "Jinja2 rendering"
    if "_pickle" in name:
        return "process pool"
    if "_io" in name or "io.open" in name:
        return "file reads" if "read" in name else "file writes and opens"
    if any(op in name for op in ("posix.", "os.", "stat", "link", "rename", "replace", "mkdir", "unlink", "scandir")):
        return "filesystem operations"
    if any(op in name for op in ("acquire", "poll", "select", "wait", "recv")):
        return "waiting (threads, workers)"
    if "re.Pattern" in name or "_sre" in name:
        return "regular expressions"
    if "json" in name or "encode" in name or "dumps" in name:
        return "JSON and encoding"
    if any(op in name for op in ("zlib", "gzip", "hashlib", "sha")):
        return "hashing and compression"
    return "other built-ins"
