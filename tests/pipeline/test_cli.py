"""CLI: commands, --config from another folder, summaries on stdout, problems on stderr, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopnews.cli import main
from coopnews.config import Config


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("args", [["--help"], ["import", "--help"], ["build", "--help"], ["serve", "--help"]])
def test_help(args: list[str]) -> None:
    code, out, _ = _run(*args)
    assert code == 0
    assert "Usage:" in out


def test_import_then_build_with_config_elsewhere(project: Config) -> None:
    code, out, err = _run("import", "--config", str(project.path))
    assert code == 0, err
    assert "import: 5 new, 0 updated, 0 unchanged, 0 hand-edited kept, 0 problem(s)" in out
    code, out, err = _run("--config", str(project.path), "build")
    assert code == 0, err
    assert "build: 5 articles (0 skipped)" in out
    assert (project.output_dir / "index.html").is_file()


def test_no_command_runs_both_and_second_import_skips(project: Config) -> None:
    assert _run("--config", str(project.path))[0] == 0
    code, out, _ = _run("--config", str(project.path), "--quiet")
    assert code == 0
    assert "0 new, 0 updated, 5 unchanged" in out


def test_bad_seed_is_named_and_exit_code_is_nonzero(project: Config) -> None:
    (project.seeds_dir / "zz-empty.txt").write_text("   \n", encoding="utf-8")
    code, out, err = _run("--config", str(project.path))
    assert code == 1
    assert "zz-empty.txt" in err
    assert "build: 5 articles" in out


def test_missing_config_exit_code_2(tmp_path: Path) -> None:
    code, _, err = _run("build", "--config", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "config file not found" in err
