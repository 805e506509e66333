"""The one base of every refusal the library explains in two languages.

`BilingualError` carries the English message (``str(error)``) and its Chinese twin
(``message_zh``), written side by side where the error is detected; both survive pickling
(a batch worker's error reaches the parent whole). Each refusal derives from it, and from
the built-in class callers have always caught it as (`ValueError` for bad input).
"""

from __future__ import annotations

from typing import Any

__all__ = ["BilingualError"]


class BilingualError(Exception):
    """An error said in English (``str()``) and in Chinese (``message_zh``; the English
    where none is given)."""

    def __init__(self, message: str, message_zh: str | None = None) -> None:
        super().__init__(message)
        #: The same in Chinese.
        self.message_zh: str = message if message_zh is None else message_zh

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``zh``: Chinese; anything else: English)."""
        return self.message_zh if lang == "zh" else str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.message_zh))
