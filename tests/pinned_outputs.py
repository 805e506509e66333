"""Every output a user sees, for the bundled examples, pinned by its SHA-256.

A change of layout inside the package must leave all of them byte-identical; a change
of law or wording changes some of them on purpose. The pins live in
``tests/pinned_outputs.json``; `test_pinned_outputs.py` compares.

    python tests/pinned_outputs.py            # which outputs differ from the pins
    python tests/pinned_outputs.py --dump D   # write every output to folder D (to diff two trees)
    python tests/pinned_outputs.py --update   # pin today's outputs (after a deliberate change)

What is pinned: the engine's ``ruleset_hash``; ``assess(...).to_dict()`` as JSON and
``explain()`` in both languages; the command line's ``assess`` (text, JSON and Markdown,
with ``--explain``), ``plan`` and ``checklist`` (text and JSON) for every example on two
days in both languages; ``rules``, ``parameters`` and ``schema``; every command's help in
both languages; and a batch's output lines (full and summary, with plans).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from callcenter_rules import Engine
from callcenter_rules.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PINS = Path(__file__).resolve().parent / "pinned_outputs.json"
DAYS = ("2016-06-01", "2025-06-01")
LANGS = ("en", "zh")
COMMANDS = (
    "assess",
    "batch",
    "checklist",
    "parameters",
    "plan",
    "review",
    "review-batch",
    "rules",
    "schema",
    "serve",
)
#: Rows of the bundled batch example run through `batch` (enough for every status).
BATCH_ROWS = 120


def _examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def _cli(*args: str) -> bytes:
    result = CliRunner().invoke(
        cli, list(args), prog_name="callcenter-rules", catch_exceptions=False
    )
    return b"".join(
        (f"exit {result.exit_code}\n".encode(), result.stdout_bytes, b"\n", result.stderr_bytes)
    )


def _library() -> Iterator[tuple[str, bytes]]:
    with Engine() as engine:
        yield "library/ruleset_hash", engine.ruleset_hash.encode()
        for example in _examples():
            profile = json.loads(example.read_text(encoding="utf-8"))
            for day in DAYS:
                as_of = datetime.date.fromisoformat(day)
                assessment = engine.assess(profile, as_of=as_of, trace=True)
                name = f"library/{example.stem}/{day}"
                text = json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2)
                yield f"{name}/assessment.json", text.encode()
                for lang in LANGS:
                    yield f"{name}/explain.{lang}", assessment.explain(lang=lang).encode()


def _command_line() -> Iterator[tuple[str, bytes]]:
    for lang in LANGS:
        for command in COMMANDS:
            yield f"cli/help/{command}.{lang}", _cli("--lang", lang, command, "--help")
        yield f"cli/help/group.{lang}", _cli("--lang", lang, "--help")
        for example in _examples():
            for day in DAYS:
                name = f"cli/{example.stem}/{day}"
                common = ("--as-of", day, "--lang", lang)
                for form in ("text", "json", "markdown"):
                    yield (
                        f"{name}/assess.{form}.{lang}",
                        _cli("assess", str(example), *common, "--format", form, "--explain"),
                    )
                for command in ("plan", "checklist"):
                    for form in ("text", "json"):
                        yield (
                            f"{name}/{command}.{form}.{lang}",
                            _cli(command, str(example), *common, "--format", form),
                        )
        for form in ("text", "json"):
            yield f"cli/rules.{form}.{lang}", _cli("rules", "--lang", lang, "--format", form)
            yield (
                f"cli/parameters.{form}.{lang}",
                _cli("parameters", "--lang", lang, "--format", form),
            )
        for kind in ("profile", "assessment", "plan"):
            yield f"cli/schema/{kind}.{lang}", _cli("schema", kind, "--lang", lang)


def _batch(folder: Path) -> Iterator[tuple[str, bytes]]:
    source = folder / "input.jsonl"
    lines = (EXAMPLES / "batch_1000.jsonl").read_bytes().splitlines(keepends=True)
    source.write_bytes(b"".join(lines[:BATCH_ROWS]))
    for detail in ("full", "summary"):
        for lang in LANGS:
            out = folder / f"{detail}.{lang}.jsonl"
            args = ["batch", str(source), "-o", str(out), "--as-of", DAYS[1], "--lang", lang]
            args += ["--detail", detail, "--plan", "--workers", "1"]
            _cli(*args)
            yield f"batch/{detail}.{lang}.jsonl", out.read_bytes()


def collect(folder: Path) -> dict[str, bytes]:
    """Every pinned output, by name (``folder``: where the batch may write)."""
    outputs = dict(_library())
    outputs.update(_command_line())
    outputs.update(_batch(folder))
    return outputs


def digests(outputs: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(outputs.items())}


def _main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        outputs = collect(Path(scratch))
    if "--dump" in argv:
        target = Path(argv[argv.index("--dump") + 1])
        for name, data in outputs.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    now = digests(outputs)
    if "--update" in argv:
        PINS.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"pinned {len(now)} outputs")
        return 0
    pinned = json.loads(PINS.read_text(encoding="utf-8")) if PINS.exists() else {}
    changed = sorted(
        name for name in now.keys() | pinned.keys() if now.get(name) != pinned.get(name)
    )
    for name in changed:
        print(name)
    print(f"{len(changed)} of {len(now)} outputs differ from the pins")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
