"""Chinese as a first-class language: every finding, report, explanation, command and
message reads in Chinese with no English beyond codes, proper names and citations."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import click
import markdown
import pytest
from click.testing import CliRunner

from callcenter_rules import Assessment, Profile, assess
from callcenter_rules.cli import HELP_ZH, cli
from callcenter_rules.labels import default_lang, display_width
from callcenter_rules.law import RULES
from callcenter_rules.law.wording import day_zh, yuan, yuan_zh
from callcenter_rules.report import render_markdown, render_text
from callcenter_rules.text import markdown_text, safe_text

from scenario_files import SCENARIOS, Engines

EXAMPLES = Path(__file__).parents[2] / "examples"
DAY = datetime.date(2024, 6, 1)

# ---------------------------------------------------------------- the Latin-word scan

#: Latin words a Chinese output may contain, each for a reason.
ALLOWED_WORDS = frozenset(
    {
        # Names of formats and standards, written in Latin letters in Chinese text too.
        "JSON", "Lines", "CSV", "UTF-8", "Schema", "Markdown", "ics",
        # Signals and keys, as the terminal names them.
        "Ctrl-C", "SIGTERM",
        # Placeholders of the usage line (the values a user types).
        "PROFILE.json", "INPUT", "OUTPUT", "N", "YYYY-MM-DD", "NAME",
        # Option values and command names: what the user types, not prose.
        "en", "zh", "text", "json", "markdown", "jsonl", "csv", "profile", "assessment",
        "assess", "batch", "rules", "parameters", "schema", "checklist", "plan", "serve", "none", "party",
        "review", "review-batch",
        "licence",
        "row", "error", "type", "line", "errors", "path", "message",
        # The JSON Lines output shape in the batch help ({"row": N, ...}).
        "invalid_profile", "L",
        # The program's name.
        "callcenter-rules",
    }
    # The profile's field names, which the advice names as codes (违法记录: violations).
    | {field.name for field in attrs.fields(Profile)}
)  # fmt: skip
#: English words no Chinese output may contain, even where a code would pass: the
#: ministry has a Chinese name (工业和信息化部).
FORBIDDEN_WORDS = frozenset({"MIIT", "Art", "CNY"})

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'/-]*[A-Za-z0-9]|[A-Za-z]")


def _is_code(token: str) -> bool:
    """A finding code, rule id, scope, parameter name, field name or enum value: upper
    case with digits or separators (CAPITAL_BELOW_MINIMUM, CAPITAL-NATIONWIDE, B24-1,
    GB/T), snake_case or dotted names (professional_staff, capital_minimum.regional),
    options (--as-of), a source file (callcenter_rules/law/catalogue.py)."""
    if token.upper() == token and any(c.isupper() for c in token):
        return token not in FORBIDDEN_WORDS
    if re.fullmatch(r"[a-z0-9]+([_.][a-z0-9]+)+", token):
        return True
    # A file or a web site named as a source: call-center-licence.md, icp-1.com.
    if re.fullmatch(r"[\w./-]*\.(md|com|cn|json|jsonl|ndjson|csv|manifest|yaml)", token):
        return True
    return bool(re.fullmatch(r"[a-z_]+(/[a-z_0-9]+)*\.py", token))


def untranslated(text: str, names: Iterable[str] = ()) -> list[str]:
    """The Latin words of ``text`` that are neither codes, nor allowed, nor in ``names``
    (proper names: the company's, a file's)."""
    for name in names:
        text = text.replace(name, " ")
    # Markdown escapes (professional\_staff) are not part of the words.
    text = re.sub(r"\\([_*`\[\]<>#|~!&])", r"\1", text)
    # A quoted user value and an option (--lang) are what the user typed.
    text = re.sub(r"“[^”]*”|--[a-z-]+|-[a-z]\b", " ", text)
    return sorted(
        {
            token
            for token in _LATIN_WORD.findall(text)
            if token not in ALLOWED_WORDS and not _is_code(token)
        }
    )


def test_the_scan_finds_english() -> None:
    assert untranslated("注册资本不足 to do：raise capital") == ["capital", "do", "raise", "to"]
    assert untranslated("工业和信息化部（MIIT）") == ["MIIT"]
    assert (
        untranslated("依据：第六条第（四）项；规则 CAPITAL-REGIONAL；B24-1；professional_staff")
        == []
    )
    assert untranslated("企业：Huaxin Co., Ltd.", names=["Huaxin Co., Ltd."]) == []


# ---------------------------------------------------------------- every finding


def _names(result: Assessment) -> list[str]:
    """The company's name as each report prints it."""
    name = result.profile.name
    return [markdown_text(name), safe_text(name), name]


def _assessments() -> Iterator[tuple[str, Assessment]]:
    engines = Engines()
    try:
        for scenario in SCENARIOS:
            yield (
                scenario.id,
                engines(scenario).assess(scenario.profile, as_of=scenario.as_of, trace=True),
            )
    finally:
        engines.close()


ASSESSMENTS = tuple(_assessments())


def test_every_finding_code_reads_in_chinese_in_every_report() -> None:
    seen: set[str] = set()
    for name, result in ASSESSMENTS:
        company = _names(result)
        for report in (
            render_text(result, "zh", explain=True),
            render_markdown(result, "zh", explain=True),
            result.explain("zh"),
        ):
            assert untranslated(report, company) == [], (name, report)
        seen.update(result.codes)
    # The reports render assessments; a holder's review is rendered by no report yet, and
    # its Chinese wording is checked in test_wording.py.
    every_code = {
        code for rule in RULES if not rule.id.startswith("HOLDER-") for code in rule.codes
    }
    assert every_code - seen == set(), "codes no scenario produces: add a scenario"


def test_every_rule_summary_reads_in_chinese() -> None:
    result = CliRunner().invoke(cli, ["rules", "--lang", "zh"])
    assert result.exit_code == 0
    assert untranslated(result.output) == []
    for rule in RULES:
        assert rule.id in result.output


def test_advice_is_given_in_both_languages_wherever_it_exists() -> None:
    with_advice = 0
    for name, result in ASSESSMENTS:
        english = render_text(result, "en")
        chinese = render_text(result, "zh")
        for finding in result.findings:
            assert (finding.remediation is None) == (finding.remediation_zh is None), name
            if finding.remediation is not None:
                assert finding.remediation_zh is not None
                with_advice += 1
                assert f"to do: {finding.remediation}" in english
                assert f"建议：{finding.remediation_zh}" in chinese
                assert finding.remediation_zh in render_markdown(result, "zh")
                data = finding.to_dict()
                assert data["remediation_zh"] == finding.remediation_zh
    assert with_advice > 50


def test_chinese_amounts_are_grouped_as_chinese_readers_expect() -> None:
    assert yuan_zh(1_000_000) == "100万元"
    assert yuan_zh(10_000_000) == "1000万元"
    assert yuan_zh(800_000) == "80万元"
    assert yuan_zh(120_000_000) == "1亿2000万元"
    assert yuan_zh(500) == "500元"
    # Not a whole number of 万: exact, grouped by thousands, never rounded.
    from decimal import Decimal

    assert yuan_zh(Decimal("9999999.99")) == "9,999,999.99元"
    assert yuan_zh(Decimal("9999999.999")) == "9,999,999.999元"
    assert yuan(Decimal("9999999.999")) == "9,999,999.999"
    assert day_zh(datetime.date(2019, 7, 30)) == "2019年7月30日"


def test_the_capital_shortfall_reads_in_chinese_amounts() -> None:
    profile = json.loads((EXAMPLES / "regional_capital_shortfall.json").read_text("utf-8"))
    result = assess(profile, as_of=DAY)
    finding = next(f for f in result.findings if f.code == "CAPITAL_BELOW_MINIMUM")
    assert "80万元" in finding.message_zh
    assert "100万元" in finding.message_zh
    assert finding.remediation_zh is not None
    assert "20万元" in finding.remediation_zh


# ---------------------------------------------------------------- the reports


def _example(name: str) -> Assessment:
    profile = json.loads((EXAMPLES / name).read_text("utf-8"))
    return assess(profile, as_of=DAY, trace=True)


def _columns(line: str) -> int:
    """The display column where a header line's value starts."""
    key, _, rest = line.partition("：") if "：" in line else line.partition(":")
    padding = len(rest) - len(rest.lstrip(" "))
    return display_width(key) + display_width("：" if "：" in line else ":") + padding


def test_the_chinese_header_aligns_by_display_width() -> None:
    header = render_text(_example("nationwide_eligible.json"), "zh").split("\n\n")[0]
    lines = header.splitlines()
    assert len(lines) == 5
    assert len({_columns(line) for line in lines}) == 1, header


def test_english_citations_name_the_english_title_with_the_chinese_beside_it() -> None:
    result = _example("regional_capital_shortfall.json")
    report = render_text(result, "en")
    for finding in result.findings:
        c = finding.citation
        assert f"{c.document} ({c.document_zh}) {c.article}" in report
    chinese = render_text(result, "zh")
    assert "第六条第（四）项" in chinese
    assert "Art." not in chinese


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explain_keeps_the_header_and_the_advice_and_adds_the_derivation(lang: str) -> None:
    result = _example("regional_capital_shortfall.json")
    plain = render_text(result, lang)
    explained = render_text(result, lang, explain=True)
    header = plain.split("\n\n")[0]
    assert explained.startswith(header)
    for finding in result.findings:
        advice = finding.remediation_zh if lang == "zh" else finding.remediation
        if advice:
            assert advice in explained
    assert (
        "<- 规则 CAPITAL-REGIONAL" if lang == "zh" else "<- by rule CAPITAL-REGIONAL"
    ) in explained
    # The derivation reaches the input: the capital the company declared.
    assert ("注册资本80万元" if lang == "zh" else "registered capital CNY 800,000.00") in explained


def test_explained_markdown_is_markdown_with_the_derivation_nested() -> None:
    result = _example("regional_capital_shortfall.json")
    html = markdown.markdown(render_markdown(result, "zh", explain=True))
    assert "<h1>" in html
    assert "<h2>不符合（1项）</h2>" in html
    # The rule that derived the licence sits in a list inside the capital rule's item.
    capital = html.index("规则 CAPITAL-REGIONAL")
    licence = html.index("规则 LICENSE-REGIONAL", capital)
    assert html[capital:licence].count("<ul>") >= 1
    assert "&lt;-" not in html


def test_explanations_need_a_trace_and_a_known_language() -> None:
    profile = json.loads((EXAMPLES / "nationwide_eligible.json").read_text("utf-8"))
    result = assess(profile, as_of=DAY)
    with pytest.raises(ValueError, match="trace=True"):
        render_text(result, "zh", explain=True)
    with pytest.raises(ValueError, match="lang"):
        render_text(result, "fr")


# ---------------------------------------------------------------- the command line


def _run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> Any:
    environment = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **(env or {})}
    return CliRunner().invoke(cli, args, env=environment, input=stdin, prog_name="callcenter-rules")


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize(
    "args",
    [
        ["assess", str(EXAMPLES / "regional_capital_shortfall.json")],
        ["assess", str(EXAMPLES / "regional_capital_shortfall.json"), "--format", "markdown"],
        ["assess", str(EXAMPLES / "regional_capital_shortfall.json"), "--explain"],
        ["assess", str(EXAMPLES / "foreign_majority.json"), "--explain", "--format", "markdown"],
        ["assess", str(EXAMPLES / "in_house_only.json"), "--explain"],
        ["checklist", str(EXAMPLES / "nationwide_eligible.json")],
        ["plan", str(EXAMPLES / "regional_capital_shortfall.json")],
        ["plan", str(EXAMPLES / "foreign_majority.json"), "--format", "markdown"],
        ["checklist", str(EXAMPLES / "in_house_only.json")],
        ["rules"],
        ["parameters"],
    ],
    ids=lambda args: " ".join(Path(a).name for a in args),
)
def test_every_command_speaks_chinese(args: list[str]) -> None:
    done = _run(
        [*args, "--lang", "zh", "--as-of", "2024-06-01"]
        if args[0] in {"assess", "checklist", "plan"}
        else [*args, "--lang", "zh"]
    )
    assert done.exit_code in {0, 3, 4}, done.output
    names = []
    if args[0] in {"assess", "checklist", "plan"}:
        names = [json.loads(Path(args[1]).read_text("utf-8"))["name"]]
    assert untranslated(done.output, names) == [], done.output
    assert re.search(r"[\u4e00-\u9fff]", done.output)


def test_the_batch_summary_speaks_chinese(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = (EXAMPLES / "batch_1000.jsonl").read_text("utf-8").splitlines()[:20]
    source.write_text("\n".join([*lines, "{not json"]) + "\n", "utf-8")
    done = _run(["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--lang", "zh",
                 "--as-of", "2024-06-01"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "21" in done.output
    assert untranslated(done.output, [str(tmp_path)]) == [], done.output


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_every_help_speaks_chinese(command: str | None) -> None:
    done = _run([*([command] if command else []), "--help"], env={"LANG": "zh_CN.UTF-8"})
    assert done.exit_code == 0
    assert "用法：" in done.output
    assert untranslated(done.output) == [], done.output


def test_every_command_and_option_has_chinese_help() -> None:
    missing = []
    for name, command in cli.commands.items():
        if name not in HELP_ZH:
            missing.append(name)
        ctx = click.Context(command, **cli.context_settings)  # as the program builds it
        for param in command.get_params(ctx):
            if param is command.get_help_option(ctx):
                continue
            if f"{name}.{param.name}" not in HELP_ZH:
                missing.append(f"{name}.{param.name}")
    assert missing == []


VALID = (EXAMPLES / "nationwide_eligible.json").read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["assess", "--format", "xml", "x.json"], None, "不是可选值之一"),
        (["assess", "--bogus"], None, "没有选项 --bogus"),
        (["assess"], None, "缺少参数"),
        (["frobnicate"], None, "没有这个命令"),
        (["batch", "in.jsonl", "-o", "out.jsonl", "--workers", "0"], None, "小于最小值"),
        (["assess", "missing.json"], None, "没有这个文件或目录"),
        (["assess", "-", "--as-of", "2015-01-01"], VALID, "2016"),
        (["assess", "-", "--as-of", "2024-13-01"], VALID, "不是 YYYY-MM-DD 格式的日期"),
        (["assess", "-"], "{not json", "不是有效的 JSON"),
        (["assess", "-", "--as-of", "2024-06-01"], '{"name": "x"}', "输入无效"),
    ],
)
def test_errors_speak_chinese(args: list[str], stdin: str | None, expected: str) -> None:
    done = _run([*args, "--lang", "zh"], stdin=stdin)
    assert done.exit_code == 2
    assert expected in done.output
    assert "错误：" in done.output
    typed = ["missing.json", "x.json", "in.jsonl", "out.jsonl", "frobnicate"]
    assert untranslated(done.output, typed) == []


@pytest.mark.parametrize("command", ["assess", "batch", "rules", "schema", "serve"])
def test_a_bad_lang_is_refused_in_the_locales_language(command: str) -> None:
    # --lang fr cannot choose the language, so the locale does; the refusal speaks it.
    done = _run([command, "--lang", "fr"], env={"LANG": "zh_CN.UTF-8"})
    assert done.exit_code == 2
    assert "“fr”不是可选值之一（en、zh）" in done.output, done.output
    assert untranslated(done.output, ["fr"]) == [], done.output


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        # LC_ALL overrides LANG, as POSIX says.
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "C"}, "en"),
    ],
)
def test_the_language_defaults_to_the_locale(env: dict[str, str], lang: str) -> None:
    assert default_lang(env) == lang
    done = _run(
        ["assess", str(EXAMPLES / "nationwide_eligible.json"), "--as-of", "2024-06-01"], env=env
    )
    assert ("结论：" in done.output) == (lang == "zh"), done.output
    # --lang wins over the locale.
    other = "en" if lang == "zh" else "zh"
    done = _run(["assess", str(EXAMPLES / "nationwide_eligible.json"), "--as-of", "2024-06-01",
                 "--lang", other], env=env)  # fmt: skip
    assert ("结论：" in done.output) == (other == "zh")


def test_display_width_counts_cjk_as_two_columns() -> None:
    assert display_width("abc") == 3
    assert display_width("企业") == 4
    assert display_width("（）") == 4
    assert display_width("e\u0301") == 1
    assert all(unicodedata.east_asian_width(c) == "W" for c in "结论")


def test_a_licence_holder_s_review_reads_in_chinese() -> None:
    from callcenter_rules import review
    from callcenter_rules.report import render_review_markdown, render_review_text

    holders = EXAMPLES / "holders"
    licence = json.loads((holders / "licence.json").read_text(encoding="utf-8"))
    profile = json.loads((holders / "profile.json").read_text(encoding="utf-8"))
    for given in (None, profile):
        result = review(licence, given, as_of=datetime.date(2025, 6, 1))
        for report in (render_review_text(result, "zh"), render_review_markdown(result, "zh")):
            assert untranslated(report) == [], report
