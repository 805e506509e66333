"""The command line, driven as a user would: a subprocess on the bundled examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "callcenter_rules", *args],
        capture_output=True, text=True, input=stdin, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("example", "as_of", "status", "code"),
    [
        ("nationwide_eligible.json", "2024-06-01", "eligible", 0),
        ("regional_capital_shortfall.json", "2024-06-01", "ineligible", 4),
        ("offshore_only.json", "2024-06-01", "eligible", 0),
        ("in_house_only.json", "2024-06-01", "not_required", 0),
        ("foreign_majority.json", "2019-07-29", "ineligible", 4),
        ("foreign_majority.json", "2019-07-30", "eligible", 0),
    ],
)
def test_examples(example: str, as_of: str, status: str, code: int) -> None:
    done = run(str(EXAMPLES / example), "--as-of", as_of)
    assert done.returncode == code, done.stderr
    assert json.loads(done.stdout)["status"] == status


def test_incomplete_exit_code_and_text_format(tmp_path: Path) -> None:
    profile = json.loads((EXAMPLES / "in_house_only.json").read_text(encoding="utf-8"))
    profile["activities"] = ["seat_rental"]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    done = run(str(path), "--format", "text", "--as-of", "2024-06-01")
    assert done.returncode == 3
    assert "Status:    incomplete" in done.stdout
    assert "PROFESSIONAL_STAFF_UNKNOWN" in done.stdout


def test_bad_input_lists_fields_without_a_traceback() -> None:
    done = run("-", stdin=json.dumps({"name": "X", "service_provinces": ["Atlantis"]}))
    assert done.returncode == 2
    assert "service_provinces[0]: unknown province 'Atlantis'" in done.stderr
    assert "entity_type: is required" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["missing.json"], "cannot read"),
        (["-", "--as-of", "2015-01-01"], "2016-03-01"),
        (["-", "--as-of", "tomorrow"], "YYYY-MM-DD"),
    ],
)
def test_usage_errors(args: list[str], fragment: str) -> None:
    done = run(*args, stdin=(EXAMPLES / "offshore_only.json").read_text(encoding="utf-8"))
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_json() -> None:
    done = run("-", stdin="{not json")
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr
