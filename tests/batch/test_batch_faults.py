"""The real command line under faults: kill -9 at random points then resume, two writers on
one output, a full disk, outputs that cannot be written, standard streams. Every run is
compared byte for byte with an undisturbed one."""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import resource
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"
SCRIPT = Path(sys.executable).with_name("callcenter-rules")
DAY = "2024-06-01"
ROWS = 2500


def run(
    *args: str, stdin: str | None = None, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        check=False,
        preexec_fn=preexec,
    )


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """An input of ROWS rows and the output of an undisturbed run over it."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = (EXAMPLES / "batch_1000.jsonl").read_text(encoding="utf-8").rstrip("\n").split("\n")
    source = folder / "in.jsonl"
    source.write_text("\n".join(lines[i % len(lines)] for i in range(ROWS)) + "\n", "utf-8")
    clean = folder / "clean.jsonl"
    done = run("batch", str(source), "-o", str(clean), "--as-of", DAY)
    assert done.returncode == 0, done.stderr
    return source, clean.read_bytes()


@pytest.fixture(scope="module")
def summary_corpus(corpus: tuple[Path, bytes]) -> tuple[Path, bytes]:
    """The same input, and the summary CSV of an undisturbed run over it."""
    source, _ = corpus
    clean = source.with_name("clean.csv")
    done = run("batch", str(source), "-o", str(clean), "--as-of", DAY, "--detail", "summary")
    assert done.returncode == 0, done.stderr
    return source, clean.read_bytes()


def wait_for_bytes(path: Path, size: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (not path.exists() or path.stat().st_size < size) and time.monotonic() < deadline:
        time.sleep(0.01)


def interrupt_and_resume_as_printed(args: list[str], output: Path, size: int) -> str:
    """Start ``batch ARGS``, Ctrl-C it once ``output`` has ``size`` bytes, check that it
    exits 130 printing a resume command, run that command as printed (through a shell)
    and check that it succeeds; return the command."""
    process = subprocess.Popen(
        [str(SCRIPT), "batch", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    wait_for_bytes(output, size)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    command = re.search(r"Resume with:\n  (.+)", stderr)
    assert command, stderr
    printed = command.group(1)
    again = subprocess.run(
        ["bash", "-c", printed], capture_output=True, text=True, timeout=300, check=False
    )
    assert again.returncode == 0, (printed, again.stderr)
    return printed


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def gone(pid: int) -> bool:
    """Exited: no such process, or a zombie waiting for its new parent to reap it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return "State:\tZ" in status


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_9_at_a_random_point_then_resume_gives_the_clean_output(
    tmp_path: Path, corpus: tuple[Path, bytes], workers: int, seed: int
) -> None:
    source, clean = corpus
    output = tmp_path / "out.jsonl"
    stop_at = random.Random(seed * 10 + workers).randrange(1, len(clean) - 1)
    process = subprocess.Popen(
        [str(SCRIPT), "batch", str(source), "-o", str(output), "--as-of", DAY,
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    wait_for_bytes(output, stop_at)
    workers_before = children_of(process.pid) if process.poll() is None else []
    process.kill()
    process.wait(timeout=60)
    assert process.stderr is not None
    process.stderr.close()
    # Workers die with their parent (in 0.1.0 they hung for ever).
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in workers_before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(gone(pid) for pid in workers_before), workers_before
    kept = output.read_bytes().count(b"\n")
    assert kept < ROWS

    again = run(
        "batch", str(source), "-o", str(output), "--as-of", DAY, "--resume",
        "--workers", str(workers),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert output.read_bytes() == clean


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("seed", [1, 2])
def test_kill_9_during_a_summary_csv_then_resume_gives_the_clean_output(
    tmp_path: Path, summary_corpus: tuple[Path, bytes], workers: int, seed: int
) -> None:
    source, clean = summary_corpus
    assert clean.startswith(b"\xef\xbb\xbfrow,")
    output = tmp_path / "out.csv"
    # Seed 1 stops as soon as anything is written (the header, perhaps a few rows).
    stop_at = random.Random(seed * 10 + workers).randrange(1, len(clean) - 1) if seed > 1 else 1
    process = subprocess.Popen(
        [str(SCRIPT), "batch", str(source), "-o", str(output), "--as-of", DAY,
         "--detail", "summary", "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_bytes(output, stop_at)
    process.kill()
    process.wait(timeout=60)
    kept = output.read_bytes()
    assert kept.count(b"\n") <= ROWS
    assert clean.startswith(kept[: kept.rfind(b"\n") + 1])

    again = run(
        "batch", str(source), "-o", str(output), "--as-of", DAY, "--resume",
        "--detail", "summary", "--workers", str(workers),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert output.read_bytes() == clean
    other = run("batch", str(source), "-o", str(output), "--as-of", DAY, "--resume")
    assert other.returncode == 2
    assert "--detail summary" in other.stderr
    no_traceback(other)


def test_an_interrupted_summary_csv_prints_a_resume_command_that_keeps_its_options(
    tmp_path: Path, summary_corpus: tuple[Path, bytes]
) -> None:
    source, clean = summary_corpus
    output = tmp_path / "out.txt"
    printed = interrupt_and_resume_as_printed(
        [str(source), "-o", str(output), "--as-of", DAY, "--workers", "2",
         "--detail", "summary", "--output-format", "csv"],
        output,
        20_000,
    )  # fmt: skip
    assert "--detail summary" in printed
    assert "--output-format csv" in printed
    assert output.read_bytes() == clean


def test_a_second_writer_is_refused_and_the_first_finishes_whole(
    tmp_path: Path, corpus: tuple[Path, bytes]
) -> None:
    source, clean = corpus
    output = tmp_path / "out.jsonl"
    first = subprocess.Popen(
        [str(SCRIPT), "batch", str(source), "-o", str(output), "--as-of", DAY],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_for_bytes(output, 1000)
    for extra in (["--overwrite"], ["--resume"]):
        second = run("batch", str(source), "-o", str(output), "--as-of", DAY, *extra)
        assert second.returncode == 2
        assert "being written by another batch" in second.stderr
        no_traceback(second)
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert output.read_bytes() == clean


def test_the_input_is_never_the_output(tmp_path: Path, corpus: tuple[Path, bytes]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(corpus[0].read_bytes()[:5000].rsplit(b"\n", 1)[0] + b"\n")
    before = source.read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    for target in (source, link):
        done = run("batch", str(source), "-o", str(target), "--overwrite")
        assert done.returncode == 2
        assert "is the input" in done.stderr
        no_traceback(done)
    assert source.read_bytes() == before


def test_an_unsupported_day_fails_before_the_output_is_touched(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("precious\n")
    done = run(
        "batch", str(EXAMPLES / "batch_1000.jsonl"), "-o", str(output), "--overwrite",
        "--as-of", "2015-01-01",
    )  # fmt: skip
    assert done.returncode == 2
    assert "2016-03-01" in done.stderr
    assert output.read_text() == "precious\n"


def limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))


def test_a_full_disk_is_a_message_and_the_run_resumes(
    tmp_path: Path, corpus: tuple[Path, bytes]
) -> None:
    source, clean = corpus
    output = tmp_path / "out.jsonl"
    # A file-size limit stands in for a full disk: writes past it fail with EFBIG.
    done = run("batch", str(source), "-o", str(output), "--as-of", DAY, preexec=limit_file_size)
    assert done.returncode == 2
    assert "writing" in done.stderr
    assert "File too large" in done.stderr
    no_traceback(done)
    # What it says is true: the output was cut back to whole lines, each in the manifest.
    kept = output.read_bytes()
    rows = kept.count(b"\n")
    assert kept.endswith(b"\n")
    assert clean.startswith(kept)
    assert f"failed after {rows} rows" in done.stderr
    assert "It holds those rows as whole lines" in done.stderr
    manifest = output.with_name(output.name + ".manifest")
    assert manifest.read_bytes().count(b"\n") == rows + 1
    again = run("batch", str(source), "-o", str(output), "--as-of", DAY, "--resume")
    assert again.returncode == 0, again.stderr
    assert output.read_bytes() == clean
    assert f"whole output:  {ROWS} rows ({rows} already written" in again.stderr


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("/dev/full", "No space left on device"),
        ("missing/out.jsonl", "No such file or directory"),
        ("{tmp}", "is a directory"),
    ],
)
def test_an_output_that_cannot_be_written_is_a_message(
    tmp_path: Path, target: str, fragment: str
) -> None:
    done = run(
        "batch", str(EXAMPLES / "batch_1000.jsonl"), "-o", target.format(tmp=tmp_path),
        "--as-of", DAY,
    )  # fmt: skip
    assert done.returncode == 2
    assert fragment in done.stderr
    no_traceback(done)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot write in: by permissions for an ordinary user; for root,
    which ignores permissions, a read-only tmpfs (or /sys where mounting is not allowed)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
        capture_output=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        yield Path("/sys")
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_directory_is_a_message(read_only_folder: Path) -> None:
    done = run(
        "batch", str(EXAMPLES / "batch_1000.jsonl"), "-o", str(read_only_folder / "out.jsonl"),
        "--as-of", DAY,
    )  # fmt: skip
    assert done.returncode == 2
    assert re.search("Permission denied|Read-only file system", done.stderr), done.stderr
    no_traceback(done)


def test_standard_streams(corpus: tuple[Path, bytes]) -> None:
    source, clean = corpus
    text = source.read_text(encoding="utf-8")
    piped = run("batch", "-", "-o", "-", "--as-of", DAY, stdin=text)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.encode() == clean
    device = run("batch", str(source), "-o", "/dev/stdout", "--as-of", DAY)
    assert device.returncode == 0, device.stderr
    assert device.stdout.encode() == clean
    refused = run("batch", "-", "-o", "x.jsonl", "--resume", stdin=text)
    assert refused.returncode == 2
    assert "standard input" in refused.stderr


def test_csv_from_standard_input(tmp_path: Path) -> None:
    csv_text = (
        "name,entity_type,registered_capital_cny,registered_province,service_provinces,activities\n"
        'Alpha,limited_liability_company,"1,000,000",北京,Beijing,seat_rental\n'
    )
    done = run("batch", "-", "--input-format", "csv", "-o", "-", "--as-of", DAY, stdin=csv_text)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert json.loads(line)["assessment"]["license_type"] == "regional"


def test_the_printed_resume_command_works_as_printed(
    tmp_path: Path, corpus: tuple[Path, bytes]
) -> None:
    source, clean = corpus
    folder = tmp_path / "a folder with spaces"
    folder.mkdir()
    output = folder / "out put.jsonl"
    printed = interrupt_and_resume_as_printed(
        [str(source), "-o", str(output), "--as-of", DAY, "--workers", "2"], output, 30_000
    )
    assert "--workers 2" in printed
    assert output.read_bytes() == clean
    assert shlex.split(printed)[1:3] == ["batch", str(source)]


def test_resume_streams_instead_of_loading_the_output(
    tmp_path: Path, corpus: tuple[Path, bytes]
) -> None:
    source, clean = corpus
    small = tmp_path / "small.jsonl"
    small.write_bytes(source.read_bytes().split(b"\n", 1)[0] + b"\n")

    def peak_rss(*args: str) -> int:
        """Peak resident memory (KiB) of one command, in a child of a fresh process."""
        probe = (
            "import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe, str(SCRIPT), *args],
            capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
        return int(done.stdout)

    output = tmp_path / "out.jsonl"
    assert run("batch", str(source), "-o", str(output), "--as-of", DAY).returncode == 0
    baseline = peak_rss("batch", str(small), "-o", str(tmp_path / "s.jsonl"), "--as-of", DAY)
    resumed = peak_rss("batch", str(source), "-o", str(output), "--as-of", DAY, "--resume")
    assert output.read_bytes() == clean
    # Loading the ~21 MB output (as 0.1.0 did) costs well over 40 MiB more.
    assert resumed - baseline < 15_000, (baseline, resumed)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_an_interruption_between_the_lines_and_their_manifest_entries_waits_for_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: signal.Signals
) -> None:
    # The signal arrives after a row's line is written and before its manifest entry is:
    # the entry is still written, then the run stops, so that nothing needs dropping.
    import callcenter_rules.batch.output as batch_output
    from callcenter_rules.batch import MANIFEST_SUFFIX, run_batch

    def stop(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(signal, "getsignal", lambda n: stop if n == number else signal.SIG_DFL)
    original = signal.signal(number, stop)
    write_all = batch_output._write_all
    calls = []

    def write_all_then_signal(fd: int, data: bytes) -> None:
        write_all(fd, data)
        calls.append(fd)
        if len(calls) == 7:  # the 4th row's line (after the manifest's header)
            os.kill(os.getpid(), number)
            time.sleep(0.01)  # the handler runs here, within the write

    monkeypatch.setattr(batch_output, "_write_all", write_all_then_signal)
    source = tmp_path / "in.jsonl"
    lines = (EXAMPLES / "batch_1000.jsonl").read_text(encoding="utf-8").split("\n")[:20]
    source.write_text("\n".join(lines) + "\n", "utf-8")
    output = tmp_path / "out.jsonl"
    try:
        summary = run_batch(source, output, as_of=datetime.date(2024, 6, 1))
    finally:
        signal.signal(number, original)
    assert summary.interrupted
    written = output.read_bytes().count(b"\n")
    manifest = output.with_name(output.name + MANIFEST_SUFFIX).read_bytes().count(b"\n")
    assert 0 < written < 20
    assert manifest == written + 1  # the header, then one entry per line
    assert summary.rows == written


# ---------------------------------------------------------------- a rule pack that cannot be used

_UNUSABLE_PACKS = """
from callcenter_rules.packs import COMPANY, LICENCE, Confidence, Document, FindingSpec
from callcenter_rules.packs import Provision, Rule, RulePack, Severity, Source

SOURCES = (Source(Provision(Document("Memo", "备忘录"), "1", "一。"), "U-1", Confidence.HIGH),)


def uncompilable():
    return RulePack("unusable-template", "1.0", [Rule(
        id="UNUSABLE-NOTE", summary="A note.", summary_zh="说明。", sources=SOURCES,
        when={"licence": LICENCE, "company": COMPANY.professional_staff > 0},
        findings=(FindingSpec("UNUSABLE_NOTE", Severity.INFO, "Note {missing}.", "说明{missing}。"),),
    )])


def unloadable():
    raise RuntimeError("the pack's table is not installed")
"""


@pytest.fixture(scope="module")
def unusable_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a command line on which two packs are installed that cannot be
    used: one whose factory fails, one whose finding names a value its rule does not give."""
    place = tmp_path_factory.mktemp("unusable-packs")
    (place / "callcenter_rules_unusable.py").write_text(_UNUSABLE_PACKS, encoding="utf-8")
    info = place / "callcenter_rules_unusable-0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: callcenter-rules-unusable\nVersion: 0.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[callcenter_rules.rule_packs]\n"
        "unusable-template = callcenter_rules_unusable:uncompilable\n"
        "unusable-load = callcenter_rules_unusable:unloadable\n",
        encoding="utf-8",
    )
    path = os.pathsep.join([str(place), *filter(None, [os.environ.get("PYTHONPATH")])])
    return {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.mark.parametrize(
    ("pack", "english", "chinese"),
    [
        (
            "unusable-load",
            "Error: rule pack 'unusable-load' (callcenter_rules_unusable:unloadable) cannot be "
            "loaded: the pack's table is not installed\n",
            "错误：规则包“unusable-load”（callcenter_rules_unusable:unloadable）无法加载："
            "the pack's table is not installed\n",
        ),
        (
            "unusable-template",
            "Error: rule pack unusable-template, rule UNUSABLE-NOTE: the message of finding "
            "UNUSABLE_NOTE names {missing}, which the rule does not give (its values: none)\n",
            "错误：规则包“unusable-template”的规则 UNUSABLE-NOTE：结论 UNUSABLE_NOTE 的 message "
            "使用了 {missing}，但该规则没有这个值（可用的值：无）\n",
        ),
    ],
)
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_rule_pack_that_cannot_be_used_exits_2_before_any_output(
    tmp_path: Path, unusable_packs: dict[str, str], pack: str, english: str, chinese: str,
    workers: str,
) -> None:  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_bytes((EXAMPLES / "batch_1000.jsonl").read_bytes()[:5000].rsplit(b"\n", 1)[0])
    for lang, said in (("en", english), ("zh", chinese)):
        for output in (str(tmp_path / "out.jsonl"), "-"):
            done = subprocess.run(
                [str(SCRIPT), "batch", str(source), "-o", output, "--as-of", DAY,
                 "--rule-pack", pack, "--workers", workers, "--lang", lang],
                env=unusable_packs, capture_output=True, text=True, timeout=300, check=False,
            )  # fmt: skip
            assert (done.returncode, done.stderr, done.stdout) == (2, said, "")
    assert not (tmp_path / "out.jsonl").exists()
    assert not (tmp_path / ("out.jsonl.manifest")).exists()
