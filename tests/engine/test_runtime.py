"""The runtime: supported Python versions and durable-rules' C engine on each of them.

durable-rules 2.0.28's C extension calls ``PyEval_CallObject``, removed in CPython 3.13;
the package's own extension ``_pyeval_compat`` supplies it there (``_durable`` loads it with
global symbol visibility before durable's extension). Each test asserts what applies to the
running interpreter: on 3.11 and 3.12 the shim is built and installed but not loaded.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

from callcenter_rules import _durable

#: What the package declares (pyproject.toml) and CI tests (.ci/run).
SUPPORTED = [(3, 11), (3, 12), (3, 13)]
NEEDS_SHIM = sys.version_info >= (3, 13)


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (a crash there fails the test, not the run)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_running_python_is_a_supported_one() -> None:
    assert sys.implementation.name == "cpython"
    assert sys.version_info[:2] in SUPPORTED


def test_the_shim_extension_is_installed_for_this_interpreter() -> None:
    spec = importlib.util.find_spec("callcenter_rules._pyeval_compat")
    assert spec is not None
    assert spec.origin is not None
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    # Built for this interpreter (e.g. .cpython-313-x86_64-linux-gnu.so), next to the package.
    assert spec.origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    assert Path(spec.origin).parent == Path(_durable.__file__).parent
    # It defines the symbol (looked up in the library itself, loaded locally here).
    assert ctypes.CDLL(spec.origin).PyEval_CallObject


def test_pyeval_callobject_is_global_exactly_where_cpython_lacks_it() -> None:
    engine = _durable.durable_rules_engine
    assert engine is sys.modules["durable_rules_engine"]
    assert callable(engine.create_ruleset)
    spec = importlib.util.find_spec("callcenter_rules._pyeval_compat")
    assert spec is not None
    process_symbols = ctypes.CDLL(None)
    if NEEDS_SHIM:
        # 3.13+: the shim was loaded with RTLD_GLOBAL, so durable's undefined reference
        # resolves (and durable_rules_engine imported, above).
        assert _durable.SHIM_NEEDED
        assert _durable.shim_path == spec.origin
        assert hasattr(process_symbols, "PyEval_CallObject")
    else:
        # 3.11, 3.12: a macro in CPython's headers; durable needs no shim and none is loaded.
        assert not _durable.SHIM_NEEDED
        assert _durable.shim_path is None
        assert not hasattr(process_symbols, "PyEval_CallObject")
        assert hasattr(process_symbols, "PyEval_CallObjectWithKeywords")


def test_a_ruleset_is_created_and_evaluated_through_the_loader() -> None:
    dre = _durable.durable_rules_engine
    name = f"test-runtime-{uuid.uuid4().hex}"
    definition = {
        "b24": {"all": [{"p": {"$and": [{"t": "profile"}, {"activity": "outbound_calling"}]}}]},
        "other": {"all": [{"p": {"$and": [{"t": "profile"}, {"activity": "hotline"}]}}]},
    }
    handle = dre.create_ruleset(name, json.dumps(definition))
    try:
        facts = [{"t": "profile", "id": "p1", "sid": "1", "activity": "outbound_calling"}]
        code, state = dre.assert_facts(handle, json.dumps(facts))
        assert code == 0
        fired = []
        message = dre.start_action_for_state(handle, state)
        action = message[1] if message else None
        while action:
            fired.append(json.loads(action))
            action = dre.complete_and_start_action(handle, state)
        assert [next(iter(f)) for f in fired] == ["b24"]
        assert fired[0]["b24"]["p"]["activity"] == "outbound_calling"
        dre.delete_state(handle, "1")
    finally:
        dre.delete_ruleset(handle)


def test_durable_storage_callbacks_fail_safely(tmp_path: Path) -> None:
    # The project never registers durable's storage callbacks; the one place durable calls
    # PyEval_CallObject. On 3.13 durable truncates the result to 32 bits (no prototype), so
    # the shim refuses results whose address does not fit: an error, never a crash.
    done = _run(
        """
        import json
        from callcenter_rules._durable import durable_rules_engine as dre
        handle = dre.create_ruleset("callback", json.dumps({"r": {"all": [{"m": {"t": "x"}}]}}))
        result = 0
        calls = []
        def store(*args):
            calls.append(args)
            return result
        dre.set_store_message_callback(handle, store)
        fits = -2**31 <= id(result) < 2**31
        try:
            dre.assert_facts(handle, json.dumps([{"t": "x", "id": "1", "sid": "s"}]))
            outcome = "ok"
        except dre.error as error:
            outcome = "error: " + str(error)
        print(json.dumps({"outcome": outcome, "calls": len(calls), "fits": fits}))
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr  # a segfault would be -11
    report = json.loads(done.stdout)
    assert report["calls"] >= 1
    if NEEDS_SHIM and not report["fits"]:
        assert report["outcome"].startswith("error: "), report
    else:
        assert report["outcome"] == "ok", report


def test_the_package_imports_durable_after_a_failed_direct_import(tmp_path: Path) -> None:
    # durable's Python package imports durable_rules_engine; inside callcenter_rules the
    # loader has always run first. Code that imports durable before callcenter_rules fails on
    # 3.13 (no shim yet), and importing callcenter_rules afterwards still works.
    done = _run(
        """
        import json, sys
        try:
            import durable.engine
            first = "ok"
        except ImportError as error:
            first = str(error)
        import callcenter_rules
        loaded = "callcenter_rules._durable" in sys.modules  # by the package's __init__
        import durable.lang
        import durable_rules_engine
        from callcenter_rules import _durable
        from callcenter_rules.testing import stock
        same = durable_rules_engine is _durable.durable_rules_engine
        print(json.dumps({"first": first, "loaded": loaded, "same": same}))
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["loaded"], "callcenter_rules/__init__.py must import ._durable first"
    assert report["same"]
    if NEEDS_SHIM:
        assert "PyEval_CallObject" in report["first"]
    else:
        assert report["first"] == "ok"


def test_the_version_gate_names_the_supported_range(tmp_path: Path) -> None:
    for version in [(3, 10), (3, 14)]:
        done = _run(
            f"""
            import sys

            class VersionInfo(tuple):
                major = property(lambda self: self[0])
                minor = property(lambda self: self[1])

            sys.version_info = VersionInfo({version!r} + (0, "final", 0))
            try:
                import callcenter_rules
            except ImportError as error:
                print(error)
            else:
                print("imported")
            """,
            tmp_path,
        )
        assert done.returncode == 0, done.stderr
        message = done.stdout.strip()
        assert "3.11 to 3.13" in message, message
        assert f"Python {version[0]}.{version[1]}" in message, message


def test_declared_versions_are_the_supported_ones() -> None:
    metadata = importlib.metadata.metadata("callcenter-rules")
    assert set(metadata["Requires-Python"].replace(" ", "").split(",")) == {">=3.11", "<3.14"}
    classified = sorted(
        tuple(int(part) for part in match.group(1).split("."))
        for classifier in metadata.get_all("Classifier") or []
        if (match := re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", classifier))
    )
    assert classified == SUPPORTED
