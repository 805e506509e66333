"""Only the C extension is declared here; all metadata and settings are in pyproject.toml.

``_pyeval_compat`` supplies ``PyEval_CallObject`` (removed in CPython 3.13) to
durable-rules' C extension; see ``src/callcenter_rules/_pyeval_compat.c``. It is built on
every Python version, so that wheels are tagged per interpreter (a wheel built on 3.11 must
not be a pure ``py3-none-any`` wheel that pip would then install on 3.13).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "callcenter_rules._pyeval_compat",
            sources=["src/callcenter_rules/_pyeval_compat.c"],
        ),
    ],
)
