"""Sitemap: sitemap.xml listing every page's public URL, and robots.txt pointing to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from coopnews import urls
from coopnews.config import Config
from coopnews.model import OutputFile
from coopnews.render import Page

_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


#: The files render_sitemap writes, known before it runs.
SITEMAP_FILES = ("sitemap.xml", "robots.txt")


def render_sitemap(pages: Iterable[Page], config: Config) -> list[OutputFile]:
    """sitemap.xml (absolute URLs, lastmod from article dates where known) and robots.txt.

    `pages` is render.list_pages' list, the one the pages are rendered from, so the sitemap names exactly the
    pages that are built.
    """
    urlset = ET.Element("urlset", xmlns=_NAMESPACE)
    for target, date in ((page.target, page.updated) for page in pages):
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = urls.absolute_url(config.base_url, target)
        if date is not None:
            ET.SubElement(entry, "lastmod").text = date.isoformat()
    ET.indent(urlset)
    sitemap = ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute_url(config.base_url, 'sitemap.xml')}\n"
    sitemap_path, robots_path = SITEMAP_FILES
    return [OutputFile(sitemap_path, sitemap), OutputFile(robots_path, robots.encode("utf-8"))]
