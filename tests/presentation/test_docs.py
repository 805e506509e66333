"""The documentation: the law page is generated from the rules and covers all of them, in
English and in Chinese; the command-line page is generated from the command group; the site
builds in both languages with a language switch on every translated page."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
import pytest

from callcenter_rules.cli import HELP_ZH, cli
from callcenter_rules.law import RULES
from callcenter_rules.law.parameters import default_table
from callcenter_rules.reference import (
    NOT_MODELLED,
    NOT_MODELLED_ZH,
    law_reference_markdown,
    rule_catalogue,
)

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
#: The pages translated into Chinese (PAGE.zh.md beside PAGE.md).
TRANSLATED = ("index", "concepts", "cli", "law", "plans", "rule-packs", "server")


def _hook(name: str) -> ModuleType:
    """A documentation hook (docs/hooks/NAME.py), imported as MkDocs imports it."""
    spec = importlib.util.spec_from_file_location(
        f"docs_hook_{name}", DOCS / "hooks" / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["holders.md", "holders.zh.md"])
def test_the_holders_page_commands_print_what_the_page_shows(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``$ callcenter-rules review`` example shows the command's real output (one cut
    short with ``…`` its beginning); the register's example writes the summary the page's
    table shows, and its calendar."""
    import csv
    import shlex

    import icalendar
    from click.testing import CliRunner

    text = (DOCS / page).read_text(encoding="utf-8")
    commands = re.findall(r"^\$ callcenter-rules (.+)\n((?:(?!\$ |```).*\n)*)", text, re.M)
    assert [command.split()[0] for command, _ in commands] == ["review", "review-batch"]
    for command, shown in commands:
        args = [
            str(ROOT / arg) if arg.startswith("examples/") else arg for arg in shlex.split(command)
        ]
        monkeypatch.chdir(tmp_path)
        done = CliRunner().invoke(
            cli,
            args,
            env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": ""},
            prog_name="callcenter-rules",
        )
        if args[0] == "review":
            assert done.exit_code == 4
            assert shown.rstrip().endswith("…")
            assert done.output.startswith(shown.rstrip()[:-1].rstrip()), command
            continue
        assert done.exit_code == 0, done.output
        summary = (tmp_path / "register-review.csv").read_bytes()
        assert summary.startswith(b"\xef\xbb\xbf")
        columns = ["row", "holder", "number", "status", "next_due", "next_obligation", "next_state"]
        rows = csv.DictReader(summary[3:].decode("utf-8").splitlines())
        table = "\n".join(
            "| " + " | ".join(row[column] for column in columns) + " |" for row in rows
        )
        assert table.replace("|  |", "| |") in text.replace("|  |", "| |")
        calendar = icalendar.Calendar.from_ical((tmp_path / "register.ics").read_bytes())
        assert len(list(calendar.walk("VEVENT"))) > 3


def test_every_rule_has_a_citation_a_summary_and_a_period() -> None:
    for rule in RULES:
        described = rule.describe(default_table())
        assert described["summary"].strip()
        assert described["summary_zh"].strip(), rule.id
        assert described["period"]
        assert described["sources"]
        for source in described["sources"]:
            assert source["document"]
            assert source["article"]
            assert source["article_zh"]
            assert source["text_zh"]


def test_the_rule_catalogue_carries_the_chinese_summaries() -> None:
    catalogue = rule_catalogue(default_table())
    assert [entry["id"] for entry in catalogue] == [rule.id for rule in RULES]
    assert all(entry["summary_zh"] and entry["defined_at"] != "?" for entry in catalogue)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_law_page_lists_every_rule_and_every_code_exactly_once(lang: str) -> None:
    page = law_reference_markdown(lang)
    headings = re.findall(r"^### (\S+)$", page, re.M)
    assert sorted(headings) == sorted(rule.id for rule in RULES)
    assert len(headings) == len(set(headings))
    code_rows = re.findall(r"^\| `([A-Z0-9_]+)` \|", page, re.M)
    codes = {spec.code for rule in RULES for spec in rule.findings}
    assert sorted(code_rows) == sorted(codes)
    assert len(code_rows) == len(set(code_rows))
    for fact, _ in NOT_MODELLED_ZH if lang == "zh" else NOT_MODELLED:
        assert f"| {fact} |" in page


@pytest.mark.parametrize(("lang", "label"), [("en", "Exception to"), ("zh", "例外于")])
def test_each_exception_names_the_rules_it_excepts_and_links_them(lang: str, label: str) -> None:
    page = law_reference_markdown(lang)
    for rule in RULES:
        entry = page.split(f"### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
        named = re.findall(rf"^- \*\*{label}\*\*[:：](.*)$", entry, re.M)
        if not rule.exception_to:
            assert named == [], rule.id
            continue
        [line] = named
        assert re.findall(r"\[([A-Z0-9-]+)\]\(#", line) == list(rule.exception_to), rule.id


def test_the_chinese_law_page_speaks_chinese() -> None:
    page = law_reference_markdown("zh")
    table = default_table()
    for rule in RULES:
        entry = page.split(f"### {rule.id}\n", 1)[1].split("\n### ", 1)[0]
        assert rule.describe(table)["summary_zh"] in entry, rule.id
        for source in rule.sources:
            provision = source.provision
            assert f"**{provision.document.title_zh}**{provision.article_zh}" in entry
            assert f"> {provision.text_zh}" in entry
    for parameter in table.values():
        assert parameter.description_zh in page
    # Chinese dates, amounts and labels; none of the English page's words.
    assert "2017年9月1日" in page
    assert "1000万元" in page
    assert "不符合" in page
    for english in ("In force", "Confidence", "Produces", "always", "fact ", "CNY", "(none)"):
        assert english not in page, english
    assert len(NOT_MODELLED_ZH) == len(NOT_MODELLED)


def test_the_law_page_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="lang"):
        law_reference_markdown("fr")


def test_the_page_templates_keep_their_markers() -> None:
    for page in ("law.md", "law.zh.md"):
        assert "<!-- generated: law reference -->" in (DOCS / page).read_text(encoding="utf-8")
    for page in ("cli.md", "cli.zh.md"):
        assert "<!-- generated: command line -->" in (DOCS / page).read_text(encoding="utf-8")
    for page in ("index.md", "index.zh.md"):
        assert "<!-- generated: example output -->" in (DOCS / page).read_text(encoding="utf-8")


def test_every_page_in_the_nav_exists() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = re.findall(r":\s+(\S+\.md)$", config, re.M)
    assert len(pages) >= 2 * len(TRANSLATED)
    for page in pages:
        assert (DOCS / page).exists(), page
    for page in TRANSLATED:
        assert (DOCS / f"{page}.zh.md").exists(), page


def test_every_command_and_option_has_chinese_help() -> None:
    keys = _hook("cli_page").help_keys()
    assert {"callcenter-rules", "help", "assess", "assess.as_of", "batch.workers"} <= set(keys)
    assert [key for key in keys if not HELP_ZH.get(key)] == []


def test_a_help_block_marked_b_stays_preformatted() -> None:
    markdown = _hook("cli_page").help_markdown(
        "First line\nof a paragraph.\n\n\b\nkept:\n  as written\n\nLast."
    )
    assert markdown == "First line of a paragraph.\n\n```text\nkept:\n  as written\n```\n\nLast."


# The site, built once for the tests below (both languages: the build is slow).


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _page(site: Path, page: str, lang: str = "en") -> str:
    path = site / ("zh" if lang == "zh" else "") / ("" if page == "index" else page) / "index.html"
    return path.read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_site_has_the_chinese_pages_and_a_language_switch(site: Path) -> None:
    for page in TRANSLATED:
        english, chinese = _page(site, page), _page(site, page, "zh")
        assert '<html lang="en"' in english, page
        assert '<html lang="zh"' in chinese, page
        # Material's language selector: each page links to itself in the other language.
        here = "" if page == "index" else f"{page}/"
        to_zh = re.findall(r'<a href="([^"]*)" hreflang="zh"', english)
        to_en = re.findall(r'<a href="([^"]*)" hreflang="en"', chinese)
        assert len(to_zh) == 1, page
        assert len(to_en) == 1, page
        base_en = site / here
        base_zh = site / "zh" / here
        assert (base_en / to_zh[0]).resolve() == (site / "zh" / here).resolve(), page
        assert (base_zh / to_en[0]).resolve() == (site / here).resolve(), page
    assert "入门" in _page(site, "index", "zh")
    assert "法律依据" in _page(site, "law", "zh")


def test_the_chinese_law_page_has_every_rule_with_its_chinese_summary(site: Path) -> None:
    page = _page(site, "law", "zh")
    table = default_table()
    for rule in RULES:
        match = re.search(rf'<h3 id="{rule.id.lower()}">(.*?)(?=<h[23] )', page, re.S)
        assert match, rule.id
        entry = _text(match.group(1))
        assert entry.startswith(rule.id)
        summary = rule.describe(table)["summary_zh"]
        assert summary, rule.id
        assert summary in entry, rule.id


def _rows(page: str, heading: str) -> dict[str, list[str]]:
    """The option table of one command on the command-line page: cells by option name."""
    section = re.search(rf'<h2 id="{heading}">(.*?)(?=<h2 |\Z)', page, re.S)
    assert section, heading
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section.group(1), re.S):
        cells = [_text(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_line_page_shows_every_command_and_option(site: Path, lang: str) -> None:
    page = _page(site, "cli", lang)
    text = _text(page)
    assert "Sentinel" not in text
    assert "N/A" not in text
    commands = [("callcenter-rules", cli), *cli.commands.items()]
    assert len(commands) >= 7
    for name, command in commands:
        rows = _rows(page, name)
        for param in command.params:
            if isinstance(param, click.Option):
                assert ", ".join(param.opts) in rows or "、".join(param.opts) in rows, (
                    name,
                    param.opts,
                )
            else:
                assert param.make_metavar(click.Context(command, **cli.context_settings)) in rows, (
                    name,
                    param.name,
                )
        assert "--help" in rows, name
    batch = _rows(page, "batch")
    assert batch["--workers"][1] == "1"  # type, default, help
    assert batch["--as-of"][1] == ""  # no default: today, when the command runs
    assert batch["--resume"][1] == ""
    assert _rows(page, "assess")["--format"][1] == "text"
    assert _rows(page, "assess")["--format"][0] == "text | json | markdown"
    help_text = HELP_ZH["batch.workers"] if lang == "zh" else "Worker processes"
    assert help_text in batch["--workers"][2]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_batch_help_keeps_its_output_block_preformatted(site: Path, lang: str) -> None:
    page = _page(site, "cli", lang)
    blocks = [_text(block) for block in re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S)]
    block = next(b for b in blocks if '{"row": N, "assessment": {...}}' in b)
    lines = block.splitlines()
    assert '  {"row": N, "assessment": {...}}' in lines
    # The continuation line keeps its indentation under the line it continues.
    assert any(line.startswith(" " * 20) and '"errors": ' in line for line in lines)
    assert len(lines) >= 8


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_plans_page_shows_the_planners_real_answers(site: Path, lang: str) -> None:
    page = _text(_page(site, "plans", lang))
    zh = lang == "zh"
    # Each worked example is followed by its plan as the planner gives it.
    assert page.count("取得许可的途径（" if zh else "Paths to a licence (") >= 4
    assert ("将注册资本由80万元增至100万元。" if zh else
            "Raise registered capital from CNY 800,000.00 to CNY 1,000,000.00.") in page  # fmt: skip
    assert ("无需变更：企业现状已符合条件。" if zh else "Nothing to change") in page
    assert "[ON_DISHONESTY_LIST]" in page
    assert "<!-- generated" not in page
