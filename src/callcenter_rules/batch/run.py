"""Running a batch: `run_batch` checks its arguments (`_check`), then runs (`_run`): the input
is checked, the engine built and the output opened before the first row is assessed; the
rows are assessed, written and counted (`_assess_rows`), with an interruption held while a
line and its manifest entry are written (`_WriteGuard`)."""

from __future__ import annotations

import contextlib
import datetime
import itertools
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import attrs

from ..api import Engine, UnsupportedDate, check_as_of
from ..cache import check_cache_size
from ..config import Config, os_reason
from ..model import Policy, Said, type_zh, zh_quote
from .base import DETAILS, OUTPUT_FORMATS, BatchError, Summary, tally
from .output import Output, fingerprint
from .read import LICENCE_CSV, PROFILE_CSV, Input, read_once
from .records import Job
from .workers import Done, assess_chunk, run_parallel


def run_batch(
    input_path: Path | str,
    output_path: Path | str,
    *,
    as_of: datetime.date,
    workers: int = 1,
    resume: bool = False,
    overwrite: bool = False,
    input_format: str | None = None,
    policy: Policy | None = None,
    on_row: Callable[[], None] | None = None,
    plan: bool = False,
    detail: str = "full",
    output_format: str | None = None,
    config: Config | None = None,
    cache_size: int = 0,
    encoding: str = "utf-8",
    review: bool = False,
) -> Summary:
    """Assess every row of ``input_path`` into ``output_path``; see `callcenter_rules.batch`.

    ``"-"`` means standard input or standard output. ``workers`` > 1 runs that many
    processes, each with its own engine; the output is the same either way. An output that
    already has rows is refused unless ``resume`` (continue it) or ``overwrite`` (start
    over) is given. With ``plan``, each assessment line also carries the profile's plan
    (``"plan"``: `Plan.to_dict`, as ``callcenter-rules plan --format json`` prints it).
    ``detail="summary"`` writes a short line per row instead (`SUMMARY_COLUMNS`; with
    ``plan``, also `PLAN_COLUMNS`). ``output_format`` is ``"jsonl"`` or ``"csv"`` (a summary
    only); by default CSV for an output named ``.csv``, else JSON Lines.
    ``config`` (a `Config`: policy, parameter overrides, rule packs) builds the engine, the
    same in every worker; ``policy`` alone is short for ``Config(policy=policy)``.
    ``cache_size`` gives each engine (each worker's) an assessment cache of that many
    profiles, for inputs with repeated rows (`callcenter_rules.cache`), and with ``plan``
    as many plans; the output is the same with or without it.
    ``encoding`` is the encoding of CSV input (`ENCODINGS`: UTF-8, the default, GBK or
    GB18030); JSON input is always UTF-8. A CSV input in GBK read as UTF-8 is refused with a
    hint, and a CSV header that names profile fields only when split at semicolons or tabs
    is read with that delimiter (as is a file starting with Excel's ``sep=;`` line).
    An input path that is not a regular file (a pipe: ``<(zcat in.gz)``, ``/dev/stdin``;
    a FIFO) is read once, as it comes, like standard input; such a batch cannot be resumed.
    ``input_format`` is by default the one the extension names, else (standard input, a
    pipe, no extension) the one the content shows (its first character: ``{``
    JSON Lines, ``[`` one JSON document, anything else CSV). An input file is opened
    once and its rows read through the descriptor that was checked, and hashed as they are
    read. ``KeyboardInterrupt`` stops the run after the last whole line and
    returns a summary with ``interrupted`` set.

    With ``review``, each row is a licence holder's, a register's line: a licence, or
    ``{"licence": {...}, "profile": {...} or null}`` (`review_input`); a CSV register's
    columns are licence fields and, for the business, profile fields after ``profile.``.
    Each line is then the licence's review (`review_record`: its status, the review, its
    calendar in both languages), in JSON Lines, with neither ``plan`` nor a summary.

    Raises:
        BatchError: before anything is written, for bad arguments, an unreadable input or
            an output that is the input, is locked by another batch or (with ``resume``)
            does not belong to this batch; during the run, when the output cannot be
            written (a full disk): the output is then cut back to whole lines (the message
            says so, or why it could not be) and can be resumed; at the end, when the input
            changed while it was read (fewer or more rows than it held when checked, or
            other content): the output can then not be resumed.
    """
    batch = _check(
        input_path,
        output_path,
        as_of=as_of,
        workers=workers,
        resume=resume,
        overwrite=overwrite,
        input_format=input_format,
        policy=policy,
        plan=plan,
        detail=detail,
        output_format=output_format,
        config=config,
        cache_size=cache_size,
        encoding=encoding,
        review=review,
    )
    return _run(batch, on_row)


@attrs.frozen
class _Batch:
    """A batch's arguments, checked: what `_run` needs."""

    #: The input as given (``"-"``, or its path as given), and its path (None: standard
    #: input).
    shown: str
    source_path: Path | None
    #: The output's path (None: standard output).
    target_path: Path | None
    day: datetime.date
    job: Job
    config: Config
    workers: int
    resume: bool
    overwrite: bool
    input_format: str | None
    encoding: str
    cache_size: int


def _check(
    input_path: Path | str,
    output_path: Path | str,
    *,
    as_of: datetime.date,
    workers: int,
    resume: bool,
    overwrite: bool,
    input_format: str | None,
    policy: Policy | None,
    plan: bool,
    detail: str,
    output_format: str | None,
    config: Config | None,
    cache_size: int,
    encoding: str,
    review: bool = False,
) -> _Batch:
    """The checks of `run_batch`'s arguments, before anything is opened: the workers, the
    cache size, the options (`_job`), the day, the configuration (`_config`), and that a
    batch to resume reads an input it can read again.

    Raises:
        BatchError: an argument that cannot be used; the message says which and why.
    """
    if workers < 1:
        raise BatchError("--workers must be at least 1", "--workers 至少为1")
    try:
        check_cache_size(cache_size)
    except (TypeError, ValueError):
        raise BatchError(
            f"--cache must be a whole number, 0 (no cache) or more, got {cache_size!r}",
            f"--cache 必须是不小于0的整数（0表示不缓存），实际为{cache_size!r}",
        ) from None
    if resume and overwrite:
        raise BatchError(
            "--resume and --overwrite exclude each other", "--resume 和 --overwrite 不能同时使用"
        )
    job = _job(output_path, plan, detail, output_format, review)
    try:
        day = check_as_of(as_of)
    except UnsupportedDate as error:
        raise BatchError(str(error), error.message_zh) from None
    except (ValueError, TypeError) as error:
        raise BatchError(
            str(error), f"评估日必须是日期，实际为{type_zh(type(as_of).__name__)}"
        ) from None
    config = _config(config, policy)
    source_path = None if str(input_path) == "-" else Path(input_path)
    target_path = None if str(output_path) == "-" else Path(output_path)
    if resume and source_path is None:
        raise BatchError(
            "cannot resume a batch read from standard input (it cannot be read again)",
            "从标准输入读取的批处理不能续做（标准输入无法再读一遍）",
        )
    if resume and source_path is not None and read_once(source_path):
        raise BatchError(
            f"cannot resume a batch read from {source_path}: it is not a regular file (a "
            "pipe), so it cannot be read again. Save the input to a file and run from that.",
            f"从 {source_path} 读取的批处理不能续做：它不是普通文件（是管道之类），无法再读一遍。"
            "请把输入存为文件，再从文件运行。",
        )
    return _Batch(
        shown=str(input_path),
        source_path=source_path,
        target_path=target_path,
        day=day,
        job=job,
        config=config,
        workers=workers,
        resume=resume,
        overwrite=overwrite,
        input_format=input_format,
        encoding=encoding,
        cache_size=cache_size,
    )


def _run(batch: _Batch, on_row: Callable[[], None] | None) -> Summary:
    """Check the input (`Input`), build the engine, open the output (checking that it may
    be written, and with ``resume`` that it is this batch's), then assess the rows
    (`_assess_rows`)."""
    source = Input(
        batch.source_path,
        batch.input_format,
        batch.encoding,
        shown=batch.shown,
        shape=LICENCE_CSV if batch.job.review else PROFILE_CSV,
    )
    with contextlib.closing(source):
        try:
            engine = batch.config.engine(cache_size=batch.cache_size)
        except ValueError as error:  # an unusable parameter override or rule pack
            raise BatchError(str(error), getattr(error, "message_zh", None) or str(error)) from None
        try:
            if batch.job.review:
                try:
                    engine.review_day(batch.day)
                except UnsupportedDate as error:
                    raise BatchError(str(error), error.message_zh) from None
            job = batch.job
            output = Output(
                batch.target_path,
                job.preamble(),
                is_csv=job.output_format == "csv",
                columns=job.columns,
            )
            try:
                skipped = output.open(
                    resume=batch.resume,
                    overwrite=batch.overwrite,
                    fingerprint=fingerprint(source, batch.day, engine, job),
                    source=source,
                )
                return _assess_rows(source, output, engine, batch, skipped, on_row)
            finally:
                output.close()
        finally:
            engine.close()


def _config(config: Config | None, policy: Policy | None) -> Config:
    if config is None:
        return Config(policy=policy if policy is not None else Policy())
    if not isinstance(config, Config):
        raise BatchError(
            f"config must be a Config, got {type(config).__name__}",
            f"参数“config”必须是“Config”对象，实际为{type_zh(type(config).__name__)}",
        )
    if policy is not None and policy != config.policy:
        raise BatchError(
            "give the policy in the configuration or as policy=, not both",
            "政策选项请在配置中给出，或以“policy=”给出，不要同时给出两者",
        )
    return config


def _job(
    output_path: Path | str,
    plan: bool,
    detail: str,
    output_format: str | None,
    review: bool = False,
) -> Job:
    """Check the detail and the output format (from the output's name unless given)."""
    if review:
        if plan or detail != "full" or output_format not in {None, "jsonl"}:
            raise BatchError(
                "a review's lines are JSON Lines in full: review gives neither a plan, a "
                "summary nor CSV",
                "许可证审查的输出为完整的 JSON Lines：不能同时要求取得许可的途径、摘要或 CSV",
            )
        return Job(review=True)
    if detail not in DETAILS:
        raise BatchError(
            f"unknown detail {detail!r}; use full or summary",
            f"未知的详细程度{zh_quote(str(detail))}；请使用 full 或 summary",
        )
    if output_format is None:
        output_format = "csv" if str(output_path).lower().endswith(".csv") else "jsonl"
    elif output_format not in OUTPUT_FORMATS:
        raise BatchError(
            f"unknown output format {output_format!r}; use jsonl or csv",
            f"未知的输出格式{zh_quote(str(output_format))}；请使用 jsonl 或 csv",
        )
    if output_format == "csv" and detail != "summary":
        raise BatchError(
            "CSV output holds one summary row per profile: add --detail summary, or write "
            "JSON Lines (an output not named .csv, or --output-format jsonl)",
            "CSV 输出每个企业一行摘要：请加上 --detail summary，或输出 JSON Lines"
            "（输出文件名不以 .csv 结尾，或使用 --output-format jsonl）",
        )
    return Job(plan=plan, detail=detail, output_format=output_format)


def _assess_rows(
    source: Input,
    output: Output,
    engine: Engine,
    batch: _Batch,
    skipped: int,
    on_row: Callable[[], None] | None,
) -> Summary:
    """Assess the rows after the ``skipped`` ones the output holds already, write their
    lines and count them; then check that the input did not change while it was read."""
    day, workers, config, job = batch.day, batch.workers, batch.config, batch.job
    summary = Summary(skipped=skipped, kept=output.kept)
    # With workers, JSON Lines input is parsed in the workers, not here.
    rows = itertools.islice(source.items(raw=workers > 1), skipped, None)
    started = time.perf_counter()

    def emit(results: list[Done]) -> None:
        # An interruption waits until the lines, their manifest entries and the counts
        # are all done (`_WriteGuard`).
        with guard:
            try:
                output.write([line for line, _, _ in results], [digest for _, digest, _ in results])
            except OSError as error:
                raise _write_failed(output, summary.skipped + summary.rows, error) from None
            for _, _, brief in results:
                tally(summary, brief)
                if on_row is not None:
                    on_row()

    guard = _WriteGuard()
    try:
        with guard.installed():
            if workers == 1:
                for row in rows:
                    emit(assess_chunk(engine, [row], day, job))
            else:
                left = None if source.total is None else source.total - skipped
                run_parallel(rows, day, workers, config, emit, job, engine, left)
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.perf_counter() - started
    read = skipped + summary.rows
    if not summary.interrupted and source.total is not None and read != source.total:
        output.disown()
        raise BatchError(
            f"{source.name} changed while it was read: it held {source.total} rows when "
            f"checked, and {read} were read. {output.name} holds the rows read, as whole "
            "lines; run again with --overwrite once the input is whole.",
            f"{source.name.zh} 在读取期间被改动了：检查时有 {source.total} 行，实际读到 "
            f"{read} 行。{output.name.zh} 中是已读到的行，均为完整的行；"
            "待输入文件完整后请用 --overwrite 重新运行。",
        )
    if not summary.interrupted and source.changed:
        output.disown()
        raise BatchError(
            f"{source.name} changed while it was read: the rows read are not the content "
            f"that was checked, so {output.name} may hold rows of both versions. --resume "
            "will refuse it; run again with --overwrite once the input no longer changes.",
            f"{source.name.zh} 在读取期间被改动了：读到的行不是检查时的内容，"
            f"{output.name.zh} 中可能混有改动前后两个版本的行。"
            "--resume 将拒绝续做；待输入文件不再变动后请用 --overwrite 重新运行。",
        )
    return summary


def _write_failed(output: Output, done: int, error: OSError) -> BatchError:
    """Why writing ``output`` failed after ``done`` rows, and what it holds now (whole
    lines, unless it could not be cut back to them)."""
    reason = os_reason(error)
    start = Said(
        f"writing {output.name} failed after {done} rows: {reason}. ",
        f"写入 {output.name.zh} 时失败（已写 {done} 行）：{reason.zh}。",
    )
    if output.cut is None:
        return BatchError(
            f"{start}It holds those rows as whole lines; fix the cause and resume.",
            f"{start.zh}其中的 {done} 行均为完整的行；排除原因后可用 --resume 续做。",
        )
    if not output.regular:
        return BatchError(
            f"{start}Its last line may be cut short ({output.cut}).",
            f"{start.zh}最后一行可能不完整（{output.cut.zh}）。",
        )
    return BatchError(
        f"{start}Its last line may be torn: it could not be cut back to whole lines "
        f"({output.cut}). Fix the cause and resume: a torn last line is dropped and redone.",
        f"{start.zh}最后一行可能不完整：无法截回到完整的行（{output.cut.zh}）。"
        "排除原因后可用 --resume 续做：不完整的最后一行会被丢弃并重做。",
    )


class _WriteGuard:
    """Holds an interruption (Ctrl-C, or a signal whose handler raises KeyboardInterrupt,
    as the command line's SIGTERM handler does) while lines and their manifest entries are
    written, and raises it once both are, so that an interrupted batch leaves its output
    and its manifest in step. Only in the main thread, and only for signals whose handler
    is a Python function."""

    _SIGNALS: Final = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.writing = False
        self.held: tuple[Callable[..., Any], int, Any] | None = None
        self.previous: dict[int, Callable[..., Any]] = {}

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is threading.main_thread():
            for number in self._SIGNALS:
                handler = signal.getsignal(number)
                if callable(handler):
                    self.previous[number] = handler
                    signal.signal(number, self._handle)
        try:
            yield
        finally:
            for restored, handler in self.previous.items():
                signal.signal(restored, handler)
            self.previous.clear()

    def _handle(self, number: int, frame: Any) -> None:
        handler = self.previous.get(number)
        if handler is None:  # pragma: no cover - restored already
            return
        if self.writing:
            self.held = self.held or (handler, number, frame)
        else:
            handler(number, frame)

    def __enter__(self) -> None:
        self.writing = True

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        self.writing = False
        held, self.held = self.held, None
        # An error already on its way (a full disk) ends the run anyway.
        if held is not None and kind is None:
            handler, number, frame = held
            handler(number, frame)
