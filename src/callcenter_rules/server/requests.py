"""What a request carries, checked: its query (each parameter known and given once, the
day, the flags), its media type, its body (within the body limit and the time it may
take) and the profile in it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import anyio
from starlette.requests import ClientDisconnect, Request

from ..api import Engine, UnsupportedDate, check_as_of
from ..json_input import JSONInputError
from ..json_input import loads as json_loads
from ..model import InvalidProfile
from .errors import CLOSE, Gone, Refusal

__all__ = [
    "BATCH_MEDIA_TYPES",
    "check_media_type",
    "checked_query",
    "invalid_licence",
    "invalid_profile",
    "invalid_query",
    "profile_data",
    "query_day",
    "query_flag",
    "read_body",
]

#: The content types ``/v1/batch`` accepts (JSON Lines); it answers with the first.
BATCH_MEDIA_TYPES: Final = ("application/x-ndjson", "application/jsonl")
_DATE_SHAPE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def invalid_query(name: str, message: str, message_zh: str) -> Refusal:
    return Refusal(
        422,
        "invalid_query",
        f"query parameter {name}: {message}",
        f"查询参数 {name}：{message_zh}",
        errors=[(name, message)],
        errors_zh=[(name, message_zh)],
    )


# ---------------------------------------------------------------- the query


def checked_query(request: Request, allowed: Sequence[str]) -> dict[str, str]:
    """The query parameters, each at most once and each known to the endpoint."""
    params = request.query_params
    for name in params:
        if name not in allowed:
            known = ", ".join(allowed)
            raise invalid_query(
                name,
                f"unknown parameter (this endpoint takes {known})",
                f"未知的参数（此接口可用：{'、'.join(allowed)}）",
            )
        if len(params.getlist(name)) > 1:
            raise invalid_query(name, "given more than once", "重复出现")
    found = dict(params)
    lang = found.get("lang", "en")
    if lang not in {"en", "zh"}:
        raise invalid_query(
            "lang", f"must be en or zh, got {lang!r}", f"应为 en 或 zh，实际为“{lang}”"
        )
    return found


def query_flag(query: Mapping[str, str], name: str) -> bool:
    value = query.get(name, "false")
    if value not in {"true", "false"}:
        raise invalid_query(
            name, f"must be true or false, got {value!r}", f"应为 true 或 false，实际为“{value}”"
        )
    return value == "true"


def query_day(query: Mapping[str, str], engine: Engine, *, review: bool = False) -> datetime.date:
    """The day whose law applies: ``as_of`` (YYYY-MM-DD), else today; with ``review``, a
    day a licence holder's review is for (`Engine.review_day`)."""
    text = query.get("as_of")
    day = None
    if text is not None:
        try:
            if not _DATE_SHAPE.fullmatch(text):
                raise ValueError(text)
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise invalid_query(
                "as_of",
                f"{text!r} is not a date as YYYY-MM-DD",
                f"“{text}”不是 YYYY-MM-DD 格式的日期",
            ) from None
    try:
        if review:
            return engine.review_day(day)
        return check_as_of(day, earliest=engine.law.earliest)
    except UnsupportedDate as error:
        raise Refusal(
            422,
            "unsupported_date",
            str(error),
            error.message_zh,
            errors=[("as_of", str(error))],
            errors_zh=[("as_of", error.message_zh)],
        ) from None


# ---------------------------------------------------------------- the body


def check_media_type(request: Request, accepted: Sequence[str]) -> None:
    """Refuse (415) a body whose content type is not one of ``accepted`` (a charset, if
    given, must be UTF-8)."""
    header = request.headers.get("content-type", "")
    media, *params = (part.strip() for part in header.split(";"))
    charset = "utf-8"
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if media.lower() in accepted and charset in {"utf-8", "utf8"}:
        return
    wanted = " or ".join(accepted)
    wanted_zh = "或".join(accepted)
    shown = header or "none"
    shown_zh = f"“{header}”" if header else "未注明"
    raise Refusal(
        415,
        "unsupported_media_type",
        f"the body must be {wanted} in UTF-8; the request says {shown}",
        f"请求体应为 UTF-8 编码的 {wanted_zh}；此请求的类型为{shown_zh}",
    )


def _too_large(limit: int) -> Refusal:
    return Refusal(
        413,
        "body_too_large",
        f"the body is larger than {limit} bytes (the server's --body-limit)",
        f"请求体超过 {limit} 字节（服务器的 --body-limit）",
    )


def _body_timeout(seconds: float) -> Refusal:
    return Refusal(
        408,
        "request_timeout",
        f"the request body did not arrive within {seconds:g} seconds (the server's --timeout-body)",
        f"请求体未在 {seconds:g} 秒内全部到达（服务器的 --timeout-body）",
        headers=CLOSE,
    )


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused (413) as soon as it is known to be over ``limit``: from
    its declared length before reading any of it, else while it arrives; refused (408) if
    it has not arrived whole within ``timeout`` seconds."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks = []
    size = 0
    with anyio.move_on_after(timeout) as deadline:
        try:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
        except ClientDisconnect:
            raise Gone from None
    if deadline.cancelled_caught:
        raise _body_timeout(timeout)
    return b"".join(chunks)


def profile_data(body: bytes) -> Any:
    """The profile in a request body, read as the command line reads a file: UTF-8 (a
    byte order mark allowed), JSON read strictly (`json_input`)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = body[error.start]
        raise Refusal(
            400,
            "invalid_encoding",
            f"the body is not valid UTF-8 (byte 0x{byte:02x} at offset {error.start})",
            f"请求体不是有效的 UTF-8 文本（偏移量 {error.start} 处的字节 0x{byte:02x}）",
        ) from None
    try:
        return json_loads(text)
    except JSONInputError as error:
        raise Refusal(
            400,
            "invalid_json",
            f"the body is not valid JSON: {error}",
            f"请求体不是有效的 JSON：{error.message_zh}",
        ) from None


def invalid_licence(error: InvalidProfile) -> Refusal:
    """A review's body whose licence (or whose shape) is not valid: every bad field, the
    profile's too, each path under ``licence.`` or ``profile.``."""
    return Refusal(
        422,
        "invalid_licence",
        str(error),
        error.describe("zh"),
        errors=error.errors,
        errors_zh=error.errors_zh,
    )


def invalid_profile(error: InvalidProfile) -> Refusal:
    return Refusal(
        422,
        "invalid_profile",
        str(error),
        error.describe("zh"),
        errors=error.errors,
        errors_zh=error.errors_zh,
    )
