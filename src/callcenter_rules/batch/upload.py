"""Batch input held in memory (a file uploaded to the web page), answered as `run_batch`
writes a summary CSV."""

from __future__ import annotations

import datetime
import io
import itertools
from pathlib import Path

from ..api import Engine
from .cells import csv_line
from .read import Input, format_of
from .records import Job, record

__all__ = ["UploadedBatch"]


class UploadedBatch:
    """Batch input held in memory (a file uploaded to the web page), read as `run_batch`
    reads a file, and its summary as `run_batch` writes CSV (``detail="summary"``,
    ``output_format="csv"``): the same header, one line per input row in order, a row that
    cannot be read or assessed as an error line, the same cells.

    ``name`` is the file's name as uploaded: its extension tells the format, as a path's
    does (else the content does). The rows are read when asked for, so that the caller can
    take them a few at a time (`lines`) and let other work take turns with the engine.

    Raises:
        BatchError: the input cannot be read as its format says (a CSV header naming no
            profile field, a ``.json`` file that is not a profile or a list of them), or
            ``input_format`` or ``encoding`` is not one of `INPUT_FORMATS`, `ENCODINGS`.
    """

    def __init__(
        self,
        data: bytes,
        name: str,
        *,
        input_format: str | None = None,
        encoding: str = "utf-8",
        plan: bool = False,
    ) -> None:
        declared = input_format or format_of(Path(name), None)
        self.job = Job(plan=plan, detail="summary", output_format="csv")
        self._source = Input(None, declared, encoding, shown=name, stream=io.BytesIO(data))
        self._rows = self._source.rows()
        #: Rows written so far.
        self.rows = 0

    @property
    def header(self) -> bytes:
        """What the CSV starts with: a byte order mark and the header row."""
        return self.job.preamble()

    def lines(self, engine: Engine, as_of: datetime.date, count: int) -> bytes:
        """The CSV lines of the next ``count`` rows at most (``b""`` after the last),
        assessed by ``engine`` on ``as_of``."""
        lines = []
        for row in itertools.islice(self._rows, count):
            lines.append(csv_line(record(engine, row, as_of, self.job), self.job.columns))
        self.rows += len(lines)
        if len(lines) < count:
            self._source.close()
        return b"".join(lines)
