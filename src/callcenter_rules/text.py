"""User-supplied text made safe to print inside a report.

A company name is data, not layout: a newline in it must not start a new report line
("Status: eligible" over an ineligible result), and a bidirectional override must not
reorder what the reader sees. `safe_text` shows every such character as a visible escape;
`markdown_text` also escapes Markdown syntax, so a name cannot become a heading, a link or
a table cell.
"""

from __future__ import annotations

import errno
import re
from decimal import Decimal
from typing import Final

__all__ = ["Said", "describe_number", "markdown_text", "safe_text", "type_zh", "zh_of", "zh_quote"]

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


# ---------------------------------------------------------------- messages in two languages


class Said(str):
    """An error message: the English text (the string itself) with its Chinese twin, ``zh``.

    Both are written side by side where the error is detected, so that neither can drift
    from the other. A `Said` is the English string for every purpose (equality, hashing,
    printing, JSON); only ``zh`` is added, and it survives pickling.
    """

    zh: str

    def __new__(cls, en: str, zh: str) -> Said:
        said = super().__new__(cls, en)
        said.zh = zh
        return said

    def __reduce__(self) -> tuple[type[Said], tuple[str, str]]:
        return (type(self), (str(self), self.zh))


def zh_of(message: str) -> str:
    """The Chinese of ``message`` if it carries one (a `Said`), else ``message`` itself."""
    return message.zh if isinstance(message, Said) else message


_CURLY_QUOTES: Final = str.maketrans({"\u201c": "\\u201c", "\u201d": "\\u201d"})


def zh_quote(text: str, limit: int | None = None) -> str:
    """``text`` quoted for a Chinese message: “…”, escaped as `repr` escapes it (and the
    curly quotes too, so the quotation cannot end early); past ``limit`` characters, cut
    and followed by the length, as the English messages do."""
    shown = text if limit is None or len(text) <= limit else text[:limit]
    quoted = "\u201c" + repr(shown)[1:-1].translate(_CURLY_QUOTES) + "\u201d"
    return quoted if shown is text else f"{quoted}……（共{len(text)}个字符）"


#: Python type names in Chinese, for the messages of the validators (a `Profile` built in
#: Python with a value of the wrong type).
_TYPES_ZH: Final = {
    "str": "字符串",
    "int": "整数",
    "float": "浮点数",
    "bool": "布尔值",
    "list": "列表",
    "tuple": "元组",
    "dict": "字典",
    "set": "集合",
    "frozenset": "集合",
    "bytes": "字节串",
    "NoneType": "空值 None",
    "Decimal": "Decimal 数值",
    "date": "日期（datetime.date）",
    "datetime": "日期时间（datetime.datetime）",
}


def type_zh(name: str) -> str:
    """A Python type, named in Chinese where it is a common one: ``str`` -> ``字符串``;
    other classes by their name (``EntityType 类型的值``)."""
    return _TYPES_ZH.get(name) or f"{name} 类型的值"


def describe_number(value: int | Decimal) -> Said:
    """A number for an error message, shortened when it is huge (a 5,000-digit integer
    cannot even be turned into a string by default); ``.zh`` in Chinese."""
    if isinstance(value, int):
        if value.bit_length() > 200:
            negative = value < 0
            return Said(
                f"a {'negative ' if negative else ''}number with about {_digits(value)} digits",
                f"一个约{_digits(value)}位的{'负' if negative else ''}数",
            )
        return _same(str(value))
    sign, digits, exponent = value.as_tuple()
    if not value.is_finite() or (
        len(digits) <= 40 and isinstance(exponent, int) and -40 < exponent < 40
    ):
        return _same(str(value))
    return _same(
        f"{'-' if sign else ''}{digits[0]}.{''.join(map(str, digits[1:6]))}...E{value.adjusted()}"
    )


def _same(text: str) -> Said:
    """Text that reads the same in both languages (a number)."""
    return Said(text, text)


def _digits(value: int) -> int:
    return int(abs(value).bit_length() * 0.30103) + 1


# ---------------------------------------------------------------- operating-system errors


#: Why an operating-system call failed, in Chinese, by error number.
_OS_REASONS_ZH: Final = {
    errno.ENOENT: "没有这个文件或目录",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件太大",
    errno.EROFS: "文件系统是只读的",
    errno.EIO: "输入输出错误",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接层数太多",
    errno.EMFILE: "打开的文件太多",
    errno.ENXIO: "没有这个设备或地址",
    errno.EBUSY: "设备或资源忙",
    errno.ETXTBSY: "文件正被执行，不能写入",
    errno.EPIPE: "管道已断开",
    getattr(errno, "EDQUOT", -1): "超出磁盘配额",
}


def os_reason(error: OSError) -> Said:
    """Why ``error`` happened, as the system says it (English) and in Chinese (the
    system's words where no Chinese is known): for the messages of every command that
    reads or writes a file the user names (``--config``, ``--token-file``, a batch's input
    and output)."""
    said = str(error.strerror or error)
    return Said(said, _OS_REASONS_ZH.get(error.errno or 0, said))
