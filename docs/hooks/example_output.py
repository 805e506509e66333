"""MkDocs hook: the getting-started pages show what their example really prints.

The first ``python`` block of index.md and index.zh.md is run when the documentation is
built; the line it claims to print (its ``# ...`` comment) must be the first line it prints,
or the build fails, and the marker below becomes the first finding of the explanation it
prints, so neither can drift from the library's wording.
"""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

MARKER = "<!-- generated: example output -->"
PAGES = ("index.md", "index.zh.md")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    uri = page.file.src_uri
    if uri not in PAGES:
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"{uri} lost its marker {MARKER!r}")
    block = re.search(r"```python\n(.*?)```", markdown, re.S)
    claim = re.search(r"^# (.+)$", block.group(1), re.M) if block else None
    if block is None or claim is None:
        raise ValueError(f"{uri}: no python example claiming what it prints (# ...)")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block.group(1), uri, "exec"), {"__name__": "docs_example"})
    first, _, explanation = printed.getvalue().partition("\n")
    if first != claim.group(1):
        raise ValueError(f"{uri}: the example prints {first!r}, the page says {claim.group(1)!r}")
    excerpt = explanation.split("\n\n", 1)[0].rstrip("\n")
    return markdown.replace(MARKER, f"```text\n{excerpt}\n```")
