"""MkDocs hook: fill the law page from the rule declarations at build time."""

from __future__ import annotations

from typing import Any

from callcenter_rules.reference import law_reference_markdown

MARKER = "<!-- generated: law reference -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri == "law.md":
        if MARKER not in markdown:
            raise ValueError(f"law.md lost its marker {MARKER!r}")
        return markdown.replace(MARKER, law_reference_markdown())
    return markdown
