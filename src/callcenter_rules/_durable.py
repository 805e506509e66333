"""Import durable-rules' C engine, ``durable_rules_engine``, on every supported Python.

durable-rules 2.0.28's C extension calls ``PyEval_CallObject``, which CPython 3.13 removed,
so on 3.13 it fails at import with ``undefined symbol: PyEval_CallObject``. This package
ships a tiny C extension, ``_pyeval_compat`` (see ``_pyeval_compat.c``), that defines the
symbol. On 3.13+ it is loaded here with ``RTLD_GLOBAL``, before durable's extension, so
that the dynamic linker resolves durable's reference to it. On 3.11 and 3.12 nothing is
loaded: durable's extension was compiled against the old macro and imports as is.

The package's ``__init__`` imports this module before anything else, and Python runs a
package's ``__init__`` before any of its submodules, so every module of the package that
uses durable (``engine``, and ``testing.stock`` through ``durable.engine``) finds the C
engine already imported. Use ``from ._durable import durable_rules_engine`` to get it.
"""

from __future__ import annotations

import importlib.util
import os
import sys

__all__ = ["SHIM_NEEDED", "durable_rules_engine", "shim_path"]

#: Whether this interpreter lacks ``PyEval_CallObject`` (CPython 3.13 and later).
SHIM_NEEDED = sys.version_info >= (3, 13)

#: The ``_pyeval_compat`` library loaded with ``RTLD_GLOBAL``, or None where not needed.
shim_path: str | None = None


def _load_shim() -> str:
    """Load ``_pyeval_compat`` with global symbol visibility; return its path."""
    import ctypes

    spec = importlib.util.find_spec("._pyeval_compat", __package__)
    if spec is None or spec.origin is None:
        raise ImportError(
            "callcenter-rules is missing its compiled _pyeval_compat extension, which "
            f"durable-rules needs on Python {sys.version_info.major}."
            f"{sys.version_info.minor}: reinstall callcenter-rules for this interpreter "
            "(a wheel built for it, or from source with a C compiler)"
        )
    # ctypes rather than an import under sys.setdlopenflags: it leaves the process-wide
    # dlopen flags alone, and it makes the symbol global even if the module had already
    # been imported (locally) by someone else.
    ctypes.CDLL(spec.origin, mode=os.RTLD_GLOBAL)
    return spec.origin


if SHIM_NEEDED and "durable_rules_engine" not in sys.modules:
    shim_path = _load_shim()

import durable_rules_engine  # noqa: E402  (after the shim, on purpose)
