r"""Batch screening: many profiles in, exactly one output line per input row, in input order.

Input is JSON Lines (one profile object per line; blank lines are skipped), CSV (a header
row naming profile fields, then one profile per row) or a ``.json`` file holding one
profile or an array of profiles. Output is JSON Lines: for each input row either
``{"row": N, "assessment": {...}}`` or
``{"row": N, "error": {"type": ..., "line": L, "errors": [{"path": ..., "message": ...}]}}``.

With ``detail="summary"`` an assessment line is short: the row, the company's name, the
status, the licence type, the authority in English and Chinese, the business scopes and the
finding codes by severity (`SUMMARY_COLUMNS`; with ``plan``, also `PLAN_COLUMNS`); an error
line is the same as with ``detail="full"``. A summary can also be written as CSV for
spreadsheets (``output_format="csv"``, or an output named ``.csv``): UTF-8 with a byte order
mark, a header row, one row per input row, list cells ``;``-separated. No cell holds a line
break: backslashes, control characters and U+0085, U+2028, U+2029 are written as JSON-style
escapes (``\\`` for a backslash, ``\n``, ``\u2028``), and in list cells a ``;`` inside an
item as ``\;``. A text cell that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading
``'`` so that a spreadsheet shows it instead of computing it.

What a batch guarantees (each is tested):

* **Nothing is lost, mixed or duplicated.** Rows are numbered 1, 2, 3, ... and written in
  that order, each line with one write, so an interrupted run leaves whole lines.
* **A bad row never stops the run.** A row that cannot be read (bad JSON, bad UTF-8, a CSV
  row with the wrong number of cells), an invalid profile, or an error inside the library
  becomes that row's error line, and the run goes on.
* **Every check that can fail runs before the output is touched:** the arguments, the day,
  the input (its format, a CSV header), and that the output is not the input itself (the
  files are compared, so a symlink or hard link is caught too).
* **One writer.** The output file is locked while a batch writes it; a second batch on the
  same output is refused.
* **Resume only what this batch wrote.** Beside the output, ``OUTPUT.manifest`` records the
  batch's fingerprint (the input's SHA-256, its format, the day, the configuration, the
  detail and output format, the library version and the ruleset hash) and a SHA-256 of
  every line written. ``resume`` goes on only if the fingerprint matches, and checks every
  kept line against the manifest (and a CSV output's header against the header the
  fingerprint implies), streaming both files; a torn or unrecorded last line (or a torn
  header) is dropped and redone.

The package, by job: `base` (the constants, `BatchError`, `Row`, the counts), `read` (the
input), `records` (one row to one record to one line), `cells` (CSV cells out), `workers`
(the process pool), `output` (the lock, the manifest, ``resume``), `run` (`run_batch`),
`summary` (`summary_text`), `register` (`run_register`: a register of licences reviewed,
its summary sorted by the next deadline and one calendar) and `upload` (`UploadedBatch`, a
file uploaded to the web page). The JSON service writes its batch lines with `jsonl_row`,
`Job`, `record` and `record_line`, and reads a review's body with `review_input`.
"""

from __future__ import annotations

from .base import (
    CSV_COLUMNS,
    DETAILS,
    INPUT_FORMATS,
    MANIFEST_SUFFIX,
    OUTPUT_FORMATS,
    PLAN_COLUMNS,
    SUMMARY_COLUMNS,
    BatchError,
    Counts,
    Row,
    Summary,
)
from .read import ENCODINGS, count_rows, read_rows
from .read import jsonl_row as jsonl_row
from .records import REVIEW_KEYS, review_input, review_status
from .records import Job as Job
from .records import record as record
from .records import record_line as record_line
from .register import REGISTER_COLUMNS, ROWS_SUFFIX, Register, register_summary_text, run_register
from .run import run_batch
from .summary import summary_text
from .upload import UploadedBatch

__all__ = [
    "CSV_COLUMNS",
    "DETAILS",
    "ENCODINGS",
    "INPUT_FORMATS",
    "MANIFEST_SUFFIX",
    "OUTPUT_FORMATS",
    "PLAN_COLUMNS",
    "REGISTER_COLUMNS",
    "REVIEW_KEYS",
    "ROWS_SUFFIX",
    "SUMMARY_COLUMNS",
    "BatchError",
    "Counts",
    "Register",
    "Row",
    "Summary",
    "UploadedBatch",
    "count_rows",
    "read_rows",
    "register_summary_text",
    "review_input",
    "review_status",
    "run_batch",
    "run_register",
    "summary_text",
]
