"""The web page, for people who do not write code: ``GET /`` a form to check a company,
``POST /check`` its verdict, paths to a licence, findings with their citations, checklist
and audit record; ``GET /law`` the law by source, its parameters over time, on a day, and
searched; ``POST /upload`` a file of profiles answered with the batch's summary CSV;
``/signin`` when the server has a token.

The same engine, configuration and audit as the JSON endpoints (`Service`), the same body
limits and time limits (`read_body`). Pages are rendered on the server (Jinja2, autoescaped),
so a plain HTTP client gets the same HTML as a browser, and everything but the print button
works with JavaScript off. No inline script or style: a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

import jinja2
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Scope

from ..api import Engine
from ..batch import ENCODINGS, BatchError, UploadedBatch
from ..checklist import checklist
from ..labels import (
    basis_label,
    confidence_label,
    group_label,
    kind_label,
    pack_label,
    scope_label,
    status_label,
    type_label,
    verdict_confidence_text,
    word,
)
from ..model import InvalidProfile, Said
from ..reference import law_on
from ..results import Assessment, Finding, Obstacle, Plan, Severity, Status
from ..results.explain import cite_zh
from ..vocabulary import Confidence
from .auth import SESSION_COOKIE, SESSION_SECONDS, csrf_token, session_cookie
from .endpoints import Service
from .errors import Refusal
from .form import FIELDS, VIOLATION_ROWS, field_of, form_values, profile_from_form
from .requests import query_day, read_body

__all__ = ["WEB_PATHS", "Web"]

#: The web page's paths that the token guards (with the session cookie too).
WEB_PATHS: Final = frozenset({"/", "/check", "/law", "/upload"})
#: What a web page may load: its own styles and script, nothing inline, nothing else.
_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # (Not no-referrer: a browser then sends "Origin: null" with the page's own forms.)
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Vary": "Accept-Language, Cookie",
    "Cache-Control": "no-store",
}
#: Rows of an upload assessed per turn of the engine.
_UPLOAD_STEP: Final = 16
_FORM_TYPES: Final = ("application/x-www-form-urlencoded", "multipart/form-data")
#: Fields of a form at most (the check form has about 110 with its choices).
_MOST_FIELDS: Final = 2000
_SAFE_NAME: Final = re.compile(r"[^A-Za-z0-9._-]+")

#: The words of reports the page uses (`labels.word`).
_REPORT_WORDS: Final = (
    "paths", "obstacles", "lifts", "scopes", "rule", "fact", "todo", "licence", "as_of"
)  # fmt: skip
#: The page's own words; those of verdicts, findings and plans come from `labels`.
_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {
        "title": "Call-center licence check",
        "nav_check": "Check a company", "nav_law": "The law", "switch": "中文",
        "switch_label": "Language", "check_heading": "Check a company",
        "check_intro": "Fill in what is known about the company. Where a field offers "
        "\u201cnot known yet\u201d, the answer says what it rests on.",
        "required": "required", "not_known": "not known yet", "yes": "yes", "no": "no",
        "none_choice": "none", "listed": "these:", "no_zone": "none",
        "party": "Party", "date": "Day", "description": "Description (optional)",
        "check": "Check", "recheck": "Check again",
        "errors_heading": "The form has errors", "error_prefix": "Error",
        "verdict": "Verdict", "blocks": "What blocks it",
        "nothing_blocks": "Nothing blocks it.", "findings": "Findings",
        "citations": "Citations", "checklist": "Application materials",
        "no_checklist": "No licence, no materials.", "audit": "Audit record",
        "library_version": "Library version", "ruleset_hash": "Ruleset hash",
        "input_hash": "Input hash", "configuration": "Configuration",
        "print": "Print / save as PDF", "document": "Document", "article": "Article",
        "text_zh": "Chinese text", "basis": "Basis", "result": "Result",
        "upload_heading": "Check a file of companies",
        "upload_intro": "A CSV or JSON Lines file of profiles (the batch command's input). "
        "You get the summary CSV back: one row per input row, a bad row as an error row.",
        "file": "File", "encoding": "Encoding of a CSV file", "with_plans": "With the paths "
        "to a licence", "upload": "Assess the file",
        "law_heading": "The law", "law_intro": "{shown} of {count} rules, by their source.",
        "day": "In force on", "search": "Search (code, article or word)", "show": "Show",
        "all_days": "Leave the day empty for every period.",
        "parameters": "Parameters", "parameter": "Parameter", "unit": "Unit",
        "since": "From", "value": "Value", "reference": "Reference", "on_day": "On that day",
        "in_force": "In force", "confidence": "Confidence", "codes": "Finding codes",
        "uses": "Parameters", "no_rules": "No rule matches.", "no_codes": "none",
        "signin_heading": "Sign in", "signin_intro": "This server needs its token.",
        "token": "Token", "signin": "Sign in",
        "wrong_token": "That is not this server's token.",
        "error_heading": "The request was refused", "back": "Back to the form",
        "csrf": "The form is stale or came from another site; open the page again and resend.",
        "skip": "Skip to the content",
    },
    "zh": {
        "title": "呼叫中心业务许可自查",
        "nav_check": "企业自查", "nav_law": "法律依据", "switch": "English",
        "switch_label": "语言", "check_heading": "企业自查",
        "check_intro": "请填写已知的企业信息。可选“尚不清楚”的项目，结论会说明取决于哪些信息。",
        "required": "必填", "not_known": "尚不清楚", "yes": "是", "no": "否",
        "none_choice": "无", "listed": "有，如下：", "no_zone": "无",
        "party": "当事方", "date": "日期", "description": "说明（可选）",
        "check": "评估", "recheck": "重新评估",
        "errors_heading": "表单有误", "error_prefix": "错误",
        "verdict": "结论", "blocks": "不符合之处",
        "nothing_blocks": "没有不符合之处。", "findings": "结论项",
        "citations": "法律依据", "checklist": "申请材料",
        "no_checklist": "无需许可，无需材料。", "audit": "审计记录",
        "library_version": "程序版本", "ruleset_hash": "规则集哈希",
        "input_hash": "输入哈希", "configuration": "配置",
        "print": "打印 / 存为 PDF", "document": "文件", "article": "条款",
        "text_zh": "原文", "basis": "依据类别", "result": "评估结果",
        "upload_heading": "批量评估文件",
        "upload_intro": "上传 CSV 或 JSON Lines 格式的企业信息文件（与 batch 命令的输入相同），"
        "返回摘要 CSV：每个输入行对应一行，无法评估的行为错误行。",
        "file": "文件", "encoding": "CSV 文件的编码", "with_plans": "包括取得许可的途径",
        "upload": "评估文件",
        "law_heading": "法律依据", "law_intro": "共{count}条规则，显示{shown}条，按出处分组。",
        "day": "施行日", "search": "搜索（代码、条款或词语）", "show": "显示",
        "all_days": "日期留空则显示全部期间。",
        "parameters": "参数", "parameter": "参数", "unit": "单位",
        "since": "起始日", "value": "值", "reference": "依据", "on_day": "当日的值",
        "in_force": "施行期间", "confidence": "可信度", "codes": "结论代码",
        "uses": "参数", "no_rules": "没有符合条件的规则。", "no_codes": "无",
        "signin_heading": "登录", "signin_intro": "此服务器要求令牌。",
        "token": "令牌", "signin": "登录",
        "wrong_token": "令牌不正确。",
        "error_heading": "请求被拒绝", "back": "返回表单",
        "csrf": "表单已过期或来自其他网站；请重新打开页面后再提交。",
        "skip": "跳到正文",
    },
}  # fmt: skip


def _accepted_lang(header: str) -> str:
    """``zh`` when the browser prefers Chinese to English (Accept-Language), else ``en``."""
    best, best_q = "en", -1.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        lang = "zh" if tag.startswith("zh") else "en" if tag.startswith("en") else None
        if lang is None:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = lang, q
    return best


def page_lang(request: Request, posted: str | None = None) -> str:
    """The page's language: ``lang`` in the query, else in the form posted, else the one
    the browser asks for, else English."""
    for lang in (request.query_params.get("lang"), posted):
        if lang in {"en", "zh"}:
            return lang
    return _accepted_lang(request.headers.get("accept-language", ""))


def _said(said: Said | str, lang: str) -> str:
    return said.zh if lang == "zh" and isinstance(said, Said) else str(said)


def _mark(pack: str | None, lang: str) -> str:
    return pack_label(pack, lang) if pack else ""


def _finding(finding: Finding | Obstacle, lang: str) -> dict[str, Any]:
    """A finding (or an obstacle of a plan, which blocks) as the page shows it."""
    zh = lang == "zh"
    c = finding.citation
    return {
        "code": finding.code,
        "pack": _mark(finding.pack, lang),
        "severity": finding.severity.value if isinstance(finding, Finding) else "blocking",
        "message": finding.message_zh if zh else finding.message,
        "remediation": finding.remediation_zh if zh else finding.remediation,
        "rule": finding.rule,
        "document": c.document_zh if zh else f"{c.document} ({c.document_zh})",
        "article": cite_zh("", c.article_zh or c.article) if zh else c.article,
        "text_zh": c.text_zh,
        "fact": c.fact_id,
        "confidence": confidence_label(c.confidence, lang),
    }


def _licence(license_type: Any, authority: str | None, authority_zh: str | None, lang: str) -> str:
    if license_type is None:
        return word("not_required", lang)
    if lang == "zh":
        return f"{type_label(license_type, lang)}许可（{authority_zh}）"
    return f"{license_type.value} licence ({authority})"


def _plan_view(plan: Plan, lang: str) -> dict[str, Any]:
    """The plan as `render_plan_text` words it: a note, the options, the obstacles."""
    zh = lang == "zh"
    status = plan.assessment.status
    note = ""
    if plan.nothing_to_change:
        note = word(
            "nothing_required" if status is Status.NOT_REQUIRED else "nothing_to_change", lang
        )
    elif status is Status.NOT_REQUIRED:
        note = word("not_required_contested", lang)
    elif status is Status.ELIGIBLE:
        note = word("contested", lang)
    elif not plan.options:
        note = word("no_path", lang)
    options = []
    for option in plan.options:
        n = len(option.changes)
        if not n:
            counted = word("as_it_is", lang)
        elif zh:
            counted = f"{n}{word('changes', lang)}"
        else:
            counted = f"{n} {word('change' if n == 1 else 'changes', lang)}"
        sure = verdict_confidence_text(option.confidence, (), lang)
        options.append(
            {
                "licence": _licence(
                    option.license_type, option.authority, option.authority_zh, lang
                ),
                "counted": f"{counted}（{sure}）" if zh else f"{counted} ({sure})",
                "changes": [
                    {
                        "kind": kind_label(change.kind, lang),
                        "message": change.message_zh if zh else change.message,
                        "lifts": ("、" if zh else ", ").join(change.resolves),
                    }
                    for change in option.changes
                ],
            }
        )
    show_options = not plan.nothing_to_change and status is not Status.NOT_REQUIRED
    return {
        "note": note,
        "options": options if show_options else [],
        "obstacles": [_finding(o, lang) for o in plan.obstacles] if show_options else [],
    }


def _result_view(plan: Plan, lang: str) -> dict[str, Any]:
    result: Assessment = plan.assessment
    zh = lang == "zh"
    groups = []
    for severity in Severity:
        found = result.findings_with(severity)
        if found:
            groups.append(
                {
                    "heading": group_label(severity, lang),
                    "findings": [_finding(f, lang) for f in found],
                }
            )
    materials = [
        {
            "title": item["title_zh"] if zh else item["title"],
            "basis": basis_label(item["basis"], lang),
            "confidence": confidence_label(Confidence(item["confidence"]), lang),
        }
        for item in checklist(result)
    ]
    audit = result.audit.to_dict() if result.audit else {}
    scopes = sorted(result.business_scopes, key=lambda s: s.value)
    return {
        "company": result.profile.name,
        "status": status_label(result.status, lang),
        "status_code": result.status.value,
        "licence": _licence(result.license_type, result.authority, result.authority_zh, lang),
        "confidence": verdict_confidence_text(result.confidence, result.confidence_rests_on, lang),
        "scopes": ("；" if zh else ", ").join(scope_label(s, lang) for s in scopes)
        or word("none", lang),
        "as_of": result.as_of.isoformat(),
        "blocking": [_finding(f, lang) for f in result.findings_with(Severity.BLOCKING)],
        "plan": _plan_view(plan, lang),
        "groups": groups,
        "checklist": materials,
        "audit": [
            ("library_version", audit.get("library_version", "")),
            ("ruleset_hash", audit.get("ruleset_hash", "")),
            ("input_hash", audit.get("input_hash", "")),
            (
                "configuration",
                json.dumps(audit.get("configuration", {}), ensure_ascii=False, sort_keys=True),
            ),
        ],
    }


def _form_view(lang: str) -> list[dict[str, Any]]:
    """The fields with their labels and choices in ``lang``."""
    return [
        {
            "name": field.name,
            "control": field.control,
            "label": field.label(lang),
            "required": field.required,
            "unknown": field.unknown,
            "choices": [(value, field.choice_label(value, lang)) for value in field.choices],
        }
        for field in FIELDS
    ]


def _blank_form() -> dict[str, list[str]]:
    return {field.name: list(field.default) for field in FIELDS}


async def _replayed_form(request: Request, body: bytes, media: str) -> FormData:
    """The form in ``body`` (read already, within the limits). URL-encoded, it is read as
    UTF-8, whether its characters are percent-encoded (as browsers send them) or not (as
    ``curl -d`` sends them); Starlette, which would read raw bytes as Latin-1, parses a
    multipart form."""
    if media == _FORM_TYPES[0]:
        try:
            fields: list[tuple[str, str | UploadFile]] = []
            fields += parse_qsl(
                body.decode("utf-8"),
                keep_blank_values=True,
                errors="strict",
                max_num_fields=_MOST_FIELDS,
            )
            return FormData(fields)
        except UnicodeDecodeError:
            raise Refusal(
                400,
                "invalid_encoding",
                "the form is not valid UTF-8",
                "表单不是有效的 UTF-8 文本",
            ) from None
        except ValueError:
            raise Refusal(
                400,
                "too_many_fields",
                f"the form has more than {_MOST_FIELDS} fields",
                f"表单的字段超过 {_MOST_FIELDS} 个",
            ) from None
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return await Request(request.scope, receive).form(max_files=1, max_fields=_MOST_FIELDS)


class Web:
    """The web page's endpoints, around the JSON service's engine and limits."""

    def __init__(self, service: Service, digest: bytes | None) -> None:
        self.service = service
        self.digest = digest
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("callcenter_rules.server", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    @property
    def engine(self) -> Engine:
        return self.service.engine

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/check", self.check, methods=["POST"]),
            Route("/law", self.law, methods=["GET"]),
            Route("/upload", self.upload, methods=["POST"]),
            Route("/signin", self.signin_form, methods=["GET"]),
            Route("/signin", self.signin, methods=["POST"]),
            Mount(
                "/static",
                app=StaticFiles(packages=[("callcenter_rules.server", "static")]),
                name="static",
            ),
        ]

    # -- rendering

    def _page(
        self,
        template: str,
        request: Request,
        lang: str,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        session = request.scope.get("state", {}).get("session")
        csrf = csrf_token(self.digest, session) if self.digest and session else ""
        other = "en" if lang == "zh" else "zh"
        query = sorted((k, v) for k, v in request.query_params.items() if k != "lang")
        switch = request.url.path + "?" + urlencode([*query, ("lang", other)])
        words = {key: word(key, lang) for key in _REPORT_WORDS}
        html = self.env.get_template(template).render(
            w={**words, **_WORDS[lang]},
            lang=lang,
            other=other,
            switch=switch,
            csrf=csrf,
            path=request.url.path,
            **context,
        )
        return HTMLResponse(
            html,
            status_code=status,
            headers={**_SECURITY_HEADERS, "Content-Language": lang, **(headers or {})},
        )

    def _refused(self, request: Request, refusal: Refusal, lang: str) -> HTMLResponse:
        message = refusal.message_zh if lang == "zh" else refusal.message
        return self._page(
            "error.html", request, lang, refusal.status, refusal.headers, message=message
        )

    def _check_page(
        self,
        request: Request,
        lang: str,
        values: dict[str, list[str]],
        *,
        status: int = 200,
        errors: list[tuple[str, str]] = (),  # type: ignore[assignment]
        result: dict[str, Any] | None = None,
        upload_errors: list[str] = (),  # type: ignore[assignment]
    ) -> HTMLResponse:
        by_field: dict[str, list[str]] = {}
        general = []
        for path, message in errors:
            field = field_of(path)
            if field:
                shown = message if path == field else f"{path}: {message}"
                by_field.setdefault(field, []).append(shown)
            else:
                general.append(f"{path}: {message}" if path else message)
        violation_rows = [
            {
                "party": _at(values.get("violation_party", []), i),
                "date": _at(values.get("violation_date", []), i),
                "description": _at(values.get("violation_description", []), i),
            }
            for i in range(
                max(
                    VIOLATION_ROWS,
                    len(values.get("violation_party", [])),
                    len(values.get("violation_date", [])),
                )
            )
        ]
        as_of = _at(values.get("as_of", []), 0) or self._today().isoformat()
        return self._page(
            "check.html",
            request,
            lang,
            status,
            fields=_form_view(lang),
            values=values,
            violation_rows=violation_rows,
            as_of=as_of,
            errors=by_field,
            general_errors=general,
            result=result,
            encodings=ENCODINGS,
            upload_errors=upload_errors,
        )

    def _today(self) -> datetime.date:
        return query_day({}, self.engine)

    def _day(self, text: str) -> datetime.date:
        """The day a form gives (``as_of``, YYYY-MM-DD), today if none. Raises `Refusal`."""
        return query_day({"as_of": text} if text.strip() else {}, self.engine)

    # -- the pages

    async def home(self, request: Request) -> Response:
        lang = page_lang(request)
        return self._check_page(request, lang, _blank_form())

    async def _posted(self, request: Request, limit: int) -> tuple[FormData, str]:
        """The form of a web post, read within ``limit`` and checked: its type, where it
        comes from, its CSRF token in a session. Raises `Refusal`."""
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        lang = page_lang(request)
        if media not in _FORM_TYPES:
            raise Refusal(
                415,
                "unsupported_media_type",
                "the body must be a form (application/x-www-form-urlencoded or "
                "multipart/form-data)",
                "请求体应为表单（application/x-www-form-urlencoded 或 multipart/form-data）",
            )
        _check_origin(request)
        body = await read_body(request, limit, self.service.limits.timeout_body)
        form = await _replayed_form(request, body, media)
        session = request.scope.get("state", {}).get("session")
        if self.digest is not None and session is not None:
            given = form.get("csrf")
            expected = csrf_token(self.digest, session)
            if not isinstance(given, str) or not hmac.compare_digest(given, expected):
                raise Refusal(403, "csrf", _WORDS["en"]["csrf"], _WORDS["zh"]["csrf"])
        posted = form.get("lang")
        return form, page_lang(request, posted if isinstance(posted, str) else None) or lang

    async def check(self, request: Request) -> Response:
        lang = page_lang(request)
        try:
            form, lang = await self._posted(request, self.service.body_limit)
        except Refusal as refusal:
            return self._refused(request, refusal, lang)
        items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        values = form_values(items)
        data, problems = profile_from_form(values)
        errors = [(path, _said(message, lang)) for path, message in problems]
        day = None
        try:
            day = self._day(_at(values.get("as_of", []), 0))
        except Refusal as refusal:
            errors.append(("as_of", refusal.message_zh if lang == "zh" else refusal.message))
        if errors or day is None:
            return self._check_page(request, lang, values, status=422, errors=errors)
        try:
            found = await self.service.run(self._plan, data, day)
        except InvalidProfile as error:
            listed = error.errors_zh if lang == "zh" else error.errors
            return self._check_page(request, lang, values, status=422, errors=list(listed))
        values["as_of"] = [day.isoformat()]
        return self._check_page(request, lang, values, result=_result_view(found, lang))

    def _plan(self, data: Any, day: datetime.date) -> Plan:
        return self.engine.plan(data, as_of=day)

    async def law(self, request: Request) -> Response:
        lang = page_lang(request)
        text = request.query_params.get("as_of", "").strip()
        query = request.query_params.get("q", "")[:200]
        day = None
        error = ""
        if text:
            try:
                day = query_day({"as_of": text}, self.engine)
            except Refusal as refusal:
                error = refusal.message_zh if lang == "zh" else refusal.message
        law = law_on(self.engine.parameters, self.engine.rule_packs, lang, day, query)
        return self._page(
            "law.html",
            request,
            lang,
            422 if error else 200,
            law=law,
            as_of=text,
            query=query,
            day_error=error,
        )

    async def upload(self, request: Request) -> Response:
        lang = page_lang(request)
        service = self.service
        limits = service.limits
        if service.batches >= limits.limit_batches:
            refusal = Refusal(
                503,
                "server_busy",
                f"the server is answering {limits.limit_batches} batches already (its "
                "--limit-batches); try again in 5 seconds",
                f"服务器已在处理 {limits.limit_batches} 个批量请求（--limit-batches）；"
                "请 5 秒后重试",
                headers={"Retry-After": "5"},
            )
            return self._refused(request, refusal, lang)
        service.batches += 1
        try:
            return await self._upload(request, lang)
        finally:
            service.batches -= 1

    async def _upload(self, request: Request, lang: str) -> Response:
        limits = self.service.limits
        try:
            form, lang = await self._posted(request, limits.batch_read_ahead)
        except Refusal as refusal:
            if refusal.status == 413:
                refusal = Refusal(
                    413,
                    "body_too_large",
                    f"the file is larger than {limits.batch_read_ahead} bytes (the server's "
                    "--batch-read-ahead); split it, or use the batch command",
                    f"文件超过 {limits.batch_read_ahead} 字节（服务器的 --batch-read-ahead）；"
                    "请拆分文件，或使用 batch 命令",
                )
            return self._refused(request, refusal, lang)
        items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        values = form_values(items)
        upload = form.get("file")
        problems: list[str] = []
        day = None
        try:
            day = self._day(_at(values.get("as_of", []), 0))
        except Refusal as refusal:
            problems.append(refusal.message_zh if lang == "zh" else refusal.message)
        batch = None
        if not isinstance(upload, UploadFile) or not upload.filename:
            problems.append("choose a file to upload" if lang != "zh" else "请选择要上传的文件")
        else:
            data = await upload.read()
            encoding = _at(values.get("encoding", []), 0) or "utf-8"
            try:
                batch = UploadedBatch(
                    data, upload.filename, encoding=encoding, plan="plan" in values
                )
            except BatchError as error:
                problems.append(error.message_zh if lang == "zh" else str(error))
        if problems or batch is None or day is None:
            return self._check_page(
                request, lang, _blank_form(), status=422, upload_errors=problems
            )
        parts = [batch.header]
        while True:
            lines = await self.service.run(batch.lines, self.engine, day, _UPLOAD_STEP)
            if not lines:
                break
            parts.append(lines)
        assert isinstance(upload, UploadFile)
        assert upload.filename
        stem = _SAFE_NAME.sub("-", upload.filename.rsplit(".", 1)[0]).strip("-.") or "upload"
        return Response(
            b"".join(parts),
            media_type="text/csv; charset=utf-8",
            headers={
                **_SECURITY_HEADERS,
                "Content-Disposition": f'attachment; filename="{stem}-summary.csv"',
            },
        )

    # -- signing in

    def sign_in_page(self, scope: Scope) -> ASGIApp:
        """The sign-in form, 401, for a request to a web page without a session."""
        request = Request(scope)
        lang = page_lang(request)
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return self._page("signin.html", request, lang, 401, target=target, failed=False)

    async def signin_form(self, request: Request) -> Response:
        lang = page_lang(request)
        target = _safe_target(request.query_params.get("next", "/"))
        return self._page("signin.html", request, lang, target=target, failed=False)

    async def signin(self, request: Request) -> Response:
        lang = page_lang(request)
        try:
            form, lang = await self._posted(request, 4096)
        except Refusal as refusal:
            return self._refused(request, refusal, lang)
        target = _safe_target(str(form.get("next") or "/"))
        token = form.get("token")
        if self.digest is None:
            return RedirectResponse(target, status_code=303)
        given = token.encode() if isinstance(token, str) else b""
        if not hmac.compare_digest(_sha256(given), self.digest):
            return self._page("signin.html", request, lang, 401, target=target, failed=True)
        response = RedirectResponse(target, status_code=303, headers=_SECURITY_HEADERS)
        response.set_cookie(
            SESSION_COOKIE,
            session_cookie(self.digest),
            max_age=SESSION_SECONDS,
            path="/",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _safe_target(target: str) -> str:
    """Where to go after signing in: a web page of this server, else ``/``."""
    path = target.split("?", 1)[0]
    return target if path in WEB_PATHS and not target.startswith("//") else "/"


def _check_origin(request: Request) -> None:
    """Refuse (403) a form posted from another site, as the browser tells it: by
    ``Sec-Fetch-Site``, else by ``Origin``. A client that sends neither (curl, a script) is
    not a browser tricked into posting."""
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if site is not None:
        foreign = site not in {"same-origin", "none"}
    elif origin is not None:
        foreign = origin == "null" or origin.split("://", 1)[-1] != request.headers.get("host")
    else:
        foreign = False
    if foreign:
        raise Refusal(
            403,
            "cross_site",
            "a form of this page may be posted only from this page",
            "本页面的表单只能从本页面提交",
        )


def _at(values: list[str], index: int) -> str:
    return values[index] if index < len(values) else ""
