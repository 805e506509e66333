"""Batch screening through the Python API: every row once, in order; bad rows become error
lines; the input is read as its format says or refused before the output is touched."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from callcenter_rules import Engine
from callcenter_rules.batch import (
    MANIFEST_SUFFIX,
    BatchError,
    count_rows,
    read_rows,
    run_batch,
    summary_text,
)

from conftest import BASE_PROFILE

DAY = datetime.date(2024, 6, 1)
HEADER = "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities"
ROW = 'Alpha,limited_liability_company,"12,000,000",上海,Shanghai;Jiangsu,seat_rental'


def records(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text[:-1].split("\n")]


def batch(tmp_path: Path, name: str, content: str | bytes, **options: Any) -> list[dict[str, Any]]:
    source = tmp_path / name
    if isinstance(content, str):
        source.write_text(content, encoding="utf-8")
    else:
        source.write_bytes(content)
    output = tmp_path / "out.jsonl"
    run_batch(source, output, as_of=DAY, **options)
    found = records(output)
    assert [r["row"] for r in found] == list(range(1, len(found) + 1))
    return found


def profile_line(**changes: Any) -> str:
    return json.dumps({**BASE_PROFILE, **changes}, ensure_ascii=False)


# ---------------------------------------------------------------- numbers and JSON


def test_a_decimal_comma_is_an_error_row_not_a_licence(tmp_path: Path) -> None:
    found = batch(
        tmp_path,
        "in.jsonl",
        profile_line(registered_capital_cny="9999999,99", service_provinces=["Beijing", "Hebei"])
        + "\n",
    )
    (error,) = found[0]["error"]["errors"]
    assert error["path"] == "registered_capital_cny"
    assert "9999999.99" in error["message"]


def test_a_json_number_with_many_digits_is_not_rounded(tmp_path: Path) -> None:
    line = profile_line(service_provinces=["Beijing", "Hebei"]).replace(
        '"registered_capital_cny": "20000000"', '"registered_capital_cny": 9999999.9999999999999999'
    )
    (found,) = batch(tmp_path, "in.jsonl", line + "\n")
    codes = [f["code"] for f in found["assessment"]["findings"]]
    assert "CAPITAL_BELOW_MINIMUM" in codes


def test_duplicate_json_keys_are_an_error_row(tmp_path: Path) -> None:
    line = '{"name": "A", "name": "B"}\n' + profile_line() + "\n"
    found = batch(tmp_path, "in.jsonl", line)
    assert found[0]["error"]["type"] == "invalid_json"
    assert "duplicate key 'name'" in found[0]["error"]["errors"][0]["message"]
    assert "assessment" in found[1]


@pytest.mark.parametrize(
    "hostile",
    [
        "[" * 100_000 + "]" * 100_000,
        profile_line(registered_capital_cny=0).replace(
            '"registered_capital_cny": 0', '"registered_capital_cny": ' + "9" * 5000
        ),
        profile_line(professional_staff=2**64),
        profile_line(name="x\ud800"),
        json.dumps({**BASE_PROFILE, "name": "\ud800"}),  # valid JSON: "\ud800" escaped
    ],
    ids=["deep", "5000 digits", "2**64 staff", "lone surrogate", "escaped surrogate"],
)
def test_a_hostile_row_is_an_error_line_and_the_run_goes_on(tmp_path: Path, hostile: str) -> None:
    content = profile_line() + "\n" + hostile + "\n" + profile_line() + "\n"
    found = batch(tmp_path, "in.jsonl", content.encode("utf-8", "surrogatepass"))
    assert "assessment" in found[0]
    assert found[1]["error"]["type"] in {"invalid_json", "invalid_profile", "invalid_encoding"}
    assert "assessment" in found[2]


def test_an_error_inside_the_library_becomes_that_rows_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Engine.assess

    def failing(self: Engine, profile: Any, **kwargs: Any) -> Any:
        if isinstance(profile, dict) and profile.get("name") == "boom":
            raise RuntimeError("an internal failure")
        return original(self, profile, **kwargs)

    monkeypatch.setattr(Engine, "assess", failing)
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([profile_line(), profile_line(name="boom"), profile_line()]) + "\n")
    summary = run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    found = records(tmp_path / "out.jsonl")
    assert found[1]["error"] == {
        "type": "internal_error",
        "line": 2,
        "errors": [{"path": "", "message": "RuntimeError: an internal failure"}],
        "errors_zh": [
            {"path": "", "message": "本库内部出错（缺陷）：RuntimeError: an internal failure"}
        ],
    }
    assert "assessment" in found[2]
    assert (summary.rows, summary.internal_errors, summary.errors) == (3, 1, 0)


# ---------------------------------------------------------------- reading JSON Lines


def test_blank_lines_are_skipped_and_lines_are_named(tmp_path: Path) -> None:
    content = "\n" + profile_line() + "\n   \n\r\n{bad\n" + profile_line() + "\n\n"
    found = batch(tmp_path, "in.jsonl", content)
    assert len(found) == 3
    assert found[1]["error"]["type"] == "invalid_json"
    assert found[1]["error"]["line"] == 5
    assert "line 5 is not valid JSON" in found[1]["error"]["errors"][0]["message"]
    assert count_rows(tmp_path / "in.jsonl") == 3


def test_invalid_utf8_is_an_error_row_with_its_line(tmp_path: Path) -> None:
    content = (profile_line() + "\n").encode() + b'{"name": "\xff\xfe"}\n' + profile_line().encode()
    found = batch(tmp_path, "in.jsonl", content)
    assert [("assessment" in r) for r in found] == [True, False, True]
    assert found[1]["error"]["type"] == "invalid_encoding"
    assert found[1]["error"]["line"] == 2
    assert "line 2 is not valid UTF-8 (byte 0xff at column 11)" in str(found[1]["error"])


def test_a_byte_order_mark_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    content = ("\ufeff" + profile_line() + "\r\n" + profile_line() + "\r\n").encode()
    found = batch(tmp_path, "in.jsonl", content)
    assert all("assessment" in r for r in found)


# ---------------------------------------------------------------- .json files


def test_a_pretty_printed_json_file_is_one_profile(tmp_path: Path) -> None:
    found = batch(tmp_path, "one.json", json.dumps(BASE_PROFILE, indent=2))
    assert len(found) == 1
    assert "assessment" in found[0]


def test_a_json_array_is_one_row_per_item(tmp_path: Path) -> None:
    items = [BASE_PROFILE, {"name": "No fields"}, 7, BASE_PROFILE]
    found = batch(tmp_path, "many.json", json.dumps(items, indent=2))
    assert [("assessment" in r) for r in found] == [True, False, False, True]
    assert found[2]["error"]["errors"][0]["message"].startswith("a profile must be a JSON object")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (profile_line() + "\n" + profile_line() + "\n", "use --input-format jsonl"),
        ("{broken", "is not one JSON document"),
        ("42", "neither a profile"),
        ('{"a": 1, "a": 2}', "duplicate key"),
    ],
)
def test_a_json_file_that_is_not_one_document_is_refused_before_writing(
    tmp_path: Path, content: str, fragment: str
) -> None:
    source, output = tmp_path / "in.json", tmp_path / "out.jsonl"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(BatchError, match=fragment):
        run_batch(source, output, as_of=DAY)
    assert not output.exists()


# ---------------------------------------------------------------- CSV


def test_csv_rows_with_the_wrong_number_of_cells_are_error_rows(tmp_path: Path) -> None:
    content = "\n".join([HEADER, ROW, ROW + ",extra", "Beta,branch", "", ROW]) + "\n"
    found = batch(tmp_path, "in.csv", content)
    assert len(found) == 4
    assert "assessment" in found[0]
    assert found[1]["error"]["type"] == "invalid_csv"
    assert "the row has 7 cells; the header has 6" in str(found[1]["error"])
    assert "the row has 2 cells" in str(found[2]["error"])
    assert found[2]["error"]["line"] == 4
    assert "assessment" in found[3]


def test_csv_invalid_utf8_is_an_error_row(tmp_path: Path) -> None:
    content = (HEADER + "\n" + ROW + "\n").encode() + b"Bad\xff," + ROW.encode()[6:] + b"\n"
    found = batch(tmp_path, "in.csv", content)
    assert "assessment" in found[0]
    assert found[1]["error"]["type"] == "invalid_encoding"
    assert found[1]["error"]["line"] == 3


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        # The first data row would silently have become the header.
        (ROW + "\n" + ROW + "\n", "does not start with a header row"),
        (HEADER + ",name\n" + ROW + ",X\n", "column 'name' appears twice (columns 1 and 7)"),
        (HEADER + ",colour\n" + ROW + ",red\n", "unknown column 'colour' (column 7)"),
        (HEADER + ",acitvities\n" + ROW + ",x\n", "did you mean 'activities'?"),
        (HEADER.replace(",activities", "") + "\n", "the required column(s) activities"),
        (HEADER + ",\n" + ROW + ",\n", "column 7 has no name"),
        ("", "is empty"),
        ("\n\n", "is empty"),
    ],
)
def test_a_csv_file_with_an_unusable_header_is_refused_before_writing(
    tmp_path: Path, content: str, fragment: str
) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_text(content, encoding="utf-8")
    output.write_text("kept\n")
    with pytest.raises(BatchError) as caught:
        run_batch(source, output, as_of=DAY, overwrite=True)
    assert fragment in str(caught.value)
    assert output.read_text() == "kept\n"


def test_csv_staff_counts_that_are_not_ascii_digits_are_invalid_profiles(tmp_path: Path) -> None:
    content = HEADER + ",professional_staff\n" + ROW + ",²\n" + ROW + ",12\n"
    found = batch(tmp_path, "in.csv", content)
    assert found[0]["error"]["errors"][0]["path"] == "professional_staff"
    assert found[1]["assessment"]["profile"]["professional_staff"] == 12


def test_read_rows_numbers_rows_and_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + '\n\n"Multi\nline",' + ROW.split(",", 1)[1] + "\n" + ROW + "\n")
    rows = list(read_rows(source))
    assert [(r.number, r.line) for r in rows] == [(1, 3), (2, 5)]
    assert rows[0].data["name"] == "Multi\nline"


# ---------------------------------------------------------------- checks before writing


def test_nothing_is_touched_when_the_day_is_unsupported(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(profile_line() + "\n")
    output.write_text("precious\n")
    with pytest.raises(BatchError, match="2016-03-01"):
        run_batch(source, output, as_of=datetime.date(2015, 1, 1), overwrite=True)
    assert output.read_text() == "precious\n"
    assert not (tmp_path / ("out.jsonl" + MANIFEST_SUFFIX)).exists()


@pytest.mark.parametrize("link", ["same", "symlink", "hardlink", "manifest"])
def test_the_output_can_never_be_the_input(tmp_path: Path, link: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(profile_line() + "\n")
    before = source.read_bytes()
    output = {
        "same": source,
        "symlink": tmp_path / "link.jsonl",
        "hardlink": tmp_path / "hard.jsonl",
        "manifest": tmp_path / "out.jsonl",
    }[link]
    if link == "symlink":
        output.symlink_to(source)
    elif link == "hardlink":
        output.hardlink_to(source)
    elif link == "manifest":
        (tmp_path / ("out.jsonl" + MANIFEST_SUFFIX)).symlink_to(source)
    with pytest.raises(BatchError, match="is the input"):
        run_batch(source, output, as_of=DAY, overwrite=True)
    assert source.read_bytes() == before


def test_an_output_with_rows_needs_resume_or_overwrite(tmp_path: Path) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(profile_line() + "\n")
    output.write_text("someone's rows\n")
    with pytest.raises(BatchError, match="already has rows"):
        run_batch(source, output, as_of=DAY)
    assert output.read_text() == "someone's rows\n"
    with pytest.raises(BatchError, match="exclude each other"):
        run_batch(source, output, as_of=DAY, resume=True, overwrite=True)


# ---------------------------------------------------------------- resume


def resumable(tmp_path: Path, rows: int = 6) -> tuple[Path, Path, bytes]:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(profile_line(name=f"Co {i}") + "\n" for i in range(rows)))
    run_batch(source, output, as_of=DAY)
    return source, output, output.read_bytes()


def test_resume_keeps_checked_lines_and_redoes_torn_and_unrecorded_ones(tmp_path: Path) -> None:
    source, output, full = resumable(tmp_path)
    lines = full.split(b"\n")
    manifest = tmp_path / ("out.jsonl" + MANIFEST_SUFFIX)
    entries = manifest.read_bytes().split(b"\n")
    # Lines 1-3 recorded, line 4 written but not recorded, line 5 torn.
    output.write_bytes(b"\n".join(lines[:4]) + b"\n" + lines[4][:20])
    manifest.write_bytes(b"\n".join(entries[:4]) + b"\n")
    summary = run_batch(source, output, as_of=DAY, resume=True)
    assert (summary.skipped, summary.rows) == (3, 3)
    assert output.read_bytes() == full


def test_resume_of_a_finished_batch_does_nothing(tmp_path: Path) -> None:
    source, output, full = resumable(tmp_path)
    summary = run_batch(source, output, as_of=DAY, resume=True)
    assert (summary.skipped, summary.rows) == (6, 0)
    assert output.read_bytes() == full


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ("as_of", "written for as_of 2024-06-01, this run is for 2024-06-02"),
        ("input", "the input's content differs"),
        ("policy", "the configuration (policy, parameters, rule packs, --plan) differs"),
        ("edited", "line 2 of"),
        ("reordered", "line 1 of"),
        ("no manifest", "has no manifest"),
        ("not a manifest", "is not a batch manifest"),
    ],
)
def test_resume_refuses_an_output_it_cannot_vouch_for(
    tmp_path: Path, change: str, fragment: str
) -> None:
    from callcenter_rules import Policy

    source, output, full = resumable(tmp_path)
    manifest = tmp_path / ("out.jsonl" + MANIFEST_SUFFIX)
    options: dict[str, Any] = {"as_of": DAY}
    lines = full.split(b"\n")
    if change == "as_of":
        options["as_of"] = datetime.date(2024, 6, 2)
    elif change == "input":
        source.write_text(source.read_text() + profile_line() + "\n")
    elif change == "policy":
        options["policy"] = Policy(in_house_hotline_is_b24=True)
    elif change == "edited":
        lines[1] = lines[1].replace(b'"eligible"', b'"ineligible"', 1)
        output.write_bytes(b"\n".join(lines))
    elif change == "reordered":
        lines[0], lines[1] = lines[1], lines[0]
        output.write_bytes(b"\n".join(lines))
    elif change == "no manifest":
        manifest.unlink()
    else:
        manifest.write_text("hello\n")
    before = output.read_bytes()
    with pytest.raises(BatchError) as caught:
        run_batch(source, output, resume=True, **options)
    assert fragment in str(caught.value)
    assert "cannot resume" in str(caught.value)
    assert output.read_bytes() == before


def test_resume_from_standard_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="standard input"):
        run_batch("-", tmp_path / "out.jsonl", as_of=DAY, resume=True)


def test_every_reader_sees_one_line_per_row(tmp_path: Path) -> None:
    # U+2028, U+2029 and U+0085 are valid raw in JSON strings, but str.splitlines() (and
    # older JavaScript) break lines at them: the output writes them as escapes.
    # (A name may hold no control character, so U+0085 comes back in an error line's echo
    # of the value that was refused.)
    name = "Line\u2028Para\u2029Next"
    refused = profile_line(registered_province="Next\x85Sep\x1c")
    found = batch(
        tmp_path,
        "in.jsonl",
        profile_line(name=name) + "\n" + refused + "\n" + profile_line() + "\n",
    )
    assert found[0]["assessment"]["profile"]["name"] == name
    assert found[1]["error"]["type"] == "invalid_profile"
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_forked_workers_use_the_compiled_engine_of_their_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compiling an engine per worker was most of a worker's start-up: a worker forked by
    # the batch has a copy of the parent's, compiled already.
    import os

    import callcenter_rules.batch.workers as batch_workers
    from callcenter_rules.config import Config

    parent = os.getpid()
    built: list[int] = []
    build = Config.engine

    def only_in_the_parent(config: Config, **options: Any) -> Engine:
        if os.getpid() != parent:
            raise RuntimeError("a worker compiled its own engine")
        built.append(parent)
        return build(config, **options)

    monkeypatch.setattr(Config, "engine", only_in_the_parent)
    source, one, two = tmp_path / "in.jsonl", tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    source.write_text("".join(profile_line(name=f"Co {i}") + "\n" for i in range(300)))
    run_batch(source, one, as_of=DAY)
    run_batch(source, two, as_of=DAY, workers=2)
    assert built == [parent, parent]
    assert one.read_bytes() == two.read_bytes()
    assert batch_workers._parent_engine is None


# ---------------------------------------------------------------- the assessment cache


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cache_changes_no_line(tmp_path: Path, workers: int) -> None:
    """Repeated rows, the same profile spelled another way, repeated bad rows: every line
    is the line of the run without a cache, in its place."""
    distinct = [
        profile_line(name=f"Co {n}", registered_capital_cny=str(500_000 * (n + 1)))
        for n in range(6)
    ]
    spelled = profile_line(name="Co 0", registered_capital_cny="500000", registered_province="北京")
    lines = [distinct[(n * 5) % 6] for n in range(240)]
    lines[7] = lines[100] = "{broken json"
    lines[50] = lines[51] = spelled
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain, cached = tmp_path / "plain.jsonl", tmp_path / "cached.jsonl"
    run_batch(source, plain, as_of=DAY, workers=workers)
    summary = run_batch(source, cached, as_of=DAY, workers=workers, cache_size=4)
    assert cached.read_bytes() == plain.read_bytes()
    assert summary.rows == 240
    assert [r["row"] for r in records(cached)] == list(range(1, 241))


@pytest.mark.parametrize("size", [-1, True, 1.5, "8"])
def test_a_bad_cache_size_is_refused_before_anything_is_written(tmp_path: Path, size: Any) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(profile_line() + "\n", encoding="utf-8")
    with pytest.raises(BatchError, match=r"--cache must be a whole number, 0 \(no cache\) or more"):
        run_batch(source, output, as_of=DAY, cache_size=size)
    assert not output.exists()


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("detail", ["full", "summary"])
def test_a_plan_cache_changes_no_line(tmp_path: Path, workers: int, detail: str) -> None:
    distinct = [
        profile_line(name=f"Co {n}", registered_capital_cny=str(500_000 * (n + 1)))
        for n in range(5)
    ]
    lines = [distinct[(n * 3) % 5] for n in range(120)]
    lines[7] = lines[100] = "{broken json"
    lines[20] = lines[21] = profile_line(registered_province="Bejing")
    lines[50] = profile_line(
        name="Co 0", registered_capital_cny="500000", registered_province="北京"
    )
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain, cached = tmp_path / "plain.jsonl", tmp_path / "cached.jsonl"
    options: dict[str, Any] = {"as_of": DAY, "workers": workers, "plan": True, "detail": detail}
    run_batch(source, plain, **options)
    run_batch(source, cached, cache_size=3, **options)
    assert cached.read_bytes() == plain.read_bytes()


def test_with_a_cache_a_repeated_row_is_planned_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned: list[str] = []
    original = Engine.plan

    def counting(self: Engine, profile: Any, **kwargs: Any) -> Any:
        planned.append("plan")
        return original(self, profile, **kwargs)

    monkeypatch.setattr(Engine, "plan", counting)
    rows = [profile_line(name=f"Co {n % 3}", registered_capital_cny="500000") for n in range(30)]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run_batch(source, tmp_path / "plain.jsonl", as_of=DAY, plan=True)
    assert len(planned) == 30
    planned.clear()
    run_batch(source, tmp_path / "cached.jsonl", as_of=DAY, plan=True, cache_size=3)
    assert len(planned) == 3
    # Bounded by the cache's size: with room for 2 of 3 profiles taken in turn, every row
    # is planned again.
    planned.clear()
    run_batch(source, tmp_path / "small.jsonl", as_of=DAY, plan=True, cache_size=2)
    assert len(planned) == 30


# ---------------------------------------------------------------- a plan that fails


def failing_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Engine.plan raises for the profiles named "boom", as a rule pack with a broken
    remedy template makes it."""
    original = Engine.plan

    def failing(self: Engine, profile: Any, **kwargs: Any) -> Any:
        name = profile.get("name") if isinstance(profile, dict) else profile.name
        if name == "boom":
            raise KeyError("unknown placeholder 'amount_cny'")
        return original(self, profile, **kwargs)

    monkeypatch.setattr(Engine, "plan", failing)


@pytest.mark.parametrize("cache_size", [0, 4])
def test_a_plan_that_fails_keeps_the_rows_assessment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_size: int
) -> None:
    failing_plans(monkeypatch)
    source = tmp_path / "in.jsonl"
    rows = [profile_line(), profile_line(name="boom"), profile_line(name="boom"), profile_line()]
    source.write_text("\n".join(rows) + "\n")
    summary = run_batch(source, tmp_path / "out.jsonl", as_of=DAY, plan=True, cache_size=cache_size)
    found = records(tmp_path / "out.jsonl")
    with Engine() as engine:
        assessed = engine.assess({**BASE_PROFILE, "name": "boom"}, as_of=DAY).to_dict()
    for failed in found[1:3]:
        assert failed["assessment"] == assessed
        assert "plan" not in failed
        assert failed["plan_error"] == {
            "type": "internal_error",
            "message": "KeyError: \"unknown placeholder 'amount_cny'\"",
            "message_zh": "无法给出取得许可的途径（本库的缺陷）：KeyError: \"unknown placeholder 'amount_cny'\"",
        }
    assert "plan" in found[0]
    assert "plan_error" not in found[3]
    assert (summary.rows, summary.plan_errors, summary.internal_errors, summary.errors) == (
        4,
        2,
        0,
        0,
    )
    assert summary.by_status[assessed["status"]] == 4
    assert summary.to_dict()["plan_errors"] == 2
    assert "plan errors:   2" in summary_text(summary)
    assert "规划错误" in summary_text(summary, "zh")


@pytest.mark.parametrize("output_name", ["out.jsonl", "out.csv"])
def test_a_summary_line_marks_a_plan_that_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_name: str
) -> None:
    import csv

    failing_plans(monkeypatch)
    source = tmp_path / "in.jsonl"
    source.write_text(profile_line(name="boom") + "\n" + profile_line() + "\n")
    output = tmp_path / output_name
    run_batch(source, output, as_of=DAY, plan=True, detail="summary")
    if output_name.endswith(".csv"):
        found = list(csv.DictReader(output.read_text("utf-8-sig").splitlines()))
    else:
        found = records(output)
    assert found[0]["status"]
    assert found[0]["plan_error"].startswith("KeyError")
    assert found[0]["plan_error_zh"].startswith("无法给出取得许可的途径")
    assert not found[1].get("plan_error")
    assert found[1]["plan_options"] not in (None, "")


# ---------------------------------------------------------------- messages in Chinese


def test_error_lines_carry_the_messages_in_chinese_too(tmp_path: Path) -> None:
    content = (
        profile_line(registered_province="Bejing", name=5) + "\n"
        + "{broken\n"
        + "\n"
    ).encode() + b'{"name": "\xff"}\n'  # fmt: skip
    found = batch(tmp_path, "in.jsonl", content)
    profile, broken, encoding = (row["error"] for row in found)
    assert profile["errors"] == [
        {"path": "name", "message": "must be a string, got the number 5"},
        {
            "path": "registered_province",
            "message": "unknown province 'Bejing'; did you mean Beijing (北京市)?",
        },
    ]
    assert profile["errors_zh"] == [
        {"path": "name", "message": "必须是字符串，实际为数值5"},
        {"path": "registered_province", "message": "未知的省份“Bejing”；是否指北京市？"},
    ]
    assert broken["errors_zh"][0]["message"].startswith("第2行不是有效的 JSON：")
    assert encoding["errors_zh"][0]["message"].startswith("第4行不是有效的 UTF-8 文本")


def test_csv_error_lines_carry_the_messages_in_chinese_too(tmp_path: Path) -> None:
    content = HEADER + "\n" + ROW + ",extra\n"
    (found,) = batch(tmp_path, "in.csv", content)
    assert found["error"]["errors_zh"] == [
        {"path": "", "message": "第2行：该行有 7 个单元格，表头有 6 个"}
    ]


# ---------------------------------------------------------------- a full disk


def fail_writes_of(monkeypatch: pytest.MonkeyPatch, name: str, after: int) -> None:
    """The writes of the file ``name`` fail once ``after`` bytes are in it: the bytes up to
    there go in, then ENOSPC, as on a full disk."""
    import errno
    import os

    real = os.write

    def write(fd: int, data: Any) -> int:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(name):
            room = after - os.fstat(fd).st_size
            if room <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, bytes(data)[:room])
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("failing", ["out.jsonl", "out.jsonl" + MANIFEST_SUFFIX])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_write_leaves_whole_lines_and_their_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str, workers: int
) -> None:
    source, output, full = resumable(tmp_path, rows=200)
    output.unlink()
    manifest = tmp_path / ("out.jsonl" + MANIFEST_SUFFIX)
    with monkeypatch.context() as patched:
        # Past the first chunk of rows of two workers (25 rows), well before the end.
        fail_writes_of(patched, failing, len(full) * 6 // 10 if failing == "out.jsonl" else 5_000)
        with pytest.raises(BatchError) as caught:
            run_batch(source, output, as_of=DAY, workers=workers)
    kept = output.read_bytes()
    assert kept.endswith(b"\n")
    rows = kept.count(b"\n")
    assert 0 < rows < 200
    assert full.startswith(kept)
    assert manifest.read_bytes().count(b"\n") == rows + 1  # the fingerprint, then a line each
    assert f"failed after {rows} rows" in str(caught.value)
    assert "holds those rows as whole lines" in str(caught.value)
    assert f"其中的 {rows} 行均为完整的行" in caught.value.message_zh
    summary = run_batch(source, output, as_of=DAY, resume=True)
    assert summary.skipped == rows
    assert output.read_bytes() == full


def test_a_failed_write_that_cannot_be_cut_back_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    source, output, full = resumable(tmp_path, rows=200)
    output.unlink()
    real = os.ftruncate

    def truncate(fd: int, length: int) -> None:
        if length:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(fd, length)

    with monkeypatch.context() as patched:
        fail_writes_of(patched, "out.jsonl", 40_000)
        patched.setattr(os, "ftruncate", truncate)
        with pytest.raises(BatchError) as caught:
            run_batch(source, output, as_of=DAY)
    assert "Its last line may be torn" in str(caught.value)
    assert not output.read_bytes().endswith(b"\n")
    run_batch(source, output, as_of=DAY, resume=True)
    assert output.read_bytes() == full


# ---------------------------------------------------------------- counts after a resume


@pytest.mark.parametrize("output_name", ["out.jsonl", "out.csv"])
@pytest.mark.parametrize("plan", [False, True])
def test_after_resume_the_counts_cover_the_whole_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_name: str, plan: bool
) -> None:
    failing_plans(monkeypatch)
    rows = [
        profile_line(name=f"Co {n}", registered_capital_cny=str(400_000 * (n % 7 + 1)))
        for n in range(40)
    ]
    rows[3] = rows[30] = "{broken"
    rows[5] = rows[33] = profile_line(name="boom")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(rows) + "\n")
    options: dict[str, Any] = {"as_of": DAY, "plan": plan}
    if output_name.endswith(".csv"):
        options["detail"] = "summary"
    whole = run_batch(source, tmp_path / ("whole" + output_name), **options)
    output = tmp_path / output_name
    run_batch(source, output, **options)
    content = output.read_bytes()
    cut = content.index(b"\n", len(content) // 2) + 1
    output.write_bytes(content[:cut] + content[cut : cut + 10])  # and a torn line
    resumed = run_batch(source, output, resume=True, **options)
    assert output.read_bytes() == content
    assert 0 < resumed.skipped < 40
    assert resumed.rows == 40 - resumed.skipped
    expected = whole.output
    assert expected is not None
    assert expected.rows == 40
    assert resumed.output == expected
    assert (expected.errors, expected.plan_errors) == (2, 2 if plan else 0)
    assert resumed.to_dict()["output"] == whole.to_dict()["output"]
    text = summary_text(resumed)
    assert (
        f"whole output:  40 rows ({resumed.skipped} already written, {resumed.rows} assessed now)"
        in text
    )
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(expected.by_status.items()))
    assert f"  by status:   {statuses}\n" in text
    assert "输出合计：" in summary_text(resumed, "zh")
    assert f"40 行（此前已写入 {resumed.skipped} 行，本次评估 {resumed.rows} 行）" in summary_text(
        resumed, "zh"
    )


def test_the_command_line_exits_1_when_a_plan_fails_and_keeps_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from callcenter_rules.cli import cli

    failing_plans(monkeypatch)
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(profile_line() + "\n" + profile_line(name="boom") + "\n")
    done = CliRunner().invoke(
        cli, ["batch", str(source), "-o", str(output), "--as-of", DAY.isoformat(), "--plan"]
    )
    assert done.exit_code == 1, done.output
    assert "plan errors:   1" in done.output
    first, second = records(output)
    assert "plan" in first
    assert "assessment" in second
    assert second["plan_error"]["type"] == "internal_error"
