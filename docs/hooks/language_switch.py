"""MkDocs hook: the language selector's links on the home pages, within the site.

mkdocs-static-i18n links each page to the same page in the other language, except the two
home pages, which get each language's link from the root of the host (``/``, ``/zh/``).
Those break wherever the site is not served from the root of its host (a project's pages
under a path, an intranet folder). Here they become paths within the site, which the theme
makes relative to the page like every other link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority


# After mkdocs-static-i18n has set the links for the page.
@event_priority(-100)
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    base = _base(config)
    # The theme reads config.extra.alternate, which the plugin sets as an attribute.
    for alternate in getattr(config.extra, "alternate", None) or []:
        link = alternate.get("link", "")
        if link.startswith(base) and not link.startswith("//"):
            alternate["link"] = link[len(base) :] or "./"
    return context


@event_priority(-100)
def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """The not-found page belongs to no page of either language: its selector goes to
    each language's home page (it would show the last page built)."""
    if template_name == "404.html":
        # Served at any address, the page links from the root of the site, as its own
        # stylesheets do.
        base = _base(config)
        default = getattr(config.plugins.get("i18n"), "default_language", None)
        for alternate in getattr(config.extra, "alternate", None) or []:
            lang = alternate.get("lang", "")
            alternate["link"] = base if lang == default else f"{base}{lang}/"
    return context


def _base(config: Any) -> str:
    """The site's path on its host: ``/`` unless ``site_url`` says otherwise."""
    return urlsplit(config.site_url or "").path.rstrip("/") + "/"
