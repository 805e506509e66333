"""What a batch reads: a pipe given as a path (read once, never reported done unread), CSV in
the encoding Excel uses on Chinese Windows, CSV separated by semicolons or tabs, and an input
that changes while it is read."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

import callcenter_rules.batch.read as batch_read
from callcenter_rules.batch import BatchError, count_rows, read_rows, run_batch

from conftest import BASE_PROFILE

EXAMPLES = Path(__file__).parents[2] / "examples"
SCRIPT = Path(sys.executable).with_name("callcenter-rules")
DAY = datetime.date(2024, 6, 1)
HEADER = "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities"
ROW = '深圳呼叫,limited_liability_company,"12,000,000",上海,Shanghai;Jiangsu,seat_rental'
ENV = {**os.environ, "LANG": "C", "LC_ALL": "C"}
_T = TypeVar("_T")


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(SCRIPT), *args], input=stdin, capture_output=True, timeout=300, check=False, env=ENV
    )


def clean(tmp_path: Path, source: Path, *options: str) -> bytes:
    """The output of ``batch`` on ``source`` as a regular file."""
    output = tmp_path / "clean.jsonl"
    done = run("batch", str(source), "-o", str(output), "--as-of", DAY.isoformat(), *options)
    assert done.returncode == 0, done.stderr
    return output.read_bytes()


# ---------------------------------------------------------------- a pipe given as a path


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("in.jsonl", (EXAMPLES / "batch_1000.jsonl").read_bytes()),
        ("in.csv", ("\n".join([HEADER] + [ROW] * 300) + "\n").encode()),
        ("in.json", json.dumps([BASE_PROFILE] * 3).encode()),
    ],
)
def test_dev_stdin_fed_by_a_pipe_is_read_once(
    tmp_path: Path, name: str, content: bytes, workers: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    expected = clean(tmp_path, source, "--workers", workers)
    output = tmp_path / "out.jsonl"
    form = name.rsplit(".", 1)[1]
    done = run(
        "batch", "/dev/stdin", "-o", str(output), "--as-of", DAY.isoformat(),
        "--input-format", form, "--workers", workers, stdin=content,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == expected


def test_a_named_fifo_is_read_once_and_does_not_hang(tmp_path: Path) -> None:
    content = (EXAMPLES / "batch_1000.jsonl").read_bytes()
    source = tmp_path / "in.jsonl"
    source.write_bytes(content)
    expected = clean(tmp_path, source)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    output = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [str(SCRIPT), "batch", str(fifo), "-o", str(output), "--as-of", DAY.isoformat(),
         "--input-format", "jsonl"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
    )  # fmt: skip
    try:
        # Opening a FIFO to write waits for a reader: the batch, once. A second opening by
        # the batch would wait for a writer that never comes (the timeout below).
        with fifo.open("wb") as writer:
            writer.write(content)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, stderr
    assert output.read_bytes() == expected


def within(seconds: float, call: Callable[[], _T]) -> _T:
    """``call()``, which must finish within ``seconds``: a hang fails the test instead of
    hanging it (the thread is left behind, a daemon)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = call()
        except BaseException as error:
            result["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in result:
        raise result["error"]
    return result["value"]  # type: ignore[no-any-return]


def feed(data: bytes) -> Path:
    """A pipe holding ``data`` (written by a thread), as a path."""
    read, write = os.pipe()

    def writer() -> None:
        with os.fdopen(write, "wb") as handle:
            handle.write(data)

    threading.Thread(target=writer, daemon=True).start()
    return Path(f"/dev/fd/{read}")


@pytest.mark.parametrize("form", ["jsonl", "csv"])
def test_a_pipe_path_gives_every_row_through_the_api(tmp_path: Path, form: str) -> None:
    content = (
        (EXAMPLES / "batch_1000.jsonl").read_bytes()
        if form == "jsonl"
        else ("\n".join([HEADER] + [ROW] * 50) + "\n").encode()
    )
    source = tmp_path / f"in.{form}"
    source.write_bytes(content)
    run_batch(source, tmp_path / "file.jsonl", as_of=DAY)
    path = feed(content)
    try:
        summary = within(
            120, lambda: run_batch(path, tmp_path / "pipe.jsonl", as_of=DAY, input_format=form)
        )
    finally:
        os.close(int(path.name))
    assert summary.rows == content.count(b"\n") - (form == "csv")
    assert (tmp_path / "pipe.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()


CONTENTS = {
    "jsonl": (EXAMPLES / "batch_1000.jsonl").read_bytes()[:20_000].rsplit(b"\n", 1)[0] + b"\n",
    "csv": ("\n".join([HEADER] + [ROW] * 50) + "\n").encode(),
    "json": b"\xef\xbb\xbf\n  " + json.dumps([BASE_PROFILE] * 3, indent=2).encode(),
}


@pytest.mark.parametrize("form", ["jsonl", "csv", "json"])
def test_a_pipe_without_an_extension_is_read_as_its_content_says(tmp_path: Path, form: str) -> None:
    # <(cat in.csv) is /dev/fd/63: no extension to tell the format by.
    content = CONTENTS[form]
    source = tmp_path / f"in.{form}"
    source.write_bytes(content)
    expected = clean(tmp_path, source)
    path = feed(content)
    try:
        within(120, lambda: run_batch(path, tmp_path / "pipe.jsonl", as_of=DAY))
    finally:
        os.close(int(path.name))
    assert (tmp_path / "pipe.jsonl").read_bytes() == expected
    plain = tmp_path / "no-extension"
    plain.write_bytes(content)
    run_batch(plain, tmp_path / "plain.jsonl", as_of=DAY)
    assert (tmp_path / "plain.jsonl").read_bytes() == expected


@pytest.mark.parametrize("form", ["jsonl", "csv", "json"])
def test_standard_input_is_read_as_its_content_says(tmp_path: Path, form: str) -> None:
    content = CONTENTS[form]
    source = tmp_path / f"in.{form}"
    source.write_bytes(content)
    expected = clean(tmp_path, source)
    output = tmp_path / "out.jsonl"
    done = run("batch", "-", "-o", str(output), "--as-of", DAY.isoformat(), stdin=content)
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == expected


def test_a_pipe_that_stays_open_is_read_as_it_comes_when_its_format_is_not_given(
    tmp_path: Path,
) -> None:
    # Telling the format takes only the first character: the rows already sent are
    # assessed while the pipe waits for more.
    output = tmp_path / "out.jsonl"
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [str(SCRIPT), "batch", "-", "-o", str(output), "--as-of", DAY.isoformat()],
        stdin=reader, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
    )  # fmt: skip
    os.close(reader)
    try:
        with os.fdopen(writer, "wb") as handle:
            handle.write(("\n".join([HEADER] + [ROW] * 3) + "\n").encode())
            handle.flush()
            deadline = time.monotonic() + 120
            while (
                not output.exists() or output.read_bytes().count(b"\n") < 3
            ) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [row["row"] for row in lines(output)] == [1, 2, 3]
            handle.write((ROW + "\n").encode())
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 0, stderr
    found = lines(output)
    assert [row["row"] for row in found] == [1, 2, 3, 4]
    assert all("assessment" in row for row in found)


def test_a_message_about_a_pipe_names_the_whole_path(tmp_path: Path) -> None:
    path = feed(b"company,capital\nAlpha,12000000\n")
    try:
        with pytest.raises(BatchError) as caught:
            within(120, lambda: run_batch(path, tmp_path / "out.jsonl", as_of=DAY))
    finally:
        os.close(int(path.name))
    assert str(caught.value).startswith(f"{path} does not start with a header row")
    assert caught.value.message_zh.startswith(f"{path} 的第一行不是表头")
    assert not (tmp_path / "out.jsonl").exists()


def test_a_pipe_cannot_be_resumed_or_counted(tmp_path: Path) -> None:
    path = feed(b"")
    try:
        with pytest.raises(BatchError, match="not a regular file") as caught:
            run_batch(path, tmp_path / "out.jsonl", as_of=DAY, resume=True, input_format="jsonl")
        assert "不是普通文件" in caught.value.message_zh
        with pytest.raises(BatchError, match="not a regular file"):
            count_rows(path, "jsonl")
    finally:
        os.close(int(path.name))
    assert not (tmp_path / "out.jsonl").exists()


def test_an_interrupted_pipe_batch_prints_no_resume_command(tmp_path: Path) -> None:
    content = (EXAMPLES / "batch_1000.jsonl").read_bytes()
    output = tmp_path / "out.jsonl"
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [str(SCRIPT), "batch", "/dev/stdin", "-o", str(output), "--as-of", DAY.isoformat(),
         "--input-format", "jsonl"],
        stdin=reader, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
    )  # fmt: skip
    os.close(reader)
    try:
        with os.fdopen(writer, "wb") as handle:
            handle.write(content[:20_000])  # and the pipe stays open: the batch waits
            handle.flush()
            deadline = time.monotonic() + 60
            while (
                not output.exists() or output.stat().st_size < 1000
            ) and time.monotonic() < deadline:
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130, stderr
    assert b"interrupted after" in stderr
    assert b"--resume" not in stderr


# ---------------------------------------------------------------- an input that changes


def test_an_input_that_grows_while_it_is_read_is_not_reported_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(BASE_PROFILE) + "\n", "utf-8")
    scan = batch_read.Input._scan_jsonl

    def scan_then_truncate(self: Any, handle: Any) -> None:
        scan(self, handle)
        source.write_text("", "utf-8")  # the rows read are not the rows checked

    monkeypatch.setattr(batch_read.Input, "_scan_jsonl", scan_then_truncate)
    with pytest.raises(BatchError, match="changed while it was read: it held 1 rows") as caught:
        run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    assert "被改动" in caught.value.message_zh


def capitals(*amounts: str) -> bytes:
    """JSON Lines of profiles that differ only in their registered capital."""
    return "".join(
        json.dumps({**BASE_PROFILE, "registered_capital_cny": amount}) + "\n" for amount in amounts
    ).encode()


def test_an_input_replaced_after_it_was_checked_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An editor saves by writing a new file and renaming it over the old one: the rows
    # must come from the file that was checked (and hashed), not from its successor.
    source = tmp_path / "in.jsonl"
    source.write_bytes(capitals("20000000", "30000000"))
    run_batch(source, tmp_path / "clean.jsonl", as_of=DAY)
    scan = batch_read.Input._scan_jsonl

    def scan_then_replace(self: Any, handle: Any) -> None:
        scan(self, handle)
        edited = tmp_path / "edited.jsonl"
        edited.write_bytes(capitals("20000000", "90000000"))  # one digit, the same size
        os.replace(edited, source)

    monkeypatch.setattr(batch_read.Input, "_scan_jsonl", scan_then_replace)
    run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "clean.jsonl").read_bytes()


@pytest.mark.parametrize("name", ["in.jsonl", "in.csv"])
@pytest.mark.parametrize("workers", [1, 2])
def test_an_input_edited_in_place_while_it_is_read_is_refused_and_cannot_be_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, workers: int
) -> None:
    source = tmp_path / name
    if name.endswith(".csv"):
        original = (
            "\n".join([HEADER, ROW, ROW.replace("12,000,000", "13,000,000")]) + "\n"
        ).encode()
    else:
        original = capitals("20000000", "30000000")
    edited = original.replace(b"3", b"9")
    assert edited != original
    assert len(edited) == len(original)
    source.write_bytes(original)
    scan_name = "_scan_csv" if name.endswith(".csv") else "_scan_jsonl"
    scan = getattr(batch_read.Input, scan_name)

    def scan_then_edit(self: Any, handle: Any) -> None:
        scan(self, handle)
        with source.open("r+b") as same_file:  # the same file, written over in place
            same_file.write(edited)

    monkeypatch.setattr(batch_read.Input, scan_name, scan_then_edit)
    output = tmp_path / "out.jsonl"
    with pytest.raises(BatchError, match="changed while it was read: the rows read") as caught:
        run_batch(source, output, as_of=DAY, workers=workers)
    assert "may hold rows of both versions" in str(caught.value)
    assert "混有改动前后两个版本的行" in caught.value.message_zh
    monkeypatch.setattr(batch_read.Input, scan_name, scan)
    # Even with the input as it was checked, the output is not resumed: no input is its.
    source.write_bytes(original)
    before = output.read_bytes()
    with pytest.raises(BatchError, match=r"\(the input's content differs\); cannot resume"):
        run_batch(source, output, as_of=DAY, workers=workers, resume=True)
    assert output.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_resume_refuses_an_input_edited_between_runs_that_kept_its_size(
    tmp_path: Path, lang: str
) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(capitals("20000000", "30000000", "40000000"))
    done = run("batch", str(source), "-o", str(output), "--as-of", DAY.isoformat())
    assert done.returncode == 0, done.stderr
    manifest = output.with_name(output.name + ".manifest")
    # Interrupted after row 1; then one digit of row 3 is edited.
    output.write_bytes(output.read_bytes().split(b"\n")[0] + b"\n")
    manifest.write_bytes(b"".join(manifest.read_bytes().splitlines(keepends=True)[:2]))
    source.write_bytes(capitals("20000000", "30000000", "40000001"))
    before = (output.read_bytes(), manifest.read_bytes())
    done = run(
        "batch", str(source), "-o", str(output), "--as-of", DAY.isoformat(), "--resume",
        "--lang", lang,
    )  # fmt: skip
    assert done.returncode == 2
    said = done.stderr.decode()
    if lang == "en":
        assert "the input's content differs" in said
        assert "cannot resume" in said
    else:
        assert "输入的内容不同" in said
        assert "不能续做" in said
    assert (output.read_bytes(), manifest.read_bytes()) == before


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf   \n" + json.dumps(BASE_PROFILE).encode() + b"\n",
        b"\n\n" + json.dumps(BASE_PROFILE).encode(),
        ("\n".join([HEADER, "  ", ROW, ",,,,,", "", ROW]) + "\n").encode(),
        ("\n".join([HEADER, ROW, '"unclosed,' + ROW])).encode(),
    ],
)
def test_the_rows_counted_are_the_rows_read(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / ("in.csv" if content.startswith(b"name") else "in.jsonl")
    source.write_bytes(content)
    summary = run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    assert count_rows(source) == len(list(read_rows(source))) == summary.rows


# ---------------------------------------------------------------- encodings


def test_gbk_csv_is_refused_with_what_to_do_and_read_with_encoding_gbk(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(("\n".join([HEADER, ROW, ROW.replace("深圳", "广州")]) + "\n").encode("gbk"))
    output = tmp_path / "out.jsonl"
    with pytest.raises(BatchError) as caught:
        run_batch(source, output, as_of=DAY)
    assert "is not UTF-8 (2 row(s) are not, the first on line 2)" in str(caught.value)
    assert "--encoding gbk" in str(caught.value)
    assert "--encoding gbk" in caught.value.message_zh
    assert "GBK" in caught.value.message_zh
    assert not output.exists()
    for encoding in ("gbk", "GB18030", "cp936"):
        run_batch(source, output, as_of=DAY, encoding=encoding, overwrite=True)
        found = lines(output)
        assert [row["assessment"]["profile"]["name"] for row in found] == ["深圳呼叫", "广州呼叫"]


def test_the_command_line_says_what_to_do_with_gbk_in_both_languages(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(("\n".join([HEADER, ROW]) + "\n").encode("gbk"))
    output = tmp_path / "out.jsonl"
    for lang, fragment in (
        ("en", "run again with --encoding gbk"),
        ("zh", "请加上 --encoding gbk"),
    ):
        done = run("batch", str(source), "-o", str(output), "--lang", lang)
        assert done.returncode == 2
        assert fragment in done.stderr.decode(), done.stderr.decode()
    done = run("batch", str(source), "-o", str(output), "--encoding", "gbk")
    assert done.returncode == 0, done.stderr
    assert lines(output)[0]["assessment"]["profile"]["name"] == "深圳呼叫"


def test_a_gbk_row_read_once_is_an_error_line_with_the_hint(tmp_path: Path) -> None:
    content = ("\n".join([HEADER, ROW]) + "\n").encode("gbk")
    output = tmp_path / "out.jsonl"
    done = run("batch", "-", "-o", str(output), "--input-format", "csv", stdin=content)
    assert done.returncode == 0, done.stderr
    (error,) = lines(output)
    assert error["error"]["type"] == "invalid_encoding"
    assert "--encoding gbk" in error["error"]["errors"][0]["message"]
    assert "--encoding gbk" in error["error"]["errors_zh"][0]["message"]


def test_one_bad_row_in_a_utf8_file_is_an_error_line_not_a_refusal(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(("\n".join([HEADER, ROW]) + "\n").encode() + ROW.encode("gbk") + b"\n")
    run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    good, bad = lines(tmp_path / "out.jsonl")
    assert "assessment" in good
    assert bad["error"]["type"] == "invalid_encoding"
    assert bad["error"]["errors"][0]["message"].startswith(
        "line 3 is not valid UTF-8; it reads as GBK"
    )


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"encoding": "latin-1"}, "unsupported encoding 'latin-1'"),
        ({"encoding": "gbk", "input_format": "jsonl"}, "JSON input is always UTF-8"),
    ],
)
def test_an_encoding_that_cannot_be_used_is_refused(
    tmp_path: Path, options: dict[str, Any], fragment: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\n" + ROW + "\n", "utf-8")
    with pytest.raises(BatchError, match=fragment):
        run_batch(source, tmp_path / "out.jsonl", as_of=DAY, **options)


def test_resume_refuses_another_encoding(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        (
            "\n".join([HEADER, "Acme,limited_liability_company,1,Beijing,Beijing,seat_rental"])
            + "\n"
        ).encode()
    )
    output = tmp_path / "out.jsonl"
    run_batch(source, output, as_of=DAY)
    with pytest.raises(BatchError, match="read as utf-8, this run reads gbk"):
        run_batch(source, output, as_of=DAY, encoding="gbk", resume=True)
    assert run_batch(source, output, as_of=DAY, encoding="utf-8-sig", resume=True).skipped == 1


# ---------------------------------------------------------------- delimiters


@pytest.mark.parametrize(
    "content",
    [
        HEADER.replace(",", ";")
        + '\n深圳呼叫;limited_liability_company;"12,000,000";上海;"Shanghai;Jiangsu";seat_rental\n',
        "sep=;\n"
        + HEADER.replace(",", ";")
        + '\n深圳呼叫;limited_liability_company;12000000;上海;"Shanghai;Jiangsu";seat_rental\n',
        HEADER.replace(",", "\t")
        + "\n深圳呼叫\tlimited_liability_company\t12,000,000\t上海\tShanghai;Jiangsu\tseat_rental\n",
    ],
)
def test_csv_separated_by_semicolons_or_tabs_is_read_as_with_commas(
    tmp_path: Path, content: str
) -> None:
    comma = tmp_path / "comma.csv"
    comma.write_text(HEADER + "\n" + ROW + "\n", "utf-8")
    run_batch(comma, tmp_path / "comma.jsonl", as_of=DAY)
    other = tmp_path / "other.csv"
    other.write_text(content, "utf-8")
    summary = run_batch(other, tmp_path / "other.jsonl", as_of=DAY)
    assert (summary.rows, summary.errors) == (1, 0)
    (expected,) = lines(tmp_path / "comma.jsonl")
    (found,) = lines(tmp_path / "other.jsonl")
    for key in ("status", "license_type", "business_scopes"):
        assert found["assessment"][key] == expected["assessment"][key]
    assert found["assessment"]["profile"]["service_provinces"] == ["310000", "320000"]
    assert [f["code"] for f in found["assessment"]["findings"]] == [
        f["code"] for f in expected["assessment"]["findings"]
    ]


def test_a_semicolon_header_with_a_bad_column_is_named_as_such(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(HEADER.replace(",", ";") + ";colour\n", "utf-8")
    with pytest.raises(
        BatchError, match=r"the CSV header \(cells separated by semicolons\)"
    ) as caught:
        run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
    assert "（单元格以分号分隔）" in caught.value.message_zh


def test_a_header_that_reads_one_way_with_commas_and_another_with_semicolons_is_refused(
    tmp_path: Path,
) -> None:
    source = tmp_path / "in.csv"
    source.write_text('a,"b;name;entity_type\nc"\n', "utf-8")
    with pytest.raises(BatchError, match="seem to be separated by semicolons"):
        run_batch(source, tmp_path / "out.jsonl", as_of=DAY)
