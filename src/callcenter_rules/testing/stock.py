"""The same rules run through durable-rules' stock Python host, the way a user would.

This is the reference the lean engine (`callcenter_rules.engine`) is checked against
and the "before" of the benchmark: a ``durable.engine.Host``, one ``assert_fact`` call
per fact, actions that assert their derived facts through the closure, and ``get_facts``
to read the result. Two concessions keep it from crashing, both from the design note: the
host's timer threads are stopped (they segfault with many sessions) and the sentinel fact
is asserted first (deleting a session in which no action ran segfaults).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import itertools
import threading
from collections.abc import Mapping
from typing import Any

from durable import engine as durable_engine

from ..api import Engine
from ..engine import Evaluation, Firing
from ..facts import profile_facts
from ..model import Policy, Profile, structure_profile
from ..results import Assessment

__all__ = ["StockEngine"]


class _QuietHost(durable_engine.Host):  # type: ignore[misc]
    def _run(self) -> None:  # no timer threads
        return None


class StockEngine:
    """Assess through the stock host; same inputs and outputs as `Engine`."""

    def __init__(
        self, *, policy: Policy | None = None, parameters: Mapping[str, Any] | None = None
    ) -> None:
        # The same compiled law as Engine(policy, parameters): its specs and its assembly.
        self._engine = Engine(policy=policy, parameters=parameters)
        self._policy = self._engine.policy
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._outputs: list[Any] = []
        self._derived: list[dict[str, Any]] = []
        self._fired: list[Firing] = []
        definition: dict[str, Any] = {
            "sentinel": {"all": [{"m": {"t": "__sentinel__"}}], "run": lambda c: None}
        }
        for spec in self._engine.law.specs:

            def action(c: Any, spec: Any = spec) -> None:
                bindings = dict(c._m) if isinstance(c._m, dict) else {}
                consequence = spec.then(bindings)
                self._fired.append(Firing(spec.name, bindings, consequence))
                self._outputs.extend(consequence.outputs)
                for fact in consequence.facts:
                    self._derived.append(dict(fact))
                    try:
                        c.assert_fact(dict(fact))
                    except durable_engine.MessageObservedException:
                        pass  # the same fact derived by another rule
                    except durable_engine.MessageNotHandledException:
                        pass  # a conclusion no rule reads (the decision)

            # A two-parameter action would be taken for an async one: bind spec by closure.
            definition[spec.name] = {
                "all": [{alias: copy.deepcopy(dict(cond))} for alias, cond in spec.when.items()],
                "run": _one_arg(action),
            }
        self._host = _QuietHost()
        self._host.register_rulesets({"stock": definition})

    def close(self) -> None:
        self._engine.close()

    def assess(self, profile: Profile | Mapping[str, Any], *, as_of: datetime.date) -> Assessment:
        company = structure_profile(profile)
        with self._lock:
            sid = str(next(self._ids))
            self._outputs, self._derived, self._fired = [], [], []
            try:
                self._host.assert_fact("stock", {"t": "__sentinel__", "sid": sid})
                for index, fact in enumerate(profile_facts(company, as_of, self._policy)):
                    with contextlib.suppress(durable_engine.MessageNotHandledException):
                        self._host.assert_fact("stock", {**fact, "id": f"in{index}", "sid": sid})
                self._host.get_facts("stock", sid)  # what a user reads back
                for fact in self._engine.law.tally(Evaluation((), tuple(self._outputs), ())):
                    self._host.assert_fact("stock", {**fact, "sid": sid})
                state = self._host.get_state("stock", sid)
                if "exception" in state:
                    raise RuntimeError(f"an action failed: {state['exception']}")
            finally:
                self._host.delete_state("stock", sid)
            evaluation = Evaluation(tuple(self._derived), tuple(self._outputs), tuple(self._fired))
        return self._engine.assemble(company, as_of, evaluation)


def _one_arg(action: Any) -> Any:
    return lambda c: action(c)
