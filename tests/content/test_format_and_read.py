"""Content files: format and parse are exact inverses, both readers agree, and every mistake names its line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
import yaml

from coopnews.content import (
    FIELDS,
    fast,
    format_article,
    parse_article,
    parse_article_with_warnings,
    read,
    read_content,
)
from coopnews.errors import CoopNewsError
from coopnews.extract import extract_article
from coopnews.model import Article, Person, Source
from coopnews.seeds import read_seeds

REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FULL = Article(
    slug="ustb-signs-agreement-with-baic",
    title="USTB Signs Strategic Cooperation Agreement with BAIC Group",
    body="On November 19, the signing ceremony was held.\n\nBoth sides signed.",
    date=dt.date(2023, 11, 19),
    date_text="November 19",
    institutions=("University of Science and Technology Beijing",),
    partners=("BAIC Group",),
    organizations=("Beijing Talents Bureau",),
    aliases=(("University of Science and Technology Beijing", ("USTB",)), ("BAIC Group", ("BAIC", "the Group"))),
    people=(
        Person("Liu Minhua", "Deputy Director", "Beijing Talents Bureau"),
        Person("Yang Renshu", "President", None),
        Person("Cai Suping"),
    ),
    places=("Beijing",),
    tags=("vehicles", "internships"),
    kind="agreement-signing",
    summary="USTB and BAIC Group signed a strategic cooperation agreement.",
    source=Source("002_c90f619d1af0e149.txt", "ab" * 32),
    needs_review=("date",),
)

HOSTILE_TEXT = [
    'He said: "yes" -- it\'s done',
    "key: value # not a comment",
    "yes",
    "No",
    "null",
    "~",
    "1.0",
    "0x1F",
    "2023-11-19",
    "#leading hash",
    "---",
    "...",
    "- looks like a list",
    "[looks, like, flow]",
    "{a: b}",
    "&anchor *alias !tag %directive @at `tick` | >",
    "'single' and \"double\"",
    "  leading and trailing spaces  ",
    "tab\there",
    "武汉理工大学 “引号” — Zoë 🎉",
    "line one\n---\nline three",
    "ends with newline\n",
    "\u2028line separator\u00a0nbsp\ufeffbom",
    "a" * 500,
]


def hostile_articles() -> list[object]:
    cases: list[object] = []
    for index, text in enumerate(HOSTILE_TEXT):
        article = dataclasses.replace(
            FULL,
            title=text if text.strip() else "x",
            date_text=text,
            summary=text,
            institutions=(text, "Plain"),
            aliases=((text, (text, "other")),),
            people=(Person(text, text, text),),
            places=(text,),
            needs_review=(text,),
            source=Source(text, text),
        )
        cases.append(pytest.param(article, id=f"hostile-{index}"))
    bodies = ["", "---\ntitle: not front matter\n---\n", "\n\nstarts with blank lines", "ends with blanks\n\n", "---"]
    for index, body in enumerate(bodies):
        cases.append(pytest.param(dataclasses.replace(FULL, body=body), id=f"body-{index}"))
    cases.append(pytest.param(Article(slug="a", title="Only a title", body="Text."), id="defaults"))
    cases.append(pytest.param(FULL, id="full"))
    return cases


def seed_articles() -> list[object]:
    raws, _ = read_seeds(REPO_SEEDS)
    return [pytest.param(extract_article(raw, ()), id=raw.file) for raw in raws]


@pytest.mark.parametrize("article", [*hostile_articles(), *seed_articles()])
def test_parse_reads_back_exactly_what_format_wrote(article: Article) -> None:
    text = format_article(article)
    assert parse_article(text, "content/a.md") == article
    assert format_article(parse_article(text, "content/a.md")) == text


def test_format_writes_every_key_in_a_fixed_order_then_a_blank_line_and_the_body() -> None:
    text = format_article(FULL)
    front, body = text.split("\n---\n\n", 1)
    keys = [line.split(":")[0] for line in front.splitlines()[1:] if line and not line.startswith((" ", "-"))]
    assert keys == list(FIELDS)
    assert body == FULL.body + "\n"
    assert "date: 2023-11-19\n" in front
    assert "  BAIC Group:\n  - BAIC\n  - the Group\n" in front
    assert "- name: Yang Renshu\n  role: President\n  organization: null\n" in front


def test_format_does_not_wrap_long_values_or_escape_unicode() -> None:
    title = "武汉理工大学 " + "very long title " * 20
    text = format_article(dataclasses.replace(FULL, title=title))
    assert f"title: {title.strip()}" in text or f"title: '{title}'" in text


def parse_problems(text: str, path: str = "content/ustb-baic.md") -> list[str]:
    with pytest.raises(CoopNewsError) as caught:
        parse_article(text, path)
    return [str(problem) for problem in caught.value.problems]


GOOD_FRONT = "---\ntitle: USTB signs\nslug: ustb-baic\ndate: 2023-11-19\nkind: visit\n---\n\nBody.\n"

PARSE_ERRORS = [
    pytest.param(
        GOOD_FRONT.replace("date: 2023-11-19", "date: 19/11"),
        "content/ustb-baic.md:4: date: expected YYYY-MM-DD, got '19/11'",
        id="bad date",
    ),
    pytest.param(
        GOOD_FRONT.replace("date: 2023-11-19", "date: 2023-02-30"),
        "content/ustb-baic.md:4: date: expected a real date, got '2023-02-30' (day is out of range for month)",
        id="impossible date",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "kind: party"),
        "content/ustb-baic.md:5: kind: expected one of agreement-signing, visit, forum, joint-lab, "
        "talent-employment, other, got 'party'",
        id="bad kind",
    ),
    pytest.param(
        GOOD_FRONT.replace("title: USTB signs", "title: [USTB signs"),
        "content/ustb-baic.md:3: invalid YAML: ",  # the wording is libyaml's
        id="bad YAML",
    ),
    pytest.param(
        GOOD_FRONT.replace("slug: ustb-baic", "slug: ustb: baic"),
        "content/ustb-baic.md:3: invalid YAML: ",
        id="colon in plain value",
    ),
    pytest.param(
        GOOD_FRONT.replace("title: USTB signs\n", ""),
        "content/ustb-baic.md:1: title: missing; every article needs a title",
        id="missing title",
    ),
    pytest.param(
        GOOD_FRONT.replace("title: USTB signs", "title: '  '"),
        "content/ustb-baic.md:2: title: empty; every article needs a title",
        id="empty title",
    ),
    pytest.param(
        GOOD_FRONT.replace("title: USTB signs", "title: 2024"),
        "content/ustb-baic.md:2: title: expected text, got 2024 (put it in quotes to make it text)",
        id="number title",
    ),
    pytest.param(
        GOOD_FRONT.replace("slug: ustb-baic", "slug: ../etc/passwd"),
        "content/ustb-baic.md:3: slug: expected a safe slug (no '/' or '..', e.g. ustb-signs-agreement), "
        "got '../etc/passwd'",
        id="unsafe slug",
    ),
    pytest.param(
        GOOD_FRONT.replace("slug: ustb-baic", "slug: USTB_Baic"),
        "content/ustb-baic.md:3: slug: expected a safe slug (lowercase letters, digits and single hyphens, "
        "e.g. ustb-signs-agreement), got 'USTB_Baic'",
        id="slug with capitals",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "places: Beijing"),
        "content/ustb-baic.md:5: places: expected a list such as [Name, Other Name], got 'Beijing'",
        id="places not a list",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "people:\n- name: Liu Minhua\n  role: 3"),
        "content/ustb-baic.md:7: people.0.role: expected text, got 3 (put it in quotes to make it text)",
        id="person role a number",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "people:\n- name: Liu Minhua\n- role: Dean"),
        "content/ustb-baic.md:7: people.1.name: missing; every person needs a name",
        id="person without name",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "aliases:\n  WUT: [Wuhan, 7]"),
        "content/ustb-baic.md:6: aliases.WUT.1: expected text, got 7 (put it in quotes to make it text)",
        id="alias a number",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "source:\n  file: a.txt"),
        "content/ustb-baic.md:6: source: missing sha256; expected {file, sha256}",
        id="source without checksum",
    ),
    pytest.param(
        GOOD_FRONT.replace("kind: visit", "title: again"),
        "content/ustb-baic.md:5: title: repeated; first given on line 2",
        id="repeated key",
    ),
    pytest.param(
        "title: x\n\nBody\n",
        "content/ustb-baic.md:1: expected front matter: the file must start with a '---' line",
        id="no front matter",
    ),
    pytest.param(
        "---\ntitle: x\n\nBody\n",
        "content/ustb-baic.md:1: front matter is not closed; add a '---' line after it",
        id="unclosed",
    ),
    pytest.param(
        "---\n- a\n- b\n---\n", "content/ustb-baic.md:2: front matter must be 'key: value' lines", id="a list"
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_ERRORS)
def test_parse_errors_name_the_file_line_and_field(text: str, expected: str) -> None:
    problems = parse_problems(text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_parse_reports_every_error_of_a_file_at_once() -> None:
    text = GOOD_FRONT.replace("date: 2023-11-19", "date: 19/11").replace("kind: visit", "kind: party")
    assert [line.split(": ")[1] for line in parse_problems(text)] == ["date", "kind"]


def test_unknown_keys_are_warnings_and_the_article_is_still_read() -> None:
    text = GOOD_FRONT.replace("kind: visit", "kind: visit\nauthor: Someone")
    article, warnings = parse_article_with_warnings(text, "content/ustb-baic.md")
    assert article.title == "USTB signs"
    assert [str(w).split(": unknown key")[0] for w in warnings] == ["content/ustb-baic.md:6: warning: author"]


def test_a_hand_written_file_may_leave_out_everything_but_the_title() -> None:
    article = parse_article("---\ntitle: Hand written\n---\nText.\n", "content/hand-written.md")
    assert article == Article(slug="hand-written", title="Hand written", body="Text.")


def test_parse_accepts_crlf_a_bom_and_a_quoted_date() -> None:
    text = "\ufeff" + GOOD_FRONT.replace("2023-11-19", "'2023-11-19'").replace("\n", "\r\n")
    article = parse_article(text, "content/ustb-baic.md")
    assert (article.date, article.body) == (dt.date(2023, 11, 19), "Body.")


def write_content(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_read_content_skips_a_bad_file_and_reads_the_rest(tmp_path: Path) -> None:
    first = dataclasses.replace(FULL, slug="first")
    third = dataclasses.replace(FULL, slug="third", title="Third")
    content = write_content(
        tmp_path / "content",
        {
            "first.md": format_article(first),
            "second.md": GOOD_FRONT.replace("date: 2023-11-19", "date: 19/11"),
            "third.md": format_article(third),
            ".draft.md": "not read",
            "notes.txt": "not read",
        },
    )
    (content / "fourth.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    articles, problems = read_content(content)
    assert articles == [first, third]
    assert [str(p) for p in problems] == [
        "content/fourth.md:2: not UTF-8 text; save the file again as UTF-8",
        "content/second.md:4: date: expected YYYY-MM-DD, got '19/11'",
    ]


def test_read_content_reports_a_slug_used_twice_naming_both_files(tmp_path: Path) -> None:
    content = write_content(
        tmp_path / "content",
        {
            "a.md": format_article(dataclasses.replace(FULL, slug="same")),
            "b.md": format_article(FULL).replace(f"slug: {FULL.slug}", "slug: same"),
        },
    )
    articles, problems = read_content(content)
    assert [a.slug for a in articles] == ["same"]
    assert [str(p) for p in problems] == [
        "content/b.md:3: slug: 'same' is already the slug of content/a.md; give one of them another slug"
    ]


def test_read_content_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert read_content(tmp_path / "content") == ([], [])


@pytest.mark.parametrize("article", [*hostile_articles(), *seed_articles()])
def test_fast_path_reads_what_the_line_aware_path_reads(article: Article, monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid front matter is read in one libyaml call; the slow, line-aware path must agree with it exactly."""
    text = format_article(article)
    fast_result = parse_article(text, "content/x.md")
    closing = read._CLOSING.search(text, 4)
    assert closing is not None
    assert fast.read_front_matter_fast(text[4 : closing.start()], "content/x.md") is not None, "expected the fast path"
    monkeypatch.setattr(read, "read_front_matter_fast", lambda front, path: None)
    assert parse_article(text, "content/x.md") == fast_result == article


@pytest.mark.parametrize(
    "front",
    [
        "title: A\n",  # no slug: the file name's
        "title: A\ndate: 2024-03-05T10:00:00\n",
        "title: A\ndate: 2024-03-05 10:00\n",
        "title: A\ndate: '2024-03-05'\ndraft: true\n",
        "title: A\ndraft: false\nkind:\nsummary:\n",
        'title: "Emoji \\U0001F600"\n',
    ],
)
def test_both_paths_read_hand_written_front_matter_alike(front: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"---\n{front}---\n\nBody.\n"
    assert fast.read_front_matter_fast(front, "content/hand.md") is not None, "expected the fast path"
    fast_result = read.read_article(text, "content/hand.md")
    monkeypatch.setattr(read, "read_front_matter_fast", lambda front, path: None)
    assert read.read_article(text, "content/hand.md") == fast_result


@pytest.mark.parametrize(
    "front",
    [
        "title: A\nslug: a\ntitle: B\n",  # repeated key: only the line-aware path reports it
        "title: A\nslug: a\ncolour: red\n",  # unknown key: a warning
        "title: A\nslug: a\ndate: 19/11\n",
        "title: A\nslug: a\npeople:\n- role: x\n",
        "title: A\nslug: Not Safe\n",
        "title: A\nslug: a\naliases:\n  X: [a]\n  X: [b]\n",  # a repeated key inside a mapping
        'title: "A\\x01"\n',  # a control character written as an escape
        "slug: a\n",  # no title
        "title: A\n",  # no slug, and the file name is no slug
    ],
)
def test_fast_path_leaves_anything_unusual_to_the_line_aware_path(front: str) -> None:
    assert fast.read_front_matter_fast(front, "content/Not A Slug.md") is None


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("aliases:\n  X: [a]\n  Y: [b]\n  X: [c]", "content/ustb-baic.md:8: aliases: a key is repeated"),
        (
            "people:\n- name: A\n- name: B\n  role: Dean\n  role: Head",
            "content/ustb-baic.md:9: people.1: a key is repeated",
        ),
        ("source:\n  file: a.txt\n  file: b.txt\n  sha256: c", "content/ustb-baic.md:7: source: a key is repeated"),
    ],
)
def test_a_key_repeated_inside_a_mapping_names_its_line(front: str, expected: str) -> None:
    """YAML keeps the last of two equal keys; the fast path used to take that silently (a role given twice)."""
    assert parse_problems(GOOD_FRONT.replace("kind: visit", front)) == [f"{expected}; give each key once"]


@pytest.mark.parametrize(
    "text",
    [
        "title: A\nslug: a\n",
        "title: 'null'\nsummary: ~\ndate_text:\nplaces: []\naliases: {}\n",
        "date: 2023-11-19\ninstitutions:\n- 'Wuhan: University'\n- \"Quoted \\u00e9\"\n",
        "people:\n- name: Liu Minhua\n  role: null\n  organization: WUT\n",
        "aliases:\n  Wuhan University of Technology: [WUT, 'W.U.T.']\nsource: {file: a.txt, sha256: abc}\n",
        "title: &t Shared\nsummary: *t\n",
        "summary: |\n  Two\n  lines\n",
        "title: yes?\nkind: 'true'\n",
        "draft: yes\nother: false\n",  # booleans: `draft` is one
        "date: 2024-03-05 10:00:00\n",
    ],
)
def test_plain_values_are_what_safe_load_gives(text: str) -> None:
    assert fast.plain_values(yaml.compose(text, Loader=fast.Loader)) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    ["date_text: 2019\n", "summary: 1.5\n", "a: !!binary aGk=\n", "<<: {a: b}\n", "? [a]\n: b\n", "a: 1\na: 2\n"],
)
def test_values_front_matter_never_holds_valid_leave_the_fast_path(text: str) -> None:
    with pytest.raises(fast.NotPlain):
        fast.plain_values(yaml.compose(text, Loader=fast.Loader))


def _mutations(text: str, count: int, seed: int) -> list[str]:
    """Front matter edited the way hands slip: a value replaced by another kind, a line dropped, doubled or
    typed into, so both readers see many near-valid files."""
    rng = random.Random(seed)
    values = ["", "~", "7", "yes", "[a, 7]", "{a: b}", "'q'", '"\\x01"', "2023-02-30", "2024-03-05 10:00", "&a x"]
    values += ["!!binary aGk=", "- name: X\n  role: 3", "\n  a: [x]\n  a: [y]", "{file: a}", "true", '"\\U0001F600"']
    lines = text.split("\n")
    end = lines.index("---", 1)
    cases = []
    for _ in range(count):
        edited = list(lines)
        index = rng.randrange(1, end)
        choice = rng.random()
        if choice < 0.4 and ":" in edited[index] and not edited[index].startswith(" "):
            edited[index] = f"{edited[index].split(':')[0]}: {rng.choice(values)}"
        elif choice < 0.6:
            del edited[index]
        elif choice < 0.8:
            edited.insert(index, edited[rng.randrange(1, end)])
        else:
            at = rng.randrange(len(edited[index]) + 1)
            edited[index] = (
                edited[index][:at] + rng.choice([":", " ", "-", "'", '"', "#", "\t", "x"]) + edited[index][at:]
            )
        cases.append("\n".join(edited))
    return cases


def test_the_fast_path_accepts_only_what_the_line_aware_path_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """An oracle over 600 hand-slip edits: whenever the fast path takes a file, the line-aware path reads the
    same article with no warning; whatever it refuses, the line-aware path explains or reads."""
    texts = _mutations(format_article(FULL), 600, seed=11)
    fast_results = []
    for text in texts:
        try:
            fast_results.append(read.read_article(text, "content/x.md"))
        except CoopNewsError as error:
            fast_results.append(error.problems)  # type: ignore[arg-type]
    monkeypatch.setattr(read, "read_front_matter_fast", lambda front, path: None)
    taken = 0
    for text, fast_result in zip(texts, fast_results, strict=True):
        closing = read._CLOSING.search(text, 4)
        front = text[4 : closing.start()] if closing else ""
        try:
            slow_result: object = read.read_article(text, "content/x.md")
        except CoopNewsError as error:
            slow_result = error.problems
        assert slow_result == fast_result, text
        if closing and fast.read_front_matter_fast(front, "content/x.md") is not None:
            taken += 1
            assert isinstance(slow_result, tuple) and [p.severity for p in slow_result[1]] == [], text
    assert 100 < taken < 600  # both paths were exercised
