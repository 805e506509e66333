"""User-supplied text made safe to print inside a report.

A company name is data, not layout: a newline in it must not start a new report line
("Status: eligible" over an ineligible result), and a bidirectional override must not
reorder what the reader sees. `safe_text` shows every such character as a visible escape;
`markdown_text` also escapes Markdown syntax, so a name cannot become a heading, a link or
a table cell.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["markdown_text", "safe_text"]

# Bidirectional formatting characters (Unicode TR9): embeddings, overrides, isolates and
# marks. They are format characters (Cf) and change the order text is displayed in.
_BIDI: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


# Cc: C0/C1 controls and DEL (newline, carriage return, escape sequences, NEL); the line
# and paragraph separators, which some terminals break lines at; lone surrogates, which
# cannot be encoded; the bidi formatting characters; and the backslash that escapes them.
_UNSAFE_RE: Final = re.compile(
    "[\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + "".join(sorted(_BIDI)) + "]"
)


def safe_text(text: str) -> str:
    """``text`` with control, line-separator and bidi characters (and backslashes) shown as
    escapes such as ``\\n`` or ``\\u202e``; everything else, Chinese included, as is."""
    if not _UNSAFE_RE.search(text):
        return text
    return _UNSAFE_RE.sub(lambda match: _escape(match.group()), text)


# CommonMark lets any ASCII punctuation be backslash-escaped; these are the characters
# that can open structure inside a line (emphasis, code, links, HTML, headings, tables).
_MARKDOWN: Final = re.compile(r"([`*_\[\]<>#|~!&])")


def markdown_text(text: str) -> str:
    """``text`` for Markdown: as `safe_text`, with Markdown syntax characters escaped."""
    return _MARKDOWN.sub(r"\\\1", safe_text(text))
