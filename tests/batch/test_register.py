"""A register of licences reviewed (`run_register`, ``callcenter-rules review-batch``): every
row once, bad rows as error rows, the summary sorted by the next deadline (a spreadsheet's
CSV, Chinese intact), one calendar of every deadline, resume and workers as a batch."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from callcenter_rules import review
from callcenter_rules.batch import (
    REGISTER_COLUMNS,
    ROWS_SUFFIX,
    BatchError,
    register_summary_text,
    run_register,
)
from callcenter_rules.cli import cli

HOLDERS = Path(__file__).parents[2] / "examples" / "holders"
DAY = datetime.date(2025, 6, 1)


def licence(number: str, holder: str, expires_on: str, reports: list[int]) -> dict[str, Any]:
    issued = f"{int(expires_on[:4]) - 5}{expires_on[4:]}"
    return {
        "number": number,
        "holder": holder,
        "scopes": ["B24-1"],
        "issued_on": issued,
        "expires_on": expires_on,
        "annual_reports_filed": reports,
        "launched_scopes": ["B24-1"],
    }


#: Out of deadline order: row 1's next deadline is the latest, row 3's the earliest
#: (overdue), row 2 cannot be read, row 4 is an envelope with a profile.
LICENCES = [
    licence("B2-20230101", "北京甲有限公司", "2028-01-01", [2023, 2024]),
    None,
    licence("粤B2-20200731", "广州乙有限公司", "2025-07-31", [2020, 2021, 2022, 2023]),
    {
        "licence": licence("B2-20210315", "Nationwide Co", "2026-03-15", [2021, 2022, 2023, 2024]),
        "profile": None,
    },
]


def register_file(tmp_path: Path) -> Path:
    lines = [json.dumps(item, ensure_ascii=False) if item else "{not json" for item in LICENCES]
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def summary_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads it as UTF-8
    reader = csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames or ()) == REGISTER_COLUMNS
    return list(reader)


def test_the_summary_is_sorted_by_the_next_deadline_with_every_row(tmp_path: Path) -> None:
    output = tmp_path / "review.csv"
    done = run_register(register_file(tmp_path), output, as_of=DAY, ics_path=tmp_path / "a.ics")
    rows = summary_rows(output)
    # Every row once: the overdue licence first, then by next deadline, the bad row last.
    assert [row["row"] for row in rows] == ["3", "4", "1", "2"]
    assert [row["next_due"] for row in rows] == ["2025-03-31", "2025-12-15", "2026-03-31", ""]
    assert rows[0]["holder"] == "广州乙有限公司"
    assert rows[0]["status"] == "action_required"
    assert rows[0]["next_state"] == "overdue"
    assert rows[0]["next_title_zh"] == "报送年报 2024"
    assert rows[0]["overdue"] == "ANNUAL_REPORT;RENEWAL_APPLICATION"
    assert rows[0]["blocking"] == "ANNUAL_REPORT_OVERDUE"
    assert rows[2]["status"] == "in_order"
    assert rows[3]["error_type"] == "invalid_json"
    assert rows[3]["error_line"] == "2"
    assert (done.action_required, done.in_order, done.errors) == (1, 2, 1)
    # The rows, in input order, each the review the library gives.
    lines = [json.loads(line) for line in Path(f"{output}{ROWS_SUFFIX}").read_bytes().splitlines()]
    assert [line["row"] for line in lines] == [1, 2, 3, 4]
    assert lines[0]["review"] == review(LICENCES[0], as_of=DAY).to_dict()
    text = register_summary_text(done, "zh")
    assert "需处理：  1" in text


def test_one_calendar_holds_every_licence_s_deadlines_once(tmp_path: Path) -> None:
    calendar_path = tmp_path / "all.ics"
    run_register(
        register_file(tmp_path), tmp_path / "r.csv", as_of=DAY, ics_path=calendar_path, lang="zh"
    )
    calendar = icalendar.Calendar.from_ical(calendar_path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    expected = sum(
        len(review(item.get("licence", item), as_of=DAY).obligations)
        for item in LICENCES
        if item is not None
    )
    assert len(events) == expected
    assert len({str(event["uid"]) for event in events}) == expected
    assert str(calendar["x-wr-calname"]) == "许可证登记册"
    assert any(str(e["summary"]) == "报送年报 2024: 粤B2-20200731" for e in events)


def test_the_same_licence_twice_is_one_set_of_events(tmp_path: Path) -> None:
    path = tmp_path / "twice.jsonl"
    line = json.dumps(LICENCES[0], ensure_ascii=False)
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    run_register(path, tmp_path / "r.csv", as_of=DAY, ics_path=tmp_path / "a.ics")
    events = list(icalendar.Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT"))
    assert len(events) == len(review(LICENCES[0], as_of=DAY).obligations)
    assert len(summary_rows(tmp_path / "r.csv")) == 2


def test_workers_give_the_same_files(tmp_path: Path) -> None:
    source = register_file(tmp_path)
    run_register(source, tmp_path / "one.csv", as_of=DAY, ics_path=tmp_path / "one.ics")
    run_register(source, tmp_path / "two.csv", as_of=DAY, ics_path=tmp_path / "two.ics", workers=2)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert (tmp_path / "one.ics").read_bytes() == (tmp_path / "two.ics").read_bytes()
    one = Path(f"{tmp_path / 'one.csv'}{ROWS_SUFFIX}").read_bytes()
    assert one == Path(f"{tmp_path / 'two.csv'}{ROWS_SUFFIX}").read_bytes()


def test_an_interrupted_review_resumes_to_the_same_summary(tmp_path: Path) -> None:
    source = register_file(tmp_path)
    run_register(source, tmp_path / "whole.csv", as_of=DAY, ics_path=tmp_path / "whole.ics")
    seen = []

    def stop_after_two() -> None:
        seen.append(1)
        if len(seen) == 2:
            raise KeyboardInterrupt

    output = tmp_path / "cut.csv"
    cut = run_register(
        source, output, as_of=DAY, ics_path=tmp_path / "cut.ics", on_row=stop_after_two
    )
    assert cut.summary.interrupted
    assert cut.output is None
    assert not output.exists()  # the summary waits for every row
    done = run_register(source, output, as_of=DAY, ics_path=tmp_path / "cut.ics", resume=True)
    assert done.summary.skipped == 2
    assert output.read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert (tmp_path / "cut.ics").read_bytes() == (tmp_path / "whole.ics").read_bytes()


def test_a_csv_register_with_profile_columns(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "number,holder,scopes,expires_on,issued_on,annual_reports_filed,events,"
        "profile.name,profile.entity_type,profile.registered_capital_cny,"
        "profile.registered_province,profile.service_provinces,profile.activities\n"
        "粤B2-20200731,广州乙有限公司,B24-1,2025-07-31,2020-07-31,2020;2021;2022;2023,"
        "name:2025-04-22,广州乙有限公司,limited_liability_company,20000000,Guangdong,"
        "Guangdong;Hainan,inbound_customer_service\n"
        "B2-20230101,北京甲有限公司,B24-1,2028-01-01,2023-01-01,none,,,,,,,\n",
        encoding="utf-8",
    )
    run_register(path, tmp_path / "r.csv", as_of=DAY)
    rows = {row["row"]: row for row in summary_rows(tmp_path / "r.csv")}
    assert "LICENCE_DOES_NOT_COVER_AREA" in rows["1"]["blocking"].split(";")
    assert "CHANGE_FILING" in rows["1"]["overdue"].split(";")
    # "none": no report filed yet, so those for 2023 and 2024 are overdue.
    assert rows["2"]["overdue"] == "ANNUAL_REPORT;ANNUAL_REPORT"


def test_a_bad_licence_and_a_bad_envelope_are_error_rows(tmp_path: Path) -> None:
    path = tmp_path / "register.jsonl"
    lines = [
        {"number": "B2-2019"},
        {"licence": LICENCES[0], "profile": {"name": "X"}},
        {"licence": LICENCES[0], "extra": 1},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    run_register(path, tmp_path / "r.csv", as_of=DAY)
    rows = {row["row"]: row for row in summary_rows(tmp_path / "r.csv")}
    assert rows["1"]["error_type"] == "invalid_licence"
    assert "licence.scopes: is required" in rows["1"]["errors"]
    assert "licence.scopes：为必填项" in rows["1"]["errors_zh"]
    assert rows["2"]["error_type"] == "invalid_profile"
    assert "profile.entity_type: is required" in rows["2"]["errors"]
    assert rows["3"]["error_type"] == "invalid_licence"
    assert "extra: unexpected field" in rows["3"]["errors"]


def test_what_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    source = register_file(tmp_path)
    with pytest.raises(BatchError, match="not to standard output"):
        run_register(source, "-", as_of=DAY)
    with pytest.raises(BatchError, match="would be written over"):
        run_register(source, source, as_of=DAY)
    with pytest.raises(BatchError, match="would be written over"):
        run_register(source, tmp_path / "r.csv", as_of=DAY, ics_path=source)
    with pytest.raises(BatchError, match="before 2017-09-01"):
        run_register(source, tmp_path / "r.csv", as_of=datetime.date(2017, 1, 1))
    assert not (tmp_path / "r.csv").exists()
    (tmp_path / "old.csv").write_text("kept\n", encoding="utf-8")
    with pytest.raises(BatchError, match="already exists"):
        run_register(source, tmp_path / "old.csv", as_of=DAY)
    assert (tmp_path / "old.csv").read_text(encoding="utf-8") == "kept\n"
    run_register(source, tmp_path / "old.csv", as_of=DAY, overwrite=True)
    assert len(summary_rows(tmp_path / "old.csv")) == 4


def test_the_command_writes_the_bundled_register(tmp_path: Path) -> None:
    output = tmp_path / "review.csv"
    done = CliRunner().invoke(
        cli,
        [
            "review-batch",
            str(HOLDERS / "register.csv"),
            "-o",
            str(output),
            "--ics",
            str(tmp_path / "all.ics"),
            "--as-of",
            "2025-06-01",
            "--lang",
            "zh",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "审查行数：4" in done.output
    rows = summary_rows(output)
    assert [row["row"] for row in rows] == ["4", "1", "2", "3"]
    assert rows[0]["holder"] == "广州示例客服有限公司"
    assert rows[3]["error_type"] == "invalid_licence"
    again = CliRunner().invoke(
        cli, ["review-batch", str(HOLDERS / "register.csv"), "-o", str(output)]
    )
    assert again.exit_code == 2
    assert "already exists" in again.output
