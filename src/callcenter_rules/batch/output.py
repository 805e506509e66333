"""Where the lines go: the output's write lock, its manifest (the batch's fingerprint and
a digest of every line written) and ``resume``, which keeps only what this batch wrote."""

from __future__ import annotations

import contextlib
import csv
import datetime
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Final

import attrs
import orjson

from .._version import __version__
from ..api import Engine
from ..config import os_reason
from ..model import Said
from .base import MANIFEST_SUFFIX, SUMMARY_COLUMNS, BatchError, Brief, Counts, digest, same, tally
from .read import Input
from .records import Job

if sys.platform == "win32":  # pragma: no cover - not tested here
    import msvcrt
else:
    import fcntl

#: The manifest's layout; a manifest of another layout cannot be resumed.
_MANIFEST_VERSION: Final = 1


def _batch_error(said: Said) -> BatchError:
    return BatchError(str(said), said.zh)


def _lock(fd: int, name: Said) -> None:
    """Take the output's write lock, or refuse: two batches on one output would mix rows."""
    busy = Said(
        f"{name} is being written by another batch; wait for it to finish "
        "(two batches on one output would mix their rows)",
        f"另一个批处理正在写入 {name.zh}；请等它结束（两个批处理写同一个输出会使行混在一起）",
    )
    if sys.platform == "win32":  # pragma: no cover - not tested here
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            raise _batch_error(busy) from None
    else:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _batch_error(busy) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


@attrs.frozen
class _Kept:
    """What ``resume`` keeps of an output: its rows, the bytes of the output and of the
    manifest they take, and whether the output's header was torn (then written again)."""

    rows: int
    output_bytes: int
    manifest_bytes: int
    torn_preamble: bool = False


class Output:
    """Where the lines go: a regular file (locked, with a manifest) or a stream."""

    def __init__(
        self,
        path: Path | None,
        preamble: bytes = b"",
        is_csv: bool = False,
        columns: Sequence[str] = SUMMARY_COLUMNS,
    ) -> None:
        self.path = path
        self.name = Said("standard output", "标准输出") if path is None else same(str(path))
        self.fd: int | None = None
        self.manifest_fd: int | None = None
        self.regular = False
        self.written = 0
        #: What the output starts with before its first row (a CSV header), written when
        #: the output is started and checked by ``resume``.
        self.preamble = preamble
        self.is_csv = is_csv
        #: The columns of a CSV output, to count the rows ``resume`` keeps.
        self.columns = tuple(columns)
        #: The counts of the rows ``resume`` kept.
        self.kept = Counts()
        #: The batch's fingerprint, as the manifest records it.
        self.fingerprint: dict[str, Any] = {}
        #: After a write failed: whether the output was cut back to whole lines (and its
        #: manifest to their entries), or why not.
        self.cut: Said | None = None

    @property
    def manifest_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + MANIFEST_SUFFIX)

    def open(
        self, *, resume: bool, overwrite: bool, fingerprint: dict[str, Any], source: Input
    ) -> int:
        """Open, lock and prepare the output; return how many rows it already holds."""
        self.fingerprint = fingerprint
        if self.path is None:
            if resume:
                raise BatchError(
                    "cannot resume a batch written to standard output",
                    "写到标准输出的批处理不能续做（--resume）",
                )
            self.fd = sys.stdout.buffer.fileno()
            sys.stdout.flush()
            self._write_preamble()
            return 0
        path = self.path
        if source.path is not None:
            for target in (path, self.manifest_path):
                if target.exists() and os.path.samefile(source.path, target):
                    raise BatchError(
                        f"the output {target} is the input {source.path} itself "
                        "(the same file, perhaps through a link); choose another output",
                        f"输出 {target} 就是输入 {source.path} 本身（同一个文件，可能经由链接）；"
                        "请另选输出",
                    )
        try:
            if path.exists() and not path.is_file():
                return self._open_stream(path, resume)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise _cannot_write(path, error) from None
        self.fd, self.regular = fd, True
        _lock(fd, self.name)
        size = os.fstat(fd).st_size
        if resume:
            return self._resume(fingerprint)
        if size and not overwrite:
            raise BatchError(
                f"{path} already has rows; use --resume to continue it "
                "or --overwrite to start over",
                f"{path} 中已有数据行；请用 --resume 接着做，或用 --overwrite 从头开始",
            )
        try:
            os.ftruncate(fd, 0)
            manifest = os.open(self.manifest_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        except OSError as error:
            reason = Said(str(error.strerror), os_reason(error).zh)
            raise _cannot_write(self.manifest_path, error, reason) from None
        self.manifest_fd = manifest
        _write_all(manifest, orjson.dumps(fingerprint) + b"\n")
        self._write_preamble()
        return 0

    def _write_preamble(self) -> None:
        assert self.fd is not None
        try:
            _write_all(self.fd, self.preamble)
        except OSError as error:
            reason = os_reason(error)
            raise BatchError(
                f"cannot write {self.name}: {reason}", f"无法写入 {self.name.zh}：{reason.zh}"
            ) from None

    def _open_stream(self, path: Path, resume: bool) -> int:
        # A device or pipe (/dev/stdout, /dev/null, a FIFO): written as a stream.
        if resume:
            raise BatchError(
                f"cannot resume into {path}: it is not a regular file",
                f"不能续做到 {path}：它不是普通文件",
            )
        try:
            self.fd = os.open(path, os.O_WRONLY)
        except OSError as error:
            raise _cannot_write(path, error) from None
        self._write_preamble()
        return 0

    def _resume(self, fingerprint: dict[str, Any]) -> int:
        """Keep the rows of an output this batch wrote: read the manifest, check its
        fingerprint against this batch's, verify every kept line against the manifest, and
        cut off a torn or unrecorded tail; return how many rows are kept."""
        assert self.fd is not None
        if os.fstat(self.fd).st_size == 0 and not self.manifest_path.exists():
            # Nothing was written yet: start as a fresh run would.
            self.manifest_fd = os.open(
                self.manifest_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644
            )
            _write_all(self.manifest_fd, orjson.dumps(fingerprint) + b"\n")
            self._write_preamble()
            return 0
        self.manifest_fd = self._open_manifest()
        with (
            open(self.manifest_fd, "rb", closefd=False) as manifest,
            open(self.fd, "rb", closefd=False) as output,
        ):
            manifest.seek(0)
            output.seek(0)
            recorded, header_bytes = self._read_manifest(manifest)
            self._check_fingerprint(recorded, fingerprint)
            kept = self._verify_kept(output, manifest, header_bytes)
        self._truncate(kept)
        return kept.rows

    def _open_manifest(self) -> int:
        """The manifest, opened to be read and cut back.

        Raises:
            BatchError: there is none, or it cannot be opened.
        """
        manifest_path = self.manifest_path
        if not manifest_path.exists():
            raise BatchError(
                f"{self.path} has no manifest ({manifest_path.name}), so it cannot be checked "
                "as this batch's output; cannot resume. Start over with --overwrite.",
                f"{self.path} 没有清单文件（{manifest_path.name}），无法核实它是本批处理的输出；"
                "不能续做。请用 --overwrite 从头开始。",
            )
        try:
            return os.open(manifest_path, os.O_RDWR)
        except OSError as error:
            raise BatchError(
                f"cannot open {manifest_path}: {error.strerror}",
                f"无法打开 {manifest_path}：{os_reason(error).zh}",
            ) from None

    def _read_manifest(self, manifest: IO[bytes]) -> tuple[dict[str, Any], int]:
        """The fingerprint the manifest's first line records, and that line's length.

        Raises:
            BatchError: the first line is not a whole JSON object.
        """
        header_line = manifest.readline()
        try:
            recorded = orjson.loads(header_line)
        except orjson.JSONDecodeError:
            recorded = None
        if not isinstance(recorded, dict) or not header_line.endswith(b"\n"):
            raise BatchError(
                f"{self.manifest_path} is not a batch manifest; cannot resume",
                f"{self.manifest_path} 不是批处理的清单文件；不能续做",
            )
        return recorded, len(header_line)

    def _check_fingerprint(self, recorded: dict[str, Any], fingerprint: dict[str, Any]) -> None:
        """Refuse an output written by another batch: other input, options or rules.

        Raises:
            BatchError: the fingerprints differ; the message says how.
        """
        differences = _differences(recorded, fingerprint)
        if differences:
            raise BatchError(
                f"{self.path} was written by another batch ({'; '.join(differences)}); "
                "cannot resume. Start over with --overwrite, or resume with the same "
                "input and options.",
                f"{self.path} 是另一个批处理写的（{'；'.join(d.zh for d in differences)}）；"
                "不能续做。请用 --overwrite 从头开始，或用相同的输入和选项续做。",
            )

    def _verify_kept(self, output: IO[bytes], manifest: IO[bytes], header_bytes: int) -> _Kept:
        """Read the output's header, then its lines beside the manifest's entries (after
        its first line, ``header_bytes`` long) as far as both hold whole lines, checking
        each line against its entry and counting it in `kept`.

        Raises:
            BatchError: the output does not start with this batch's header, an entry is
                damaged, or a line is not the one its entry records or not its row's.
        """
        start = output.read(len(self.preamble))
        if start != self.preamble and not self.preamble.startswith(start):
            raise BatchError(
                f"{self.path} does not start with the header this batch writes; cannot "
                "resume. Start over with --overwrite.",
                f"{self.path} 开头不是本批处理写的表头；不能续做。请用 --overwrite 从头开始。",
            )
        if start != self.preamble:
            # A torn header (the run stopped while starting the output) holds no rows: it
            # is written again (`_truncate`).
            return _Kept(rows=0, output_bytes=0, manifest_bytes=header_bytes, torn_preamble=True)
        kept = 0
        kept_bytes = len(start)
        manifest_bytes = header_bytes
        while True:
            line = output.readline()
            if not line.endswith(b"\n"):
                break  # the end, or a torn last line
            entry_line = manifest.readline()
            if not entry_line.endswith(b"\n"):
                break  # written but not recorded: done again
            try:
                row, recorded_digest = orjson.loads(entry_line)
            except (orjson.JSONDecodeError, ValueError, TypeError):
                raise BatchError(
                    f"{self.manifest_path} line {kept + 2} is damaged; cannot resume",
                    f"{self.manifest_path} 第{kept + 2}行已损坏；不能续做",
                ) from None
            if row != kept + 1 or recorded_digest != digest(line):
                raise BatchError(
                    f"line {kept + 1} of {self.path} is not the line this batch wrote "
                    "(changed or reordered after it was written); cannot resume. Start "
                    "over with --overwrite.",
                    f"{self.path} 第{kept + 1}行不是本批处理写的那一行（写入后被修改或调换了"
                    "顺序）；不能续做。请用 --overwrite 从头开始。",
                )
            brief = self._brief(line, kept + 1)
            if brief is None:
                raise BatchError(
                    f"line {kept + 1} of {self.path} is not row {kept + 1}; cannot resume",
                    f"{self.path} 第{kept + 1}行不是第{kept + 1}条记录；不能续做",
                )
            tally(self.kept, brief)
            kept += 1
            kept_bytes += len(line)
            manifest_bytes += len(entry_line)
        return _Kept(rows=kept, output_bytes=kept_bytes, manifest_bytes=manifest_bytes)

    def _truncate(self, kept: _Kept) -> None:
        """Cut the output and the manifest back to what is kept (a torn or unrecorded last
        line goes, to be done again), write a torn header again, and go on at the end."""
        assert self.fd is not None
        assert self.manifest_fd is not None
        os.ftruncate(self.fd, kept.output_bytes)
        os.ftruncate(self.manifest_fd, kept.manifest_bytes)
        os.lseek(self.fd, 0, os.SEEK_END)
        os.lseek(self.manifest_fd, 0, os.SEEK_END)
        if kept.torn_preamble:
            self._write_preamble()
        self.written = kept.rows

    def _brief(self, line: bytes, number: int) -> Brief | None:
        """What a kept line says, to count it (as `assess_chunk` briefs a line); None if
        it is not the line of row ``number``."""
        if self.is_csv:
            if not line.startswith(b"%d," % number):
                return None
            cells = dict(
                zip(self.columns, next(csv.reader([line.decode("utf-8", "replace")])), strict=False)
            )
            if cells.get("error_type"):
                return {"row": number, "error": cells["error_type"]}
            brief: Brief = {
                "row": number,
                "status": cells.get("status", ""),
                "license_type": cells.get("license_type") or None,
            }
            if cells.get("plan_error"):
                brief["plan_error"] = True
            return brief
        try:
            parsed = orjson.loads(line)
        except orjson.JSONDecodeError:
            return None
        if not isinstance(parsed, dict) or parsed.get("row") != number:
            return None
        error = parsed.get("error")
        if isinstance(error, dict):
            return {"row": number, "error": error.get("type")}
        assessment = parsed.get("assessment", parsed)
        if not isinstance(assessment, dict):
            return None
        brief = {
            "row": number,
            "status": assessment.get("status"),
            "license_type": assessment.get("license_type"),
        }
        if "plan_error" in parsed:
            brief["plan_error"] = True
        return brief

    def write(self, lines: list[bytes], digests: list[str]) -> None:
        """Write whole lines, then record them (their digests) in the manifest. When a write
        fails, the output and the manifest are cut back to what they held before (`cut`
        says whether that worked) and the error is raised."""
        assert self.fd is not None
        entries = b"".join(
            b'[%d,"%s"]\n' % (self.written + number, digest.encode())
            for number, digest in enumerate(digests, start=1)
        )
        ends = (self._end(self.fd), self._end(self.manifest_fd))
        try:
            _write_all(self.fd, b"".join(lines))
            if self.manifest_fd is not None:
                _write_all(self.manifest_fd, entries)
        except OSError:
            self.cut = self._cut_back(*ends)
            raise
        self.written += len(digests)

    def disown(self) -> None:
        """Make ``resume`` refuse this output: its manifest is left with the fingerprint
        only, without the input's checksum (the rows were read from an input that changed
        while it was read, so no input is theirs)."""
        if self.manifest_fd is None or not self.regular:
            return
        with contextlib.suppress(OSError):  # the error about the input is what matters
            os.ftruncate(self.manifest_fd, 0)
            os.lseek(self.manifest_fd, 0, os.SEEK_SET)
            header = {**self.fingerprint, "input_sha256": None}
            _write_all(self.manifest_fd, orjson.dumps(header) + b"\n")

    def _end(self, fd: int | None) -> int | None:
        """Where the next write to ``fd`` goes, in a regular file."""
        return os.lseek(fd, 0, os.SEEK_CUR) if fd is not None and self.regular else None

    def _cut_back(self, output_end: int | None, manifest_end: int | None) -> Said | None:
        """Cut the output and the manifest back to ``output_end`` and ``manifest_end``;
        None if done, else why not."""
        if output_end is None:
            return Said(
                "what was written to a stream cannot be taken back",
                "写到流中的内容无法收回",
            )
        try:
            for fd, end in ((self.fd, output_end), (self.manifest_fd, manifest_end)):
                if fd is not None and end is not None:
                    os.ftruncate(fd, end)
                    os.lseek(fd, end, os.SEEK_SET)
        except OSError as error:
            return os_reason(error)
        return None

    def close(self) -> None:
        for fd in (self.manifest_fd, self.fd if self.path is not None else None):
            if fd is not None:
                try:
                    if self.regular:
                        os.fsync(fd)
                finally:
                    os.close(fd)
        self.fd = self.manifest_fd = None


def _cannot_write(path: Path, error: OSError, reason: Said | None = None) -> BatchError:
    reason = reason or os_reason(error)
    return BatchError(f"cannot write {path}: {reason}", f"无法写入 {path}：{reason.zh}")


def _differences(recorded: dict[str, Any], expected: dict[str, Any]) -> list[Said]:
    labels = {
        "input_sha256": ("the input's content differs", "输入的内容不同"),
        "input_format": ("the input format differs", "输入格式不同"),
        "input_encoding": (
            "read as {recorded}, this run reads {expected}",
            "写入时输入按“{recorded}”编码读取，本次按“{expected}”读取",
        ),
        "as_of": (
            "written for as_of {recorded}, this run is for {expected}",
            "写入时的评估日为 {recorded}，本次为 {expected}",
        ),
        "configuration": (
            "the configuration (policy, parameters, rule packs, --plan) differs",
            "配置（政策选项、参数、规则包、--plan）不同",
        ),
        "detail": (
            "written with --detail {recorded}, this run is --detail {expected}",
            "写入时为 --detail “{recorded}”，本次为 --detail “{expected}”",
        ),
        "output_format": (
            "written as {recorded}, this run writes {expected}",
            "写入格式为“{recorded}”，本次为“{expected}”",
        ),
        "library_version": (
            "written by callcenter-rules {recorded}, this is {expected}",
            "由 callcenter-rules {recorded} 写入，当前版本为 {expected}",
        ),
        "ruleset_hash": ("the rules differ", "规则不同"),
        "manifest": ("the manifest version differs", "清单文件的版本不同"),
    }
    # A manifest from before the detail, the output format and the encoding were recorded
    # is full JSON Lines, read as UTF-8.
    recorded = {"detail": "full", "output_format": "jsonl", "input_encoding": "utf-8", **recorded}
    found = []
    for key, (label, label_zh) in labels.items():
        if recorded.get(key) != expected.get(key):
            values = {"recorded": recorded.get(key), "expected": expected.get(key)}
            found.append(Said(label.format(**values), label_zh.format(**values)))
    return found


def fingerprint(source: Input, day: datetime.date, engine: Engine, job: Job) -> dict[str, Any]:
    """What the manifest records of a batch (its first line), for ``resume`` to compare:
    the input, its SHA-256, format and encoding, the day, the configuration, the detail and
    output format, the library version and the ruleset hash."""
    return {
        "manifest": _MANIFEST_VERSION,
        "input": source.name,
        "input_sha256": source.sha256,
        "input_format": source.format,
        "input_encoding": source.encoding,
        "as_of": day.isoformat(),
        # A review's batch says so (a batch of profiles' fingerprint is as it was).
        "configuration": {
            **engine.configuration,
            "plan": job.plan,
            **({"review": True} if job.review else {}),
        },
        "detail": job.detail,
        "output_format": job.output_format,
        "library_version": __version__,
        "ruleset_hash": engine.ruleset_hash,
    }
