"""``batch --detail summary``: one short line per row, as JSON Lines or as CSV for
spreadsheets (UTF-8 with a byte order mark, a header row, no line breaks in cells, formulas
defused), with every guarantee of a full batch: order, resume, workers, standard output."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from callcenter_rules.batch import (
    MANIFEST_SUFFIX,
    PLAN_COLUMNS,
    SUMMARY_COLUMNS,
    BatchError,
    run_batch,
)

from conftest import BASE_PROFILE

EXAMPLES = Path(__file__).parents[2] / "examples"
EXAMPLE = EXAMPLES / "batch_1000.jsonl"
SCRIPT = Path(sys.executable).with_name("callcenter-rules")
DAY = datetime.date(2024, 6, 1)
BOM = b"\xef\xbb\xbf"
HEADER = ",".join(SUMMARY_COLUMNS)
#: A CSV input row whose cell count is wrong: its error message holds a ";".
CSV_HEADER = (
    "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities"
)


def profile_line(**changes: Any) -> str:
    return json.dumps({**BASE_PROFILE, **changes}, ensure_ascii=False) + "\n"


def jsonl(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text[:-1].split("\n")]


def csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV output, checked to be one physical line each."""
    data = path.read_bytes()
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    lines = text.splitlines()  # every line break str.splitlines knows
    assert text.endswith("\r\n")
    assert len(lines) == text.count("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(lines) - 1
    return rows


def unescape(cell: str) -> str:
    """A text cell back to its text (the escapes are JSON's)."""
    return str(json.loads('"' + cell.replace('"', '\\"') + '"'))


def split_list(cell: str) -> list[str]:
    """A list cell back to its items: split at each ``;`` that is not escaped."""
    if not cell:
        return []
    items, current, escaped = [], "", False
    for char in cell:
        if escaped:
            current += "\\" + char if char != ";" else ";"
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [unescape(item) for item in items]


def summary_of(full: dict[str, Any]) -> dict[str, Any]:
    """What a summary line must say, worked out from the full line."""
    if "error" in full:
        return full
    assessment = full["assessment"]
    codes: dict[str, list[str]] = {"blocking": [], "warning": [], "info": []}
    for finding in assessment["findings"]:
        codes[finding["severity"]].append(finding["code"])
    return {
        "row": full["row"],
        "name": assessment["profile"]["name"],
        "status": assessment["status"],
        "license_type": assessment["license_type"],
        "authority": assessment["authority"],
        "authority_zh": assessment["authority_zh"],
        "business_scopes": assessment["business_scopes"],
        "confidence": assessment["confidence"],
        "confidence_rests_on": assessment["confidence_rests_on"],
        **codes,
    }


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example batch as full JSON Lines, summary JSON Lines and summary CSV."""
    folder = tmp_path_factory.mktemp("example")
    outputs = {
        "full": folder / "full.jsonl",
        "jsonl": folder / "summary.jsonl",
        "csv": folder / "summary.csv",
    }
    run_batch(EXAMPLE, outputs["full"], as_of=DAY)
    run_batch(EXAMPLE, outputs["jsonl"], as_of=DAY, detail="summary")
    run_batch(EXAMPLE, outputs["csv"], as_of=DAY, detail="summary")
    return outputs


# ---------------------------------------------------------------- content


def test_a_summary_line_says_what_the_full_line_says(example: dict[str, Path]) -> None:
    full = jsonl(example["full"])
    summary = jsonl(example["jsonl"])
    assert len(summary) == len(full) == 1000
    assert summary == [summary_of(line) for line in full]
    for line in summary:
        assert list(line) == [c for c in SUMMARY_COLUMNS if not c.startswith("error")]
    assert sum(1 for line in summary if line["blocking"]) > 500
    assert {line["status"] for line in summary} == {
        "eligible",
        "ineligible",
        "incomplete",
        "not_required",
    }
    # About 8 KB a row in full; a summary is a small part of that.
    assert example["jsonl"].stat().st_size * 10 < example["full"].stat().st_size


def test_the_csv_holds_the_same_as_the_summary_lines(example: dict[str, Path]) -> None:
    data = example["csv"].read_bytes()
    assert data.startswith(BOM + HEADER.encode() + b"\r\n")
    rows = csv_rows(example["csv"])
    summary = jsonl(example["jsonl"])
    assert len(rows) == len(summary) == 1000
    for row, line in zip(rows, summary, strict=True):
        assert int(row["row"]) == line["row"]
        for column in ("status", "license_type", "authority", "authority_zh", "confidence"):
            assert row[column] == (line[column] or ""), (line["row"], column)
        for column in ("business_scopes", "confidence_rests_on", "blocking", "warning", "info"):
            assert split_list(row[column]) == line[column], (line["row"], column)
        name = row["name"][1:] if row["name"][:1] == "'" else row["name"]
        assert unescape(name) == line["name"]
        assert row["error_type"] == row["error_line"] == row["errors"] == ""
    assert example["csv"].stat().st_size < example["jsonl"].stat().st_size


def test_the_csv_keeps_chinese_as_utf8_with_a_byte_order_mark(example: dict[str, Path]) -> None:
    data = example["csv"].read_bytes()
    assert data[:3] == BOM
    assert data.count(BOM) == 1
    assert "北京市通信管理局".encode() in data
    assert "工业和信息化部".encode() in data
    rows = csv_rows(example["csv"])
    assert any(row["authority_zh"] == "北京市通信管理局" for row in rows)
    # Read as a spreadsheet reads a file with a BOM: the first column is "row", not "\ufeffrow".
    assert next(iter(rows[0])) == "row"


# ---------------------------------------------------------------- cells for people


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_that_a_spreadsheet_would_compute_is_written_as_text(
    tmp_path: Path, start: str
) -> None:
    name = start + 'HYPERLINK("http://example.com","x")'
    source = tmp_path / "in.jsonl"
    source.write_text(profile_line(name=name) + profile_line(name="Plain - name"), "utf-8")
    run_batch(source, tmp_path / "out.csv", as_of=DAY, detail="summary")
    rows = csv_rows(tmp_path / "out.csv")
    assert rows[0]["name"] == "'" + name
    assert rows[1]["name"] == "Plain - name"
    # JSON Lines is for programs: the name as it is.
    run_batch(source, tmp_path / "out.jsonl", as_of=DAY, detail="summary")
    assert jsonl(tmp_path / "out.jsonl")[0]["name"] == name


def test_no_cell_holds_a_line_break(tmp_path: Path) -> None:
    # What a name may hold that some readers break lines at (line and paragraph
    # separators), and what CSV quotes; a control character makes the row an error row.
    names = [
        "Line\u2028Para\u2029Next",
        'Back\\slash \\n; semi, comma "quoted"',
    ]
    refused = ["Line\nfeed", "Carriage\rreturn", "Both\r\nends", "Next\x85Sep\x1cVT\x0bFF\x0c"]
    source = tmp_path / "in.jsonl"
    lines = [profile_line(name=name) for name in [*names, *refused]]
    source.write_text("".join(lines), "utf-8")
    run_batch(source, tmp_path / "out.csv", as_of=DAY, detail="summary")
    rows = csv_rows(tmp_path / "out.csv")  # one physical line a row
    assert len(rows) == len(names) + len(refused)
    assert [unescape(row["name"]) for row in rows[: len(names)]] == names
    assert rows[0]["name"] == "Line\\u2028Para\\u2029Next"
    assert all(row["error_type"] == "invalid_profile" for row in rows[len(names) :])
    run_batch(source, tmp_path / "out.jsonl", as_of=DAY, detail="summary")
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == len(lines)


def test_error_rows_carry_the_type_line_and_messages(tmp_path: Path) -> None:
    content = (
        profile_line()
        + "{not json\n"
        + profile_line(registered_province="Atlantis", professional_staff=-1)
    ).encode() + b'{"name": "\xff"}\n'
    source = tmp_path / "in.jsonl"
    source.write_bytes(content)
    run_batch(source, tmp_path / "full.jsonl", as_of=DAY)
    run_batch(source, tmp_path / "sum.jsonl", as_of=DAY, detail="summary")
    run_batch(source, tmp_path / "sum.csv", as_of=DAY, detail="summary")
    full, summary = jsonl(tmp_path / "full.jsonl"), jsonl(tmp_path / "sum.jsonl")
    # An error line is the same in both details.
    assert summary[1:] == full[1:]
    assert [line["error"]["type"] for line in summary[1:]] == [
        "invalid_json",
        "invalid_profile",
        "invalid_encoding",
    ]
    rows = csv_rows(tmp_path / "sum.csv")
    assert rows[0]["status"] == "eligible"
    assert rows[0]["error_type"] == ""
    for row, line in zip(rows[1:], full[1:], strict=True):
        error = line["error"]
        assert row["status"] == row["name"] == row["blocking"] == ""
        assert row["error_type"] == error["type"]
        assert int(row["error_line"]) == error["line"]
        expected = [
            f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in error["errors"]
        ]
        assert split_list(row["errors"]) == expected
    assert rows[2]["errors"].startswith("professional_staff: ") or rows[2]["errors"].startswith(
        "registered_province: "
    )
    assert len(split_list(rows[2]["errors"])) == 2


def test_a_semicolon_inside_an_error_message_is_escaped_in_its_list(tmp_path: Path) -> None:
    row = 'Alpha,limited_liability_company,"12,000,000",上海,Shanghai;Jiangsu,seat_rental'
    source = tmp_path / "in.csv"
    source.write_text(CSV_HEADER + "\n" + row + ",extra\n" + row + "\n", "utf-8")
    run_batch(source, tmp_path / "out.csv", as_of=DAY, detail="summary")
    rows = csv_rows(tmp_path / "out.csv")
    assert rows[0]["error_type"] == "invalid_csv"
    assert rows[0]["errors"] == "line 2: the row has 7 cells\\; the header has 6"
    assert split_list(rows[0]["errors"]) == ["line 2: the row has 7 cells; the header has 6"]
    assert rows[1]["status"] == "incomplete"
    assert rows[1]["error_type"] == ""


# ---------------------------------------------------------------- --plan


def test_a_summary_with_a_plan_gives_the_first_path_and_the_count(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = EXAMPLE.read_text("utf-8").rstrip("\n").split("\n")[:40]
    # Then an eligible company (nothing to change) and one on the dishonesty list (an
    # obstacle no change lifts).
    extra = profile_line() + profile_line(on_dishonesty_list=True)
    source.write_text("\n".join(lines) + "\n" + extra + "{bad\n", "utf-8")
    run_batch(source, tmp_path / "full.jsonl", as_of=DAY, plan=True)
    run_batch(source, tmp_path / "sum.jsonl", as_of=DAY, plan=True, detail="summary")
    run_batch(source, tmp_path / "sum.csv", as_of=DAY, plan=True, detail="summary")
    full, summary = jsonl(tmp_path / "full.jsonl"), jsonl(tmp_path / "sum.jsonl")
    rows = csv_rows(tmp_path / "sum.csv")
    assert list(rows[0]) == [*SUMMARY_COLUMNS, *PLAN_COLUMNS]
    seen_options = set()
    for whole, line, row in zip(full[:-1], summary[:-1], rows[:-1], strict=True):
        plan = whole["plan"]
        first = plan["options"][0] if plan["options"] else None
        assert line == {
            **summary_of(whole),
            "plan_options": len(plan["options"]),
            "plan_license_type": first["license_type"] if first else None,
            "plan_changes": [c["message"] for c in first["changes"]] if first else [],
            "plan_changes_zh": [c["message_zh"] for c in first["changes"]] if first else [],
            "plan_obstacles": [o["code"] for o in plan["obstacles"]],
        }
        assert int(row["plan_options"]) == line["plan_options"]
        assert row["plan_license_type"] == (line["plan_license_type"] or "")
        assert split_list(row["plan_changes"]) == line["plan_changes"]
        assert split_list(row["plan_changes_zh"]) == line["plan_changes_zh"]
        seen_options.add(line["plan_options"])
    assert {0, 1} <= seen_options
    assert max(seen_options) >= 2
    eligible, listed = summary[-3], summary[-2]
    # Eligible as it is: one path, with nothing to change.
    assert (eligible["status"], eligible["plan_options"], eligible["plan_changes"]) == (
        "eligible",
        1,
        [],
    )
    assert (listed["plan_options"], listed["plan_license_type"]) == (0, None)
    assert listed["plan_obstacles"]
    assert split_list(rows[-2]["plan_obstacles"]) == listed["plan_obstacles"]
    assert any(line["plan_changes_zh"] for line in summary[:-1])
    assert summary[-1] == full[-1]  # the error line
    assert rows[-1]["error_type"] == "invalid_json"
    assert rows[-1]["plan_options"] == ""


# ---------------------------------------------------------------- refusals


def test_csv_needs_a_summary_and_is_refused_before_the_output_is_touched(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.csv"
    source.write_text(profile_line(), "utf-8")
    output.write_text("precious\n")
    with pytest.raises(BatchError) as caught:
        run_batch(source, output, as_of=DAY, overwrite=True)
    assert "add --detail summary" in str(caught.value)
    assert "--detail summary" in caught.value.message_zh
    assert "摘要" in caught.value.message_zh
    with pytest.raises(BatchError, match="--detail summary"):
        run_batch(source, tmp_path / "x.jsonl", as_of=DAY, output_format="csv")
    assert output.read_text() == "precious\n"
    assert not (tmp_path / ("out.csv" + MANIFEST_SUFFIX)).exists()
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"detail": "brief"}, "unknown detail 'brief'"),
        ({"detail": "summary", "output_format": "xlsx"}, "unknown output format 'xlsx'"),
    ],
)
def test_an_unknown_detail_or_format_is_refused(
    tmp_path: Path, options: dict[str, Any], fragment: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(profile_line(), "utf-8")
    with pytest.raises(BatchError, match=fragment) as caught:
        run_batch(source, tmp_path / "out.jsonl", as_of=DAY, **options)
    assert "未知" in caught.value.message_zh
    assert not (tmp_path / "out.jsonl").exists()


def test_the_output_format_can_be_given_whatever_the_name(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(profile_line(), "utf-8")
    run_batch(source, tmp_path / "out.txt", as_of=DAY, detail="summary", output_format="csv")
    assert (tmp_path / "out.txt").read_bytes().startswith(BOM + b"row,")
    run_batch(source, tmp_path / "OUT.CSV", as_of=DAY, detail="summary")
    assert (tmp_path / "OUT.CSV").read_bytes().startswith(BOM + b"row,")
    run_batch(source, tmp_path / "o.csv", as_of=DAY, detail="summary", output_format="jsonl")
    assert jsonl(tmp_path / "o.csv")[0]["status"] == "eligible"


# ---------------------------------------------------------------- resume


def written(tmp_path: Path, name: str, rows: int = 8, **options: Any) -> tuple[Path, Path, bytes]:
    source, output = tmp_path / "in.jsonl", tmp_path / name
    source.write_text("".join(profile_line(name=f"Co {i}") for i in range(rows)), "utf-8")
    run_batch(source, output, as_of=DAY, **options)
    return source, output, output.read_bytes()


@pytest.mark.parametrize(
    ("name", "first", "then", "fragment"),
    [
        ("out.jsonl", {}, {"detail": "summary"}, "written with --detail full, this run is "),
        ("out.jsonl", {"detail": "summary"}, {}, "written with --detail summary, this run is "),
        (
            "out.txt",
            {"detail": "summary"},
            {"detail": "summary", "output_format": "csv"},
            "written as jsonl, this run writes csv",
        ),
        ("out.csv", {"detail": "summary"}, {"detail": "summary", "plan": True}, "--plan"),
    ],
)
def test_resume_refuses_another_detail_or_format(
    tmp_path: Path, name: str, first: dict[str, Any], then: dict[str, Any], fragment: str
) -> None:
    source, output, before = written(tmp_path, name, **first)
    with pytest.raises(BatchError) as caught:
        run_batch(source, output, as_of=DAY, resume=True, **then)
    assert fragment in str(caught.value)
    assert "cannot resume" in str(caught.value)
    assert "不能续做" in caught.value.message_zh
    assert output.read_bytes() == before


def test_a_manifest_without_a_detail_is_a_full_json_lines_one(tmp_path: Path) -> None:
    # Manifests written before --detail existed record neither the detail nor the format.
    source, output, full = written(tmp_path, "out.jsonl")
    manifest = tmp_path / ("out.jsonl" + MANIFEST_SUFFIX)
    header, rest = manifest.read_bytes().split(b"\n", 1)
    fingerprint = json.loads(header)
    del fingerprint["detail"], fingerprint["output_format"]
    manifest.write_bytes(json.dumps(fingerprint).encode() + b"\n" + rest)
    output.write_bytes(full[: full.index(b"\n") + 1])
    summary = run_batch(source, output, as_of=DAY, resume=True)
    assert (summary.skipped, summary.rows) == (1, 7)
    assert output.read_bytes() == full
    with pytest.raises(BatchError, match="--detail full"):
        run_batch(source, output, as_of=DAY, resume=True, detail="summary")


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl"])
def test_resume_of_a_summary_keeps_checked_lines_and_redoes_the_rest(
    tmp_path: Path, name: str
) -> None:
    source, output, full = written(tmp_path, name, detail="summary")
    manifest = tmp_path / (name + MANIFEST_SUFFIX)
    entries = manifest.read_bytes().split(b"\n")
    start = len(BOM + HEADER.encode() + b"\r\n") if name.endswith(".csv") else 0
    lines = full[start:].split(b"\n")
    # Rows 1-3 recorded, row 4 written but not recorded, row 5 torn.
    output.write_bytes(full[:start] + b"\n".join(lines[:4]) + b"\n" + lines[4][:9])
    manifest.write_bytes(b"\n".join(entries[:4]) + b"\n")
    summary = run_batch(source, output, as_of=DAY, resume=True, detail="summary")
    assert (summary.skipped, summary.rows) == (3, 5)
    assert output.read_bytes() == full


@pytest.mark.parametrize("kept", [0, 1, 3, 40])
def test_a_torn_csv_header_is_written_again(tmp_path: Path, kept: int) -> None:
    source, output, full = written(tmp_path, "out.csv", detail="summary")
    manifest = tmp_path / ("out.csv" + MANIFEST_SUFFIX)
    manifest.write_bytes(manifest.read_bytes().split(b"\n", 1)[0] + b"\n")
    output.write_bytes(full[:kept])
    summary = run_batch(source, output, as_of=DAY, resume=True, detail="summary")
    assert (summary.skipped, summary.rows) == (0, 8)
    assert output.read_bytes() == full


def test_resume_refuses_a_csv_whose_header_was_changed(tmp_path: Path) -> None:
    source, output, full = written(tmp_path, "out.csv", detail="summary")
    changed = full.replace(b"row,name", b"Row,name", 1)
    output.write_bytes(changed)
    with pytest.raises(BatchError, match="does not start with the header") as caught:
        run_batch(source, output, as_of=DAY, resume=True, detail="summary")
    assert "表头" in caught.value.message_zh
    assert output.read_bytes() == changed


def test_resume_refuses_a_csv_row_that_is_not_its_row(tmp_path: Path) -> None:
    source, output, full = written(tmp_path, "out.csv", detail="summary")
    header, *rows = full.split(b"\r\n")
    output.write_bytes(b"\r\n".join([header, rows[1], rows[0], *rows[2:]]))
    with pytest.raises(BatchError, match=r"line 1 of .* is not the line this batch wrote"):
        run_batch(source, output, as_of=DAY, resume=True, detail="summary")
    # Even with the manifest's digests swapped to match, row 2 is not row 1.
    manifest = tmp_path / ("out.csv" + MANIFEST_SUFFIX)
    first, one, two, *rest = manifest.read_bytes().split(b"\n")
    digests = [json.loads(entry)[1] for entry in (one, two)]
    entries = [json.dumps([1, digests[1]]).encode(), json.dumps([2, digests[0]]).encode()]
    manifest.write_bytes(b"\n".join([first, *[e.replace(b" ", b"") for e in entries], *rest]))
    with pytest.raises(BatchError, match=r"line 1 of .* is not row 1"):
        run_batch(source, output, as_of=DAY, resume=True, detail="summary")


# ---------------------------------------------------------------- workers and streams


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("out.csv", {"detail": "summary"}),
        ("out.jsonl", {"detail": "summary"}),
        ("out.jsonl", {}),
    ],
)
def test_two_workers_write_what_one_writes(
    tmp_path: Path, name: str, options: dict[str, Any]
) -> None:
    source = tmp_path / "in.jsonl"
    lines = EXAMPLE.read_bytes().split(b"\n")[:300]
    # Rows the workers must read as the parent would: bad UTF-8, bad JSON, blank lines.
    lines[7] = b'{"name": "\xff"}'
    lines[30] = b"{not json"
    lines[31] = b"   "
    source.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    one, two = tmp_path / "one" / name, tmp_path / "two" / name
    one.parent.mkdir()
    two.parent.mkdir()
    first = run_batch(source, one, as_of=DAY, **options)
    second = run_batch(source, two, as_of=DAY, workers=2, **options)
    assert one.read_bytes() == two.read_bytes()
    assert (first.rows, first.errors) == (second.rows, second.errors) == (299, 2)
    manifests = [
        p.with_name(name + MANIFEST_SUFFIX).read_bytes().split(b"\n", 1)[1] for p in (one, two)
    ]
    assert manifests[0] == manifests[1]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, input=stdin, timeout=300, check=False
    )


def test_csv_to_standard_output_is_the_file_byte_for_byte(
    tmp_path: Path, example: dict[str, Path]
) -> None:
    piped = run(
        "batch", str(EXAMPLE), "-o", "-", "--as-of", "2024-06-01", "--detail", "summary",
        "--output-format", "csv", "--workers", "2",
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == example["csv"].read_bytes()
    from_stdin = run(
        "batch", "-", "-o", "-", "--as-of", "2024-06-01", "--detail", "summary",
        stdin=EXAMPLE.read_bytes(),
    )  # fmt: skip
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout == example["jsonl"].read_bytes()
    refused = run("batch", str(EXAMPLE), "-o", "-", "--output-format", "csv")
    assert refused.returncode == 2
    assert b"--detail summary" in refused.stderr
    assert b"Traceback" not in refused.stderr
