"""Sitemap: sitemap.xml listing every page's public URL, and robots.txt pointing to it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from coopnews import urls
from coopnews.config import Config
from coopnews.model import OutputFile
from coopnews.pages import Page

_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


@dataclass(frozen=True)
class Sitemap:
    """What sitemap.xml lists: each page's target and the date it was last updated (None when not known).

    Everything its bytes depend on besides the config, so the build cache can tell when to write it again.
    """

    entries: tuple[tuple[str, dt.date | None], ...]
    path: str = SITEMAP


def list_sitemap(pages: Iterable[Page]) -> Sitemap:
    """The sitemap of `pages`: pages.list_pages' list, the one the pages are rendered from, so the sitemap
    names exactly the pages that are built."""
    return Sitemap(tuple((page.target, page.updated) for page in pages))


def render_sitemap(pages: Iterable[Page], config: Config) -> list[OutputFile]:
    """sitemap.xml (absolute URLs, lastmod from article dates where known) and robots.txt."""
    return [render_sitemap_xml(list_sitemap(pages), config), render_robots(config)]


def render_sitemap_xml(sitemap: Sitemap, config: Config) -> OutputFile:
    """Written as text, in the layout ElementTree's indent gives (render_sitemap_tree, which the tests compare it
    with): at 20,000 pages, building the tree took most of a second."""
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{_NAMESPACE}">']
    for target, date in sitemap.entries:
        lines.append(f"  <url>\n    <loc>{escape(urls.absolute_url(config.base_url, target))}</loc>")
        if date is not None:
            lines.append(f"    <lastmod>{date.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>\n" if sitemap.entries else "")
    if not sitemap.entries:
        lines[1:] = [f'<urlset xmlns="{_NAMESPACE}" />\n']
    return OutputFile(sitemap.path, "\n".join(lines).encode("utf-8"))


def render_sitemap_tree(sitemap: Sitemap, config: Config) -> OutputFile:
    """The sitemap built with ElementTree: the reference render_sitemap_xml is checked against."""
    urlset = ET.Element("urlset", xmlns=_NAMESPACE)
    for target, date in sitemap.entries:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = urls.absolute_url(config.base_url, target)
        if date is not None:
            ET.SubElement(entry, "lastmod").text = date.isoformat()
    ET.indent(urlset)
    return OutputFile(sitemap.path, ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n")


def render_robots(config: Config) -> OutputFile:
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute_url(config.base_url, SITEMAP)}\n"
    return OutputFile(ROBOTS, robots.encode("utf-8"))
