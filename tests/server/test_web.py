"""The web page (``GET /``, ``POST /check``, ``GET /law``, ``POST /upload``, ``/signin``)
over plain HTTP, from the real server in a subprocess: what a client without a browser
gets is the whole page, and the same HTML a browser gets. The browser's view is
tests/server/test_web_browser.py."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from callcenter_rules import Engine
from callcenter_rules.batch import UploadedBatch, run_batch
from callcenter_rules.config import Config
from callcenter_rules.labels import status_label
from callcenter_rules.model import PROFILE_FIELDS
from callcenter_rules.server.auth import csrf_token, session_cookie, token_digest, valid_session
from servers import Answer, Server, form_body, form_items

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
DAY = "2024-06-01"
FORM = "application/x-www-form-urlencoded"
TOKEN = secrets.token_urlsafe(24)
#: The module's server holds this much of an upload at most.
READ_AHEAD = 200_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("web"), "--batch-read-ahead", str(READ_AHEAD))
    yield running
    assert running.stop() == 0, running.output()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("web-token")
    (folder / "token").write_text(TOKEN + "\n", "utf-8")
    running = Server(folder, "--token-file", str(folder / "token"), token=TOKEN)
    yield running
    assert running.stop() == 0, running.output()


def _example(name: str) -> dict[str, object]:
    return dict(json.loads((EXAMPLES / name).read_text("utf-8")))


def _check(server: Server, profile: dict[str, object], lang: str = "en", **headers: str) -> Answer:
    body = form_body(form_items(profile, lang=lang, as_of=DAY))
    return server.request("POST", "/check", body, {"Content-Type": FORM, **headers})


def _text(answer: Answer) -> str:
    return answer.body.decode("utf-8")


def _element(html: str, element_id: str) -> str:
    """The text of the element with ``element_id`` (up to its end tag), tags dropped."""
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(dd|ul|p|li|div)>', html, re.S)
    assert found, f"no element {element_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_the_form_has_every_profile_field_by_its_name(server: Server) -> None:
    html = _text(server.request("GET", "/?lang=en"))
    for field in PROFILE_FIELDS:
        assert f'name="{field}"' in html, field
    assert 'name="as_of"' in html
    assert 'name="lang"' in html
    # "not known yet" wherever the profile allows null: the yes/no evidence and the rest.
    assert html.count(">not known yet<") + html.count("> not known yet") >= 8


def test_chinese_when_the_browser_asks_for_it_and_a_switch(server: Server) -> None:
    zh = server.request("GET", "/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    en = server.request("GET", "/", headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert zh.headers["content-language"] == "zh"
    assert '<html lang="zh-CN">' in _text(zh)
    assert "企业名称" in _text(zh)
    assert '<html lang="en">' in _text(en)
    assert "Company name" in _text(en)
    assert 'href="/?lang=en"' in _text(zh)
    assert 'href="/?lang=zh"' in _text(en)
    # The query wins over the header.
    assert "Company name" in _text(
        server.request("GET", "/?lang=en", headers={"Accept-Language": "zh-CN"})
    )


def test_strict_security_headers_and_no_inline_script_or_style(server: Server) -> None:
    for path in ("/", "/law"):
        answer = server.request("GET", path)
        csp = answer.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        html = _text(answer)
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
        assert "<style" not in html
        assert " style=" not in html
        assert re.search(r"<[^>]+\son[a-z]+=", html) is None
        assert "http://" not in html.replace("http://127.0.0.1", "")
        assert "https://" not in html


def test_the_static_files_are_served_from_the_package(server: Server) -> None:
    css = server.request("GET", "/static/style.css")
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    assert b"@media print" in css.body
    assert b"@import" not in css.body
    assert b"url(" not in css.body
    js = server.request("GET", "/static/web.js")
    assert js.status == 200
    assert b"window.print" in js.body


@pytest.mark.parametrize(
    ("example", "lang"),
    [
        ("nationwide_eligible.json", "en"),
        ("regional_capital_shortfall.json", "zh"),
        ("foreign_majority.json", "en"),
        ("offshore_only.json", "zh"),
        ("in_house_only.json", "en"),
    ],
)
def test_a_checked_example_shows_the_verdict_findings_plan_checklist_audit(
    server: Server, engine: Engine, example: str, lang: str
) -> None:
    profile = _example(example)
    answer = _check(server, profile, lang)
    assert answer.status == 200, _text(answer)
    html = _text(answer)
    result = engine.assess(profile, as_of=datetime.date.fromisoformat(DAY))
    # The parts, in the issue's order.
    order = ["verdict-heading", "blocks-heading", "plan-heading", "findings-heading"]
    order += ["checklist-heading", "audit-heading", "form-heading"]
    places = [html.index(f'id="{part}"') for part in order]
    assert places == sorted(places)
    assert _element(html, "verdict-status") == status_label(result.status, lang)
    for finding in result.findings:
        assert f'id="finding-{finding.code}"' in html
        assert f'<code class="code">{finding.code}</code>' in html
    assert result.audit is not None
    assert result.audit.input_hash in html
    assert result.audit.ruleset_hash in html
    # The input stays in the form.
    assert f'value="{profile["registered_capital_cny"]}"' in html


def test_bad_input_is_shown_next_to_its_field_and_nothing_else_is_lost(server: Server) -> None:
    profile = {**_example("nationwide_eligible.json"), "registered_capital_cny": "lots"}
    for lang, words in (("en", "must be a number"), ("zh", "必须是数字")):
        answer = _check(server, profile, lang)
        assert answer.status == 422
        html = _text(answer)
        assert words in _element(html, "e-registered_capital_cny")
        assert 'aria-describedby="e-registered_capital_cny"' in html
        assert 'value="lots"' in html
        assert f'value="{profile["name"]}"' in html
        assert 'id="result"' not in html
    bad_day = form_items(_example("nationwide_eligible.json"), lang="en", as_of="2024-02-30")
    answer = server.request("POST", "/check", form_body(bad_day), {"Content-Type": FORM})
    assert answer.status == 422
    assert "YYYY-MM-DD" in _element(_text(answer), "e-as_of")


def test_a_form_in_raw_utf8_reads_as_the_same_form_percent_encoded(server: Server) -> None:
    # curl -d sends UTF-8 as it is; browsers percent-encode it. Both are the same form.
    profile = {**_example("regional_capital_shortfall.json"), "name": "成都天府热线服务有限公司"}
    profile["registered_province"] = profile["service_provinces"] = "四川"
    items = form_items(profile, lang="zh", as_of=DAY)
    raw = "&".join(f"{k}={v}" for k, v in items).replace(" ", "+").encode("utf-8")
    answer = server.request("POST", "/check", raw, {"Content-Type": FORM})
    assert answer.status == 200, _text(answer)
    assert "成都天府热线服务有限公司" in _text(answer)
    assert (
        answer.body
        == server.request("POST", "/check", form_body(items), {"Content-Type": FORM}).body
    )
    bad = server.request("POST", "/check", b"name=\xff", {"Content-Type": FORM})
    assert bad.status == 400
    assert "UTF-8" in _text(bad)


def test_an_unknown_field_is_an_error_at_the_top(server: Server) -> None:
    items = [*form_items(_example("nationwide_eligible.json"), lang="en"), ("colour", "red")]
    answer = server.request("POST", "/check", form_body(items), {"Content-Type": FORM})
    assert answer.status == 422
    html = _text(answer)
    top = html[html.index('id="general-errors"') : html.index('<form id="profile"')]
    assert "colour: unexpected field" in top


def test_the_html_does_not_depend_on_the_client(server: Server) -> None:
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"}
    for path in ("/?lang=en", "/law?lang=zh&as_of=2017-09-01&q=capital"):
        assert (
            server.request("GET", path, headers=browser).body
            == server.request("GET", path, headers={"User-Agent": "curl/8.0"}).body
        )
    profile = _example("regional_capital_shortfall.json")
    assert _check(server, profile, **browser).body == _check(server, profile).body


def _parameter_on(server: Server, name: str, day: str) -> str:
    html = _text(server.request("GET", f"/law?lang=en&as_of={day}&q={name}"))
    found = re.search(
        rf'id="p-{re.escape(name)}".*?On that day: <strong>(.*?)</strong>', html, re.S
    )
    assert found, html
    return found.group(1)


def test_the_law_on_a_day(server: Server) -> None:
    # Order 42 dropped the three-year look-back on violations from 2017-09-01.
    assert _parameter_on(server, "violation_record.lookback", "2017-08-31") == "3"
    assert _parameter_on(server, "violation_record.lookback", "2017-09-01") == "(none)"
    before = _text(server.request("GET", "/law?lang=en&as_of=2017-08-31"))
    after = _text(server.request("GET", "/law?lang=en&as_of=2017-09-01"))
    assert 'id="recent-violation"' in before
    assert 'id="recent-violation"' not in after
    everything = _text(server.request("GET", "/law?lang=en"))
    assert 'id="recent-violation"' in everything


def test_the_law_is_searched_by_code_article_or_word(server: Server) -> None:
    by_code = _text(server.request("GET", "/law?lang=en&q=CAPITAL_BELOW_MINIMUM"))
    assert '<code class="code">CAPITAL_BELOW_MINIMUM</code>' in by_code
    shown, total = re.findall(r"[0-9]+", _element(by_code, "law-count"))
    assert 0 < int(shown) < int(total)
    by_article = _text(
        server.request("GET", "/law?" + urlencode({"lang": "zh", "q": "第六条第（四）项"}))
    )
    assert "注册资本" in by_article
    nothing = _text(server.request("GET", "/law?lang=en&q=zzzz-nothing"))
    assert "No rule matches." in nothing
    bad = server.request("GET", "/law?lang=en&as_of=2001-01-01")
    assert bad.status == 422
    assert _element(_text(bad), "e-as_of")


def _multipart(fields: list[tuple[str, str]], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _batch_csv(tmp_path: Path, name: str, data: bytes, plan: bool = False) -> bytes:
    source = tmp_path / name
    source.write_bytes(data)
    output = tmp_path / "out.csv"
    run_batch(
        source,
        output,
        as_of=datetime.date.fromisoformat(DAY),
        detail="summary",
        plan=plan,
        config=Config(),
        overwrite=True,
    )
    return output.read_bytes()


def test_an_upload_gives_the_batch_summary_csv(server: Server, tmp_path: Path) -> None:
    lines = (EXAMPLES / "batch_1000.jsonl").read_bytes().splitlines(keepends=True)[:40]
    data = b"".join([*lines[:5], b"{not json\n", b'{"name": 1}\n', *lines[5:]])
    body, content_type = _multipart([("lang", "en"), ("as_of", DAY)], "clients.jsonl", data)
    answer = server.request("POST", "/upload", body, {"Content-Type": content_type})
    assert answer.status == 200, answer.body[:2000]
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="clients-summary.csv"' in answer.headers["content-disposition"]
    assert answer.body == _batch_csv(tmp_path, "clients.jsonl", data)
    rows = list(csv.DictReader(io.StringIO(answer.body.decode("utf-8-sig"))))
    assert [row["row"] for row in rows] == [str(n) for n in range(1, 43)]
    assert rows[5]["error_type"] == "invalid_json"
    assert rows[6]["error_type"] == "invalid_profile"


def test_an_upload_of_csv_with_plans(server: Server, tmp_path: Path) -> None:
    data = (
        "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities\n"
        "甲公司,limited_liability_company,800000,Sichuan,Sichuan,inbound_customer_service\n"
        "乙公司,limited_liability_company,abc,Sichuan,Sichuan,inbound_customer_service\n"
    ).encode()
    fields = [("lang", "zh"), ("as_of", DAY), ("plan", "true")]
    body, content_type = _multipart(fields, "客户.csv", data)
    answer = server.request("POST", "/upload", body, {"Content-Type": content_type})
    assert answer.status == 200
    assert answer.body == _batch_csv(tmp_path, "clients.csv", data, plan=True)
    assert 'filename="upload-summary.csv"' in answer.headers["content-disposition"]


def test_an_unreadable_upload_is_shown_by_the_file_field(server: Server) -> None:
    body, content_type = _multipart([("lang", "zh")], "bad.csv", b"colour,size\nred,1\n")
    answer = server.request("POST", "/upload", body, {"Content-Type": content_type})
    assert answer.status == 422
    assert _element(_text(answer), "e-file").startswith("错误")
    body, content_type = _multipart([("lang", "en")], "", b"")
    answer = server.request("POST", "/upload", body, {"Content-Type": content_type})
    assert answer.status == 422
    assert "choose a file" in _element(_text(answer), "e-file")


def test_an_upload_over_the_read_ahead_is_refused_with_a_page(server: Server) -> None:
    data = (EXAMPLES / "batch_1000.jsonl").read_bytes()
    assert len(data) > READ_AHEAD
    body, content_type = _multipart([("lang", "zh")], "big.jsonl", data)
    answer = server.request("POST", "/upload?lang=zh", body, {"Content-Type": content_type})
    assert answer.status == 413
    assert "text/html" in answer.headers["content-type"]
    assert f"文件超过 {READ_AHEAD} 字节" in _text(answer)


def test_the_uploaded_batch_is_the_batch_csv(tmp_path: Path, engine: Engine) -> None:
    data = (EXAMPLES / "batch_1000.jsonl").read_bytes()[:20000]
    batch = UploadedBatch(data, "part.jsonl")
    parts = [batch.header]
    while lines := batch.lines(engine, datetime.date.fromisoformat(DAY), 7):
        parts.append(lines)
    assert b"".join(parts) == _batch_csv(tmp_path, "part.jsonl", data)
    assert batch.rows == data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def test_a_form_post_from_another_site_is_refused(server: Server) -> None:
    profile = _example("nationwide_eligible.json")
    answer = _check(server, profile, Origin="https://evil.example")
    assert answer.status == 403
    assert "text/html" in answer.headers["content-type"]
    answer = _check(server, profile, **{"Sec-Fetch-Site": "cross-site"})
    assert answer.status == 403
    host = f"127.0.0.1:{server.port}"
    assert _check(server, profile, Origin=f"http://{host}").status == 200


def test_a_form_over_the_body_limit_is_refused_in_html(server: Server) -> None:
    body = b"name=" + b"x" * (1 << 21)
    answer = server.request("POST", "/check?lang=zh", body, {"Content-Type": FORM})
    assert answer.status == 413
    assert "请求体超过" in _text(answer)


# ---------------------------------------------------------------- the token


def test_the_session_cookie_and_its_csrf_token() -> None:
    digest = token_digest("a-long-enough-token")
    assert digest is not None
    value = session_cookie(digest, now=1_000_000)
    assert valid_session(digest, value, now=1_000_000 + 60)
    assert not valid_session(digest, value, now=1_000_000 + 13 * 3600)
    assert not valid_session(token_digest("another-token-entirely") or b"", value, now=1_000_060)
    assert not valid_session(digest, value.replace(".", ".0"), now=1_000_060)
    assert csrf_token(digest, value) != csrf_token(digest, session_cookie(digest, now=2_000_000))


def test_the_token_guards_the_page_with_a_sign_in_form(guarded: Server) -> None:
    for path in ("/", "/law"):
        answer = guarded.request("GET", path, authorised=False)
        assert answer.status == 401
        assert 'name="token"' in _text(answer)
        assert 'type="password"' in _text(answer)
    # The static files and the sign-in form are open; the API is not, to a cookie either.
    assert guarded.request("GET", "/static/style.css", authorised=False).status == 200
    wrong = guarded.request(
        "POST",
        "/signin",
        form_body([("token", "nope"), ("next", "/law")]),
        {"Content-Type": FORM},
        authorised=False,
    )
    assert wrong.status == 401
    assert "not this server" in _text(wrong)
    right = guarded.request(
        "POST",
        "/signin",
        form_body([("token", TOKEN), ("next", "/law")]),
        {"Content-Type": FORM},
        authorised=False,
    )
    assert right.status == 303
    assert right.headers["location"] == "/law"
    cookie = right.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert TOKEN not in cookie
    session = cookie.split(";", 1)[0]
    signed_in = {"Cookie": session}
    page = guarded.request("GET", "/", headers=signed_in, authorised=False)
    assert page.status == 200
    assert guarded.request("GET", "/v1/rules", headers=signed_in, authorised=False).status == 401
    # A form post in the session needs its CSRF token.
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', _text(page))
    assert csrf
    items = form_items(_example("nationwide_eligible.json"), lang="en", as_of=DAY)
    headers = {"Content-Type": FORM, **signed_in}
    without = guarded.request("POST", "/check", form_body(items), headers, authorised=False)
    assert without.status == 403
    with_csrf = form_body([*items, ("csrf", csrf.group(1))])
    assert guarded.request("POST", "/check", with_csrf, headers, authorised=False).status == 200
    # A client with the bearer token needs no session (and no CSRF token).
    assert guarded.request("POST", "/check", form_body(items), {"Content-Type": FORM}).status == 200
    # Signing in sends nowhere but this server's pages.
    away = guarded.request(
        "POST",
        "/signin",
        form_body([("token", TOKEN), ("next", "//evil.example/")]),
        {"Content-Type": FORM},
        authorised=False,
    )
    assert away.headers["location"] == "/"
