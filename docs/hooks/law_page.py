"""MkDocs hook: fill the law page, in English (law.md) and in Chinese (law.zh.md), from the
rule declarations at build time."""

from __future__ import annotations

from typing import Any

from callcenter_rules.reference import law_reference_markdown

MARKER = "<!-- generated: law reference -->"

#: The law page's source in each language.
PAGES = {"law.md": "en", "law.zh.md": "zh"}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = PAGES.get(page.file.src_uri)
    if lang is None:
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"{page.file.src_uri} lost its marker {MARKER!r}")
    return markdown.replace(MARKER, law_reference_markdown(lang))
