"""Config: what the person importing knows (import.institution, import.folders) and gazetteer hosts and types."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopnews.config import load_config
from coopnews.content import parse_article
from coopnews.errors import ConfigError, CoopNewsError
from coopnews.extract import Known, extract_article
from coopnews.importer import import_seeds
from coopnews.model import RawArticle

GAZETTEER = """
gazetteer:
  institutions:
    - name: Qilu University of Technology
      aliases: [QLUT]
      hosts: [https://www.QLU.edu.cn/, news.qlu.edu.cn]
    - name: Nanhai Institute of Technology
      aliases: [NHIT]
  partners:
    - name: Lanshan Robotics Co., Ltd.
      type: enterprise
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_settings_resolve_gazetteer_spellings(tmp_path: Path) -> None:
    config = load_config(
        _write(
            tmp_path,
            GAZETTEER + "import:\n  institution: QLUT\n  folders:\n    nanhai: Nanhai Institute of Technology\n",
        )
    )
    assert config.default_institution == "Qilu University of Technology"
    assert config.folder_institutions == (("nanhai", "Nanhai Institute of Technology"),)
    assert config.institution_for("x.txt") == "Qilu University of Technology"
    assert config.institution_for("nanhai/x.txt") == "Nanhai Institute of Technology"
    qlut = config.gazetteer[0]
    assert qlut.hosts == ("qlu.edu.cn", "news.qlu.edu.cn")
    assert config.gazetteer[2].type == "enterprise"


def test_without_import_settings_nothing_is_assumed(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, GAZETTEER))
    assert (config.default_institution, config.folder_institutions) == (None, ())
    assert config.institution_for("nanhai/x.txt") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("import:\n  institution: 3\n", "import.institution: expected the name of a university, got 3"),
        ("import:\n  folders: [a]\n", "import.folders: expected a mapping of seeds sub-folder to university name"),
        ("import:\n  folders:\n    a/b: X University\n", "import.folders: expected a sub-folder name"),
        ("import:\n  institutions: X\n", "import.institutions: unknown setting; expected institution or folders"),
        (
            "gazetteer:\n  institutions:\n    - name: X University\n      hosts: [not a host]\n",
            "gazetteer.institutions.0.hosts: expected a list of web hosts such as hit.edu.cn",
        ),
        (
            "gazetteer:\n  partners:\n    - name: X Co.\n      type: shop\n",
            "gazetteer.partners.0.type: expected one of enterprise, government, university, other, got 'shop'",
        ),
        (
            "gazetteer:\n  partners:\n    - name: X Co.\n      website: x.com\n",
            "gazetteer.partners.0.website: unknown key; expected one of name, aliases, hosts, type",
        ),
    ],
)
def test_import_and_gazetteer_errors_name_the_key(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_write(tmp_path, text))
    assert expected in "\n".join(str(problem) for problem in caught.value.problems)


def test_a_seed_sub_folder_imports_with_its_folder_institution(tmp_path: Path) -> None:
    (tmp_path / "seeds" / "nanhai").mkdir(parents=True)
    story = "Team Visits Lanshan Robotics\n\nOn March 4, 2024, a team from our university visited Lanshan Robotics.\n"
    (tmp_path / "seeds" / "nanhai" / "visit.txt").write_text(story, encoding="utf-8")
    (tmp_path / "seeds" / "top.txt").write_text(story.replace("March 4", "March 5"), encoding="utf-8")
    (tmp_path / "seeds" / ".hidden").mkdir()
    (tmp_path / "seeds" / ".hidden" / "skip.txt").write_text(story, encoding="utf-8")
    config = load_config(_write(tmp_path, GAZETTEER + "import:\n  institution: QLUT\n  folders:\n    nanhai: NHIT\n"))
    report = import_seeds(config)
    assert len(report.imported) == 2 and not report.problems
    texts = {path.name: path.read_text(encoding="utf-8") for path in config.content_dir.glob("*.md")}
    assert sum("- Nanhai Institute of Technology" in text for text in texts.values()) == 1
    assert sum("- Qilu University of Technology" in text for text in texts.values()) == 1
    assert any("file: nanhai/visit.txt" in text for text in texts.values())


def test_the_first_line_address_is_kept_in_source_through_a_content_file(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    seed = "Source: https://news.qlu.edu.cn/a/1.htm\nTeam Visits Lanshan Robotics\n\nOn March 4, 2024, a team came.\n"
    (tmp_path / "seeds" / "a.txt").write_text(seed, encoding="utf-8")
    config = load_config(_write(tmp_path, GAZETTEER))
    assert not import_seeds(config).problems
    text = next(config.content_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "  url: https://news.qlu.edu.cn/a/1.htm\n" in text
    assert "- Qilu University of Technology\n" in text  # the host says whose news it is
    source = parse_article(text, "content/a.md").source
    assert source is not None and source.url == "https://news.qlu.edu.cn/a/1.htm"
    hand_edited = text.replace("  url: https://news.qlu.edu.cn/a/1.htm\n", "  url: 7\n")
    with pytest.raises(CoopNewsError, match=r"source\.url"):
        parse_article(hand_edited, "content/a.md")
    raw = RawArticle("a.txt", seed, "0" * 64)
    assert extract_article(raw, config.gazetteer, Known()).source.url == "https://news.qlu.edu.cn/a/1.htm"  # type: ignore[union-attr]
