"""Pages: which pages are written, their links under a sub-path, head metadata, article content, determinism."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from jinja2 import DictLoader, StrictUndefined, UndefinedError, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from coopnews.catalog import GroupLink, build_catalog
from coopnews.feeds import render_feeds
from coopnews.formatting import escape_json_for_script
from coopnews.markdown_body import BodyRenderer
from coopnews.model import Article, OutputFile
from coopnews.pages import list_pages
from coopnews.render import _Environment, escape_output, render_pages
from coopnews.sitemap import render_sitemap
from tests.render.render_helpers import BASE_URL, MakeConfig, make_article, parse_page


def _build(articles: list[Article], make_config: MakeConfig, **options: object) -> dict[str, bytes]:
    config = make_config(**options)
    catalog = build_catalog(articles, config.gazetteer)
    files = [
        *render_pages(catalog, config),
        *render_feeds(catalog, config),
        *render_sitemap(list_pages(catalog, config), config),
    ]
    paths = [f.path for f in files]
    assert len(paths) == len(set(paths)), "two outputs claim one path"
    return {f.path: f.data for f in files}


def _html_pages(site: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in site.items() if path.endswith(".html")}


def test_pages_written(sample_articles: list[Article], make_config: MakeConfig) -> None:
    site = _build(sample_articles, make_config, per_page=3)
    assert sorted(_html_pages(site)) == sorted(
        [
            "index.html",
            "page/2.html",
            *(f"articles/{a.slug}.html" for a in sample_articles),
            "institutions/index.html",
            "institutions/university-of-science-and-technology-beijing.html",
            "institutions/wuhan-university-of-technology.html",
            "institutions/not-stated.html",
            "partners/index.html",
            "partners/baic-group.html",
            "partners/dongfeng-motor-group-co-ltd.html",
            "partners/not-stated.html",
            "pairs/university-of-science-and-technology-beijing--baic-group.html",
            "pairs/wuhan-university-of-technology--baic-group.html",
            "pairs/wuhan-university-of-technology--dongfeng-motor-group-co-ltd.html",
            "network/index.html",
            "people/index.html",
            "people/z.html",
            "people/zhang-wei-wuhan-university-of-technology.html",
            "archive/index.html",
            "archive/2023.html",
            "archive/2022.html",
            "archive/2021.html",
            "archive/undated.html",
            "search/index.html",
            "404.html",
        ]
    )
    assert {"feed.xml", "sitemap.xml", "robots.txt", "assets/style.css"} <= set(site)


@pytest.mark.parametrize("site_url", [BASE_URL, "http://127.0.0.1:8000/", "https://example.org/a/b/"])
def test_every_link_resolves_to_a_built_file_under_the_base(
    sample_articles: list[Article], make_config: MakeConfig, site_url: str
) -> None:
    base_url = site_url
    site = _build(sample_articles, make_config, base_url=base_url)
    checked = 0
    for path, data in _html_pages(site).items():
        if path == "search/index.html":
            continue  # loads the search stage's data files; tests/site's link checker covers the whole built site
        page_url = base_url + path
        for link in parse_page(data).links():
            resolved = urljoin(page_url, link)
            if link.startswith("#") or urlsplit(resolved).netloc != urlsplit(base_url).netloc:
                continue
            assert resolved.startswith(base_url), f"{path}: {link} escapes the sub-path"
            target = urlsplit(resolved).path[len(urlsplit(base_url).path) :]
            file = target + "index.html" if target == "" or target.endswith("/") else target
            assert file in site, f"{path}: {link} -> {file} is not built"
            checked += 1
    assert checked > 100


def test_pages_link_relatively_and_404_links_from_the_base_path(
    sample_articles: list[Article], make_config: MakeConfig
) -> None:
    site = _build(sample_articles, make_config)
    for path, data in _html_pages(site).items():
        internal = [link for link in parse_page(data).links() if not link.startswith(("#", "https://", "http://"))]
        if path == "404.html":
            assert internal and all(link.startswith("/portal/") for link in internal)
        else:
            assert internal and not any(link.startswith("/") for link in internal), path


def test_head_metadata_on_every_page(sample_articles: list[Article], make_config: MakeConfig) -> None:
    site = _build(sample_articles, make_config)
    for path, data in _html_pages(site).items():
        page = parse_page(data)
        assert page.find("html", lang="en"), path
        assert page.title.strip(), path
        assert page.meta("description") and page.meta("description")[0].strip(), path
        if path == "404.html":
            assert page.meta("robots") == ["noindex"]
            continue
        target = path.removesuffix("index.html")  # a section index's URL is its folder
        canonical = [attrs["href"] for attrs in page.find("link", rel="canonical")]
        assert canonical == [BASE_URL + target]
        assert page.meta("og:url") == [BASE_URL + target]
        for key in ("og:title", "og:type", "og:description", "og:site_name"):
            assert len(page.meta(key)) == 1 and page.meta(key)[0], (path, key)
        expected_type = "article" if path.startswith("articles/") else "website"
        assert page.meta("og:type") == [expected_type]


def test_every_page_has_landmarks_search_form_and_one_h1(
    sample_articles: list[Article], make_config: MakeConfig
) -> None:
    site = _build(sample_articles, make_config)
    for path, data in _html_pages(site).items():
        page = parse_page(data)
        assert page.find("main", id="main"), path
        assert page.find("a", href="#main"), path
        assert page.find("nav", **{"aria-label": "Main"}), path
        forms = page.find("form", role="search", method="get")
        assert forms and all(form["action"].endswith("search/") for form in forms), path
        header_inputs = page.find("input", name="q", id="site-search-q")
        assert header_inputs and page.find("label", **{"for": "site-search-q"}), path
        assert [tag for tag, _attrs in page.tags].count("h1") == 1, path


def test_article_page_content(sample_articles: list[Article], make_config: MakeConfig) -> None:
    site = _build(sample_articles, make_config)
    page = parse_page(site["articles/wut-dongfeng.html"])
    assert "19 November 2023" in page.text
    assert "ZHANG Wei , President (Wuhan University of Technology)" in page.text  # the name is a link
    assert page.find("a", href="../people/zhang-wei-wuhan-university-of-technology.html")
    assert "Wuhan" in page.text and "Agreement signing" in page.text and "000_wut.txt" in page.text
    assert page.find("a", href="../institutions/wuhan-university-of-technology.html")
    assert page.find("a", href="../partners/dongfeng-motor-group-co-ltd.html")
    assert page.find("a", href="../articles/ustb-baic.html", rel="next")
    assert not page.find("a", rel="prev")
    assert page.find("time", datetime="2023-11-19")
    related = [attrs["href"] for attrs in page.find("a") if attrs.get("href", "").startswith("../articles/")]
    assert "../articles/wut-baic.html" in related  # same institution
    undated = parse_page(site["articles/undated-visit.html"])
    assert "19/11, year not stated" in undated.text and "Date not stated" not in undated.text
    assert undated.find("a", href="../institutions/not-stated.html")


def test_json_ld_describes_the_article(sample_articles: list[Article], make_config: MakeConfig) -> None:
    site = _build(sample_articles, make_config)
    for article in sample_articles:
        page = parse_page(site[f"articles/{article.slug}.html"])
        [(_attrs, text)] = [s for s in page.scripts if s[0].get("type") == "application/ld+json"]
        data = json.loads(text)
        assert data["@type"] == "NewsArticle" and data["headline"] == article.title
        assert data["url"] == f"{BASE_URL}articles/{article.slug}.html"
        assert data.get("datePublished") == (article.date.isoformat() if article.date else None)


def test_group_page_has_profile_counterparts_and_each_article_once(
    sample_articles: list[Article], make_config: MakeConfig
) -> None:
    site = _build(sample_articles, make_config)
    page = parse_page(site["institutions/wuhan-university-of-technology.html"])
    assert "Also written as WUT" in page.text and "Years active 2021–2023" in page.text
    assert "Kinds Agreement signing 1, Forum 1, Other 1" in page.text
    listed = [attrs["href"] for attrs in page.find("a") if attrs.get("href", "").startswith("../articles/")]
    table = [attrs["href"] for attrs in page.find("a") if attrs.get("href", "").startswith("../pairs/")]
    # every pair has a page, even of one article: each counterparts row leads to it
    assert table == [
        "../pairs/wuhan-university-of-technology--baic-group.html",
        "../pairs/wuhan-university-of-technology--dongfeng-motor-group-co-ltd.html",
    ]
    assert listed == [f"../articles/{slug}.html" for slug in ("wut-dongfeng", "wut-baic", "forum-no-partner")]
    assert page.find("a", href="../partners/dongfeng-motor-group-co-ltd.html")  # the teaser links its partner
    assert page.find("a", href="../partners/not-stated.html")
    index = parse_page(site["institutions/index.html"]).text
    assert "Wuhan University of Technology 3 articles also: WUT" in index
    assert "Institution not stated 1 article" in index


def test_home_pages_paginate(sample_articles: list[Article], make_config: MakeConfig) -> None:
    site = _build(sample_articles, make_config, per_page=2)
    homes = ["index.html", "page/2.html", "page/3.html"]
    assert [p for p in site if p == "index.html" or p.startswith("page/")] == homes
    shown = [
        attrs["href"].rsplit("/", 1)[-1].removesuffix(".html")
        for path in homes
        for attrs in parse_page(site[path]).find("a")
        if "articles/" in attrs.get("href", "")
    ]
    assert shown == [a.slug for a in build_catalog(sample_articles, ()).articles]
    assert parse_page(site["page/2.html"]).find("a", href="../", rel="prev")
    assert parse_page(site["page/2.html"]).find("a", href="../page/3.html", rel="next")


def test_two_renders_are_byte_identical(sample_articles: list[Article], make_config: MakeConfig) -> None:
    first = _build(sample_articles, make_config)
    shuffled = sample_articles[:]
    random.Random(5).shuffle(shuffled)
    assert _build(shuffled, make_config) == first


def test_cached_bodies_are_used(sample_articles: list[Article], make_config: MakeConfig) -> None:
    config = make_config()
    catalog = build_catalog(sample_articles, config.gazetteer)
    files = render_pages(catalog, config, bodies={"ustb-baic": "<p>FROM-CACHE</p>"})
    pages = {f.path: f.data for f in files}
    assert b"<p>FROM-CACHE</p>" in pages["articles/ustb-baic.html"]
    assert b"<p>Body of wut-baic.</p>" in pages["articles/wut-baic.html"]


@pytest.mark.parametrize(
    ("markdown", "present", "absent"),
    [
        ("Plain **bold** text.", ["<p>Plain <strong>bold</strong> text.</p>"], []),
        ("<script>alert(1)</script>Hi", ["Hi"], ["<script", "alert"]),
        ('<img src="x" onerror="alert(1)">', [], ["<img", "onerror"]),
        ("[x](javascript:alert(1))", [">x</a>"], ["javascript"]),
        ('<a href="JaVaScRiPt:alert(1)" onclick="y">z</a>', [">z</a>"], ["javascript", "JaVaScRiPt", "onclick"]),
        (
            "[site](https://example.org/?a=1&b=2)",
            ['href="https://example.org/?a=1&amp;b=2"', 'rel="noopener noreferrer"'],
            [],
        ),
        ('<div style="x" onmouseover="y">t</div>', ["t"], ["style", "onmouseover", "<div"]),
        ("<iframe src=https://evil.example></iframe>", [], ["iframe"]),
        ("| a | b |\n|---|---|\n| 1 | 2 |", ["<table>", "<td>1</td>"], []),
        ("> quoted\n\n- one\n- two", ["<blockquote>", "<li>one</li>"], []),
    ],
)
def test_body_is_rendered_and_sanitised(markdown: str, present: list[str], absent: list[str]) -> None:
    html = BodyRenderer().render(markdown)
    for fragment in present:
        assert fragment in html
    for fragment in absent:
        assert fragment not in html


def test_body_renderer_is_reusable() -> None:
    renderer = BodyRenderer()
    assert renderer.render("first [a]: https://a.example\n\n[a]") == renderer.render(
        "first [a]: https://a.example\n\n[a]"
    )
    assert "https://a.example" not in renderer.render("[a]")  # reference definitions do not leak between bodies


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b < c > d", "\u2028 line", "<!--"])
def test_json_for_script_round_trips_and_cannot_close_the_element(text: str) -> None:
    escaped = str(escape_json_for_script({"headline": text}))
    assert not {"<", ">", "&"} & set(escaped)
    assert json.loads(escaped) == {"headline": text}


def test_assets_are_copied_sorted_without_hidden_files(tmp_path: Path, make_config: MakeConfig) -> None:
    templates = tmp_path / "templates"
    for source in (Path(make_config().templates_dir)).rglob("*.html"):
        target = templates / source.relative_to(make_config().templates_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    for name, data in {"z.css": b"z", "img/logo.svg": b"<svg/>", "a.js": b"a", ".swp": b"x", ".git/x": b"y"}.items():
        (templates / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / "assets" / name).write_bytes(data)
    config = make_config(templates=templates)
    files = render_pages(build_catalog([], ()), config)
    assets = [f for f in files if f.path.startswith("assets/")]
    assert assets == [
        OutputFile("assets/a.js", b"a"),
        OutputFile("assets/img/logo.svg", b"<svg/>"),
        OutputFile("assets/z.css", b"z"),
    ]


def test_empty_catalog_still_builds_every_index(make_config: MakeConfig) -> None:
    site = _build([], make_config)
    assert {
        "index.html",
        "institutions/index.html",
        "partners/index.html",
        "archive/index.html",
        "search/index.html",
    } <= set(site)
    assert "No articles yet." in parse_page(site["index.html"]).text


def test_undated_page_only_when_undated_articles_exist(make_config: MakeConfig) -> None:
    site = _build([make_article("dated", dt.date(2020, 1, 1))], make_config)
    assert "archive/undated.html" not in site
    assert "Date not stated" not in parse_page(site["archive/index.html"]).text


@pytest.mark.parametrize("page_path", ["index.html", "page/2.html", "institutions/x/2.html"])
@pytest.mark.parametrize("level", [2, 3])
def test_teaser_fast_path_equals_the_template(
    sample_articles: list[Article], make_config: MakeConfig, page_path: str, level: int
) -> None:
    """The teaser rendered once and fitted to each depth and heading level gives what the template gives,
    also for text holding the markers the fast path uses."""
    from coopnews.pages import Listed
    from coopnews.render import PageRenderer, _relative_linker

    config = make_config()
    odd = make_article("odd", title='h\x01 <h\x01 "\x00 href="\x00', summary="\x00\x01", partners=("P \x00 <h\x01",))
    catalog = build_catalog([*sample_articles, odd], config.gazetteer)
    renderer = PageRenderer(config, {})
    url = _relative_linker(page_path)
    for article in catalog.articles:
        institutions = tuple(map(GroupLink.to, catalog.institution_groups(article)))
        partners = tuple(map(GroupLink.to, catalog.partner_groups(article)))
        item = Listed(article, institutions, partners)
        template = renderer._template("partials/teaser.html")
        expected = template.render(item=item, article=article, url=url, level=level)
        assert str(renderer._render_teaser(item, url, level)) == expected


def test_cached_header_and_footer_equal_the_templates(make_config: MakeConfig) -> None:
    """The header is kept per depth and nav state: every target gets what the template gives for it."""
    from coopnews.render import PageRenderer, _relative_linker

    config = make_config()
    renderer = PageRenderer(config, {})
    site = {"title": config.title, "description": config.description, "language": config.language}
    targets = ["", "institutions/", "institutions/x.html", "institutions/y/2.html", "partners/z.html", "search/"]
    targets += ["people/a.html", "people/b/2.html", "archive/", "archive/2023.html", "network/", "page/2.html"]
    for target in [*targets, *reversed(targets)]:
        url = _relative_linker(target if target.endswith(".html") else target + "index.html")
        header = renderer._template("partials/site_header.html").render(url=url, target=target, site=site)
        footer = renderer._template("partials/site_footer.html").render(url=url, site=site)
        assert (str(renderer._render_header(url, target)), str(renderer._render_footer(url))) == (header, footer)


@pytest.mark.parametrize(
    ("summary", "body", "shown"),
    [
        ("The tag <b> is text.", "The tag &lt;b> is text. More follows.", False),
        ("Uses snake_case names.", "Uses snake\\_case names.\n\nMore.", False),
        ("A plain first sentence.", "A plain first sentence. More.", False),
        ("A summary written by hand.", "A body that says something else.", True),
    ],
)
def test_the_summary_is_shown_only_when_the_body_does_not_open_with_it(
    make_config: MakeConfig, summary: str, body: str, shown: bool
) -> None:
    site = _build([make_article("a", summary=summary, body=body)], make_config)
    page = site["articles/a.html"].decode()
    assert ('<p class="summary">' in page) is shown


def test_tags_give_topic_pages_linked_from_their_articles_and_the_archive(make_config: MakeConfig) -> None:
    articles = [
        make_article("a", dt.date(2024, 3, 1), tags=("Hydrogen", "Internships")),
        make_article("b", dt.date(2024, 2, 1), tags=("Hydrogen",)),
        make_article("c", dt.date(2024, 1, 1)),
    ]
    site = _build(articles, make_config)
    assert {path for path in site if path.startswith("topics/")} == {
        "topics/index.html",
        "topics/hydrogen.html",
        "topics/internships.html",
    }
    hydrogen = site["topics/hydrogen.html"].decode()
    assert "Topic: Hydrogen" in hydrogen and "2 articles" in hydrogen
    assert 'href="../articles/a.html"' in hydrogen and 'href="../articles/b.html"' in hydrogen
    assert 'href="../articles/c.html"' not in hydrogen
    assert 'href="../topics/hydrogen.html">Hydrogen</a>' in site["articles/a.html"].decode()
    assert "Topic" not in site["articles/c.html"].decode().split("<dl", 1)[1].split("</dl>", 1)[0]
    assert 'href="../topics/"' in site["archive/index.html"].decode()


def test_a_site_without_tags_has_no_topic_pages(make_config: MakeConfig) -> None:
    site = _build([make_article("a", dt.date(2024, 3, 1))], make_config)
    assert not [path for path in site if path.startswith("topics/")]
    assert "topics/" not in site["archive/index.html"].decode()


def test_article_page_links_to_the_timelines_it_is_on(sample_articles: list[Article], make_config: MakeConfig) -> None:
    site = _build(sample_articles, make_config)
    page = parse_page(site["articles/wut-baic.html"])
    assert page.find("a", href="../pairs/wuhan-university-of-technology--baic-group.html")
    assert "Timeline Wuhan University of Technology and BAIC Group" in page.text
    # a side the article does not state has no timeline: no link to a pair with "not stated"
    undated = parse_page(site["articles/undated-visit.html"])
    assert not [link for link in undated.links() if "pairs/" in link]


def test_templates_see_the_environment_globals_under_their_own() -> None:
    """The renderer's environment hands templates a plain dict of globals (see render._Environment): a template's
    own globals still win over the environment's, and every environment global set before loading is seen."""
    environment = _Environment(loader=DictLoader({"page.html": "{{ a }} {{ b }}"}))
    environment.globals.update(a="environment a", b="environment b")
    template = environment.get_template("page.html", globals={"b": "template b"})
    assert template.render() == "environment a template b"
    assert template.render(a="context a") == "context a template b"


def test_template_calls_pass_the_context_only_to_callables_that_ask_for_it() -> None:
    """render._Context calls plain functions directly; one marked pass_context still gets the context, inside a
    loop too (where Jinja2 adds its loop variables to the call), and macros and classes are called as Jinja2 does."""

    @pass_context
    def greeting(context: Context, name: str) -> str:
        return f"{context['salutation']} {name}"

    def shout(text: str, *, end: str = "!") -> str:
        return text.upper() + end

    source = (
        "{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}"
        "{% for name in names %}{{ greeting(name) }}, {{ shout(name, end='?') }} {% endfor %}"
        "{{ twice(shout('b')) }} {{ make_list((1, 2))|length }}"
    )
    environment = _Environment(loader=DictLoader({"page.html": source}))
    environment.globals.update(greeting=greeting, shout=shout, make_list=list)
    rendered = environment.get_template("page.html").render(salutation="Hello", names=["ann", "bo"])
    assert rendered == "Hello ann, ANN? Hello bo, BO? B!B! 2"


@pytest.mark.parametrize(
    "value",
    ["", "plain", 'Tom & Jerry\'s <b>"Co."</b>', "中文 & «ñ» \x00 \U0001f600", Markup("<em>safe</em>"), 42, 1.5, None],
)
def test_output_escaping_gives_markupsafe_escape(value: object) -> None:
    """render.escape_output, which templates call for every `{{ value }}`, escapes as markupsafe.escape does."""
    assert escape_output(value) == escape(value)


def test_templates_escape_their_output_and_keep_markup_and_blocks_safe() -> None:
    """Through render._Template's escape, values are escaped, Markup is kept as it is, and what a macro or a
    `{% set %}` block makes is still safe when output again; an undefined value still fails the render."""
    source = (
        "{% macro bold(x) %}<b>{{ x }}</b>{% endmacro %}"
        "{% set block %}<i>{{ text }}</i>{% endset %}"
        "{{ text }}|{{ safe }}|{{ bold(text) }}|{{ block }}|{{ number }}|{{ text|e }}"
    )
    environment = _Environment(loader=DictLoader({"page.html": source}), autoescape=True, undefined=StrictUndefined)
    template = environment.get_template("page.html")
    assert template.root_render_func.__globals__["escape"] is escape_output
    rendered = template.render(text="<a & 'b'>", safe=Markup("<br>"), number=3)
    text = "&lt;a &amp; &#39;b&#39;&gt;"
    assert rendered == f"{text}|<br>|<b>{text}</b>|<i>{text}</i>|3|{text}"
    with pytest.raises(UndefinedError):
        template.render(text="x", safe="y")
