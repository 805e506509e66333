"""A safe, synchronous wrapper around the durable-rules C engine.

This module knows nothing of call centers or of law: it runs forward-chaining rules over
facts (JSON-like dicts with a ``t`` type field) and returns what the rules derived.

durable-rules 2.0.28 was built as a global, server-style engine. Its measured traps, and
what this wrapper does about each (see ``docs/design.md``):

* The stock ``Host`` starts self-rescheduling timer threads and its Python agenda
  machinery costs ~30-50 µs per action. We use no ``Host`` at all: the ruleset is created
  with the C API and the agenda is driven here (``start_action_for_state`` /
  ``complete_and_start_action``), so there are no background threads.
* ``delete_state`` on a session in which no action ran frees uninitialised memory
  (segfault). Every session therefore starts with a sentinel fact matched by a sentinel
  rule, so at least one action always runs.
* Creating a ruleset failed now and then with error 102 for a valid definition: the C
  engine type-checks an uninitialised byte of the node an ``$iany``/``$iall`` condition
  ends on when that condition ends in ``$or``. `harden_definition` rewrites that shape
  away before every ``create_ruleset``, so a 102 now means a wrong definition and
  creation is not retried.
* Rulesets are never freed by the library: `RuleEngine.close` calls
  ``delete_ruleset``.
* Sessions are keyed by a 32-bit hash and capped at 1,024 per ruleset: exactly one session
  is live at a time (one lock per engine), with a fresh id, deleted in ``finally``.
* Exceptions raised in actions are swallowed by the stock host: here actions are plain
  Python calls, so they propagate to the caller, annotated with the rule name.
* ``none()``, pure negation and rules on session state misbehave: `lint_rules`
  refuses them at load time; use checkpoints (stratified facts) for aggregates.
* Comparisons are loosely typed in the C engine: callers normalise facts before
  asserting; the engine refuses non-JSON values.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, NamedTuple

import attrs
import orjson

from ._durable import durable_rules_engine as _dre

__all__ = [
    "ENGINE_FIELDS",
    "MAX_EXPRESSION_ENTRIES",
    "Consequence",
    "EngineClosed",
    "EngineError",
    "Evaluation",
    "Firing",
    "RuleDefinitionError",
    "RuleEngine",
    "RuleLoopError",
    "RuleSpec",
    "derived_by",
    "expression_entries",
    "fact_type",
    "harden_definition",
    "lint_rules",
    "live_rulesets",
]

Fact = dict[str, Any]
Bindings = Mapping[str, Mapping[str, Any]]

_SENTINEL_RULE: Final = "__sentinel__"
_SENTINEL_TYPE: Final = "__sentinel__"
#: Fields the engine adds to every fact (actions see them in their bindings).
ENGINE_FIELDS: Final = frozenset({"sid", "id"})
#: assert_facts result codes that are not errors: 0 handled, 1 matched no rule, 2 already
#: observed (an identical derived fact was asserted before in this session).
_OK_CODES: Final = frozenset({0, 1, 2})
#: What a ``create_ruleset`` error code says about the definition.
_CREATE_ERRORS: Final = {
    102: "a value of an unexpected type, e.g. a comparison with another fact's field "
    "inside $iany/$iall",
    113: "a condition needs 32 or more $and/$or/join entries (the limit is 31)",
}
#: Evaluations one session serves before it is replaced by a fresh one.
SESSION_REUSE: Final = 1000


class EngineError(RuntimeError):
    """The rule engine failed in a way that is not the caller's input."""


class EngineClosed(EngineError):
    """The engine was closed; create a new one."""


class RuleDefinitionError(EngineError):
    """A rule breaks one of the safety checks in `lint_rules`."""


class RuleLoopError(EngineError):
    """More actions fired in one evaluation than the engine's cap allows.

    ``rule`` names the rule that fired most (the engine's name for it), and ``cap`` is
    the cap."""

    def __init__(self, message: str, rule: str | None = None, cap: int = 0) -> None:
        super().__init__(message)
        self.rule = rule
        self.cap = cap


class Consequence(NamedTuple):
    """What one firing of a rule produces."""

    #: Facts to assert into the session (forward chaining).
    facts: tuple[Fact, ...] = ()
    #: Values collected for the caller and not asserted.
    outputs: tuple[Any, ...] = ()


@attrs.frozen
class RuleSpec:
    """One rule in the engine's terms.

    ``when`` maps an alias to a durable-rules condition in JSON form (for example the
    ``.define()`` of a ``durable.lang`` expression); all must match (a join). ``then``
    takes the matched facts by alias (each with the engine's own ``sid`` and ``id`` fields
    besides the asserted ones) and returns a `Consequence`.
    """

    name: str
    when: Mapping[str, Mapping[str, Any]]
    then: Callable[[Bindings], Consequence]


class Firing(NamedTuple):
    """A rule that fired: the facts it matched and what it concluded."""

    rule: str
    bindings: Bindings
    consequence: Consequence = Consequence()


def derived_by(fact: Mapping[str, Any]) -> int | None:
    """The index (in `Evaluation.fired`) of the firing that derived ``fact``, a fact a rule
    matched; None for a fact given to `RuleEngine.evaluate` or asserted by a checkpoint.
    Recorded as the engine runs, in the fact's ``id``."""
    fact_id = fact.get("id")
    if not isinstance(fact_id, str) or ".r" not in fact_id:
        return None
    firing = fact_id.rpartition(".r")[2].partition(".")[0]
    return int(firing) if firing.isdigit() else None


@attrs.frozen
class Evaluation:
    """Everything one evaluation derived."""

    #: Facts asserted by rules, in order (duplicates included as asserted).
    facts: tuple[Fact, ...]
    outputs: tuple[Any, ...]
    fired: tuple[Firing, ...]


#: Run after the agenda is empty; returns facts to assert (e.g. an aggregate of what was
#: derived), after which the agenda runs again. This is how a ruleset gets stratified
#: aggregation without the engine's unreliable negation.
Checkpoint = Callable[[Evaluation], Iterable[Fact]]


def fact_type(condition: Mapping[str, Any]) -> str | None:
    """The type a condition discriminates on (its ``t == ...`` part), if any."""
    if isinstance(condition.get("t"), str):
        return str(condition["t"])
    for part in condition.get("$and", ()):
        if isinstance(part, Mapping) and isinstance(part.get("t"), str):
            return str(part["t"])
    return None


def _mentions(node: Any, key: str) -> bool:
    if isinstance(node, Mapping):
        return any(k == key or _mentions(v, key) for k, v in node.items())
    if isinstance(node, list):
        return any(_mentions(v, key) for v in node)
    return False


def lint_rules(rules: Sequence[RuleSpec]) -> None:
    """Refuse rule shapes that durable-rules 2.0.28 evaluates wrongly.

    Every condition needs a positive type discriminator (``t == ...``); no ``none()``
    (``$not``), no session-state (``$s``) conditions, unique names, callable actions.

    Raises:
        RuleDefinitionError: naming the rule and the problem.
    """
    seen: set[str] = set()
    for rule in rules:
        problem = None
        if rule.name in seen:
            problem = "duplicate rule name"
        elif not rule.name or rule.name.startswith(("$", "__")):
            problem = "rule names must be non-empty and must not start with '$' or '__'"
        elif not rule.when:
            problem = "a rule needs at least one condition"
        elif not callable(rule.then):
            problem = "the action is not callable"
        else:
            for alias, condition in rule.when.items():
                if "$" in alias or alias in ENGINE_FIELDS:
                    problem = f"alias {alias!r} is reserved (no '$', not 'sid'/'id')"
                elif fact_type(condition) is None:
                    problem = f"condition {alias!r} has no positive type discriminator 't'"
                elif _mentions(condition, "$s") or _mentions(condition, "$not"):
                    problem = f"condition {alias!r} uses session state or negation"
                if problem:
                    break
        if problem:
            raise RuleDefinitionError(f"rule {rule.name!r}: {problem}")
        seen.add(rule.name)


_ARRAY_OPERATORS: Final = ("$iany", "$iall")
#: "The array item exists": true for every item, so ``C and ITEM_EXISTS`` is ``C``.
_ITEM_EXISTS: Final = {"$ex": {"$i": 1}}


def _ends_in_or(condition: Any) -> bool:
    """Whether the C engine's alpha chain for ``condition`` ends on an ``$or``'s node."""
    if not isinstance(condition, Mapping):
        return False
    if "$or" in condition:
        return True
    parts = condition.get("$and")
    return isinstance(parts, list | tuple) and bool(parts) and _ends_in_or(parts[-1])


def harden_definition(node: Any) -> Any:
    """``node`` (a durable-rules JSON definition, or any part of one) with every
    ``$iany``/``$iall`` condition that ends in ``$or`` made to end in ``$ex`` instead.

    Why: durable-rules 2.0.28 refuses such a definition at random with error 102
    (``ERR_UNEXPECTED_TYPE``). ``createAlpha`` in ``src/rules/rete.c`` builds the
    condition inside ``$iany``/``$iall``, then, at line 1313, checks the type of the right
    operand of the node that chain ended on, to refuse comparisons with other facts
    inside arrays. When the inner condition is an ``$or``, or an ``$and`` whose last part
    ends in one, that node is the ``$or``'s "forward" node from ``createForwardAlpha()``,
    which never sets its right operand; the node pool grows by ``realloc`` (rete.c:138)
    and is not cleared, so the check reads one stale heap byte (``right.type``, byte 40 of
    the 1,848-byte node). If a freed allocation left 0x09 (``JSON_IDENTIFIER``, a tab) or
    0x0C (``JSON_EXPRESSION``, a form feed) there, creation fails; any other byte passes.
    Which byte is there depends on what the process did before: after reading
    tab-separated text, most first attempts failed, and one process in eight still
    failed after five.

    The rewrite: an inner condition ``C`` that ends in ``$or`` becomes
    ``{"$and": [C, {"$ex": {"$i": 1}}]}`` ("C, and the item exists", which is C for every
    item); an inner ``$and`` gets ``{"$ex": {"$i": 1}}`` as its last part instead. The
    chain then ends on the ``$ex`` node, whose operand is set, and the uninitialised byte
    is never read. The forward node itself is only ever tested for a field's absence when
    facts are matched, so the stale byte never mattered after creation.

    The cost: wrapping a bare ``$or`` adds two entries (``$and`` and its end) to the
    alias's expression sequence, which the C engine caps at 31 (error 113); extending an
    ``$and`` adds none. Not rewritten, on purpose: a top-level ``$or`` of ``$iany``
    conditions, equivalent on paper, fires the rule once for each branch that matches.

    The input is not changed; applying the rewrite twice gives the same as once.
    """
    if isinstance(node, list | tuple):
        return [harden_definition(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    hardened: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ARRAY_OPERATORS and isinstance(value, Mapping):
            hardened[key] = {
                field: _end_on_item_exists(harden_definition(inner))
                for field, inner in value.items()
            }
        else:
            hardened[key] = harden_definition(value)
    return hardened


def _end_on_item_exists(condition: Any) -> Any:
    if not _ends_in_or(condition):
        return condition
    if set(condition) == {"$and"}:
        return {"$and": [*condition["$and"], dict(_ITEM_EXISTS)]}
    return {"$and": [condition, dict(_ITEM_EXISTS)]}


#: The most entries the C engine takes in one alias's expression sequence (error 113).
MAX_EXPRESSION_ENTRIES: Final = 31


def expression_entries(condition: Any) -> int:
    """The entries the C engine appends to an alias's expression sequence for
    ``condition`` (as `harden_definition` leaves it): two per ``$and``/``$or`` (the
    operator and its end) and one per comparison with another fact's field. At most
    `MAX_EXPRESSION_ENTRIES` fit."""
    if not isinstance(condition, Mapping) or len(condition) != 1:
        return 0
    ((key, value),) = condition.items()
    if key in ("$and", "$or"):
        return 2 + sum(expression_entries(part) for part in value)
    if key in _ARRAY_OPERATORS and isinstance(value, Mapping) and len(value) == 1:
        ((_, inner),) = value.items()
        return expression_entries(inner)
    if key.startswith("$") and key != "$i" and isinstance(value, Mapping) and len(value) == 1:
        ((_, value),) = value.items()  # {"$lte": {"field": operand}}
    return 1 if isinstance(value, Mapping) else 0


_live_lock = threading.Lock()
_live = 0


def _count_live(change: int) -> None:
    global _live
    with _live_lock:
        _live += change


def live_rulesets() -> int:
    """How many rulesets this process has created and not yet freed (a diagnostic)."""
    return _live


class _Native:
    """The C engine's resources of one `RuleEngine`: the ruleset and its live session.

    Kept apart from the engine so that a finaliser can free them without holding on to
    the engine itself.
    """

    __slots__ = ("handle", "sid", "state")

    def __init__(self, handle: int) -> None:
        self.handle: int | None = handle
        self.sid: str | None = None
        self.state: int | None = None

    def drop_session(self, handle: int) -> None:
        sid, self.sid, self.state = self.sid, None, None
        if sid is not None:
            # After a failure the original exception is the one to report; a session that
            # cannot be deleted is abandoned (a fresh id is used next).
            with contextlib.suppress(_dre.error):
                _dre.delete_state(handle, sid)

    def release(self) -> None:
        handle, self.handle = self.handle, None
        if handle is not None:
            self.drop_session(handle)
            _dre.delete_ruleset(handle)
            _count_live(-1)


# Fork safety. A child process has only the thread that forked; if another thread held an
# engine's lock at that moment, the child would inherit it locked and wait for ever. So
# fork waits until no engine is mid-evaluation: every engine's lock is taken before the
# fork and released after it, in the parent and in the child alike.
_ENGINES: weakref.WeakSet[RuleEngine] = weakref.WeakSet()
_ENGINES_LOCK = threading.Lock()
_held_for_fork: list[threading.Lock] = []


def _before_fork() -> None:
    _ENGINES_LOCK.acquire()
    locks = [engine._lock for engine in list(_ENGINES)]
    for lock in locks:
        lock.acquire()
    _held_for_fork[:] = locks


def _after_fork() -> None:
    for lock in reversed(_held_for_fork):
        lock.release()
    _held_for_fork.clear()
    _ENGINES_LOCK.release()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork
    )


class _Bindings(Mapping[str, Mapping[str, Any]]):
    """The facts an action matched, parsed from the engine's message when first read.

    Most actions conclude the same whatever the matched facts hold (a finding with fixed
    values), and parsing the message (every field of every matched fact) costs more than
    the rest of the firing; so it is parsed only for an action, or a trace, that reads it.
    """

    __slots__ = ("_message", "_parsed")

    def __init__(self, message: str) -> None:
        self._message = message
        self._parsed: dict[str, Mapping[str, Any]] | None = None

    def _facts(self) -> dict[str, Mapping[str, Any]]:
        parsed = self._parsed
        if parsed is None:
            ((_, parsed),) = orjson.loads(self._message).items()
            self._parsed = parsed
        return parsed

    def __getitem__(self, alias: str) -> Mapping[str, Any]:
        return self._facts()[alias]

    def __iter__(self) -> Iterator[str]:
        return iter(self._facts())

    def __len__(self) -> int:
        return len(self._facts())

    def __repr__(self) -> str:
        return repr(self._facts())

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self._facts(),))


class RuleEngine:
    """A compiled ruleset and the machinery to evaluate facts against it.

    Thread-safe: one lock serialises evaluations (the C engine never releases the GIL, so
    threads gain nothing; use processes for parallelism). Usable as a context manager.
    """

    def __init__(
        self,
        name: str,
        rules: Sequence[RuleSpec],
        *,
        checkpoints: Sequence[Checkpoint] = (),
        max_actions: int = 1000,
    ) -> None:
        lint_rules(rules)
        self._rules: dict[str, RuleSpec] = {r.name: r for r in rules}
        self._checkpoints = tuple(checkpoints)
        self._max_actions = max_actions
        self._lock = threading.Lock()
        self._session_ids = itertools.count(1)
        self._evaluation_ids = itertools.count(1)
        self._uses = 0
        definition: dict[str, Any] = {
            _SENTINEL_RULE: {"all": [{"m": {"t": _SENTINEL_TYPE}}]},
        }
        for rule in rules:
            definition[rule.name] = {
                "all": [{alias: dict(condition)} for alias, condition in rule.when.items()]
            }
        #: The definition handed to the C engine (after `harden_definition`).
        self.definition_json: Final[str] = json.dumps(harden_definition(definition), sort_keys=True)
        #: Fact types some condition matches; a derived fact of any other type is collected
        #: but not asserted, since no rule could read it.
        self._read_types: frozenset[str] = frozenset(
            t for rule in rules for condition in rule.when.values() if (t := fact_type(condition))
        )
        self._native = _Native(self._create(name, self.definition_json))
        # An engine that is never closed still frees its ruleset when it is collected.
        self._release = weakref.finalize(self, self._native.release)
        self._release.atexit = False  # the process is ending: no C calls during shutdown
        with _ENGINES_LOCK:
            _ENGINES.add(self)

    @staticmethod
    def _create(name: str, definition: str) -> int:
        # Not retried. The one known cause of a valid definition being refused (error 102
        # from an uninitialised byte) is rewritten away by `harden_definition`; any other
        # refusal is the definition's, and the C engine leaks the partial ruleset and a
        # handle slot on every failed attempt. A retry that "worked" would mean an unknown
        # memory-dependent defect, whose successful attempt is no more trustworthy.
        try:
            handle = int(_dre.create_ruleset(name, definition))
        except _dre.error as error:
            message = str(error)
            code = message.rsplit(":", 1)[-1].strip()
            hint = _CREATE_ERRORS.get(int(code)) if code.isdigit() else None
            raise RuleDefinitionError(
                f"durable-rules refused the ruleset: {message}" + (f" ({hint})" if hint else "")
            ) from error
        _count_live(+1)
        return handle

    @property
    def closed(self) -> bool:
        """Whether `close` has been called."""
        return self._native.handle is None

    def close(self) -> None:
        """Free the compiled ruleset in the C engine. Idempotent.

        An engine that is garbage-collected without being closed is freed then; `close`
        (or a ``with`` block) frees it at a known point.
        """
        with self._lock:
            self._release()

    def __enter__(self) -> RuleEngine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def evaluate(self, facts: Sequence[Mapping[str, Any]], *, origins: bool = False) -> Evaluation:
        """Assert ``facts``, run the rules to quiescence, return what they derived. With
        ``origins``, each derived fact's id names the firing that derived it (`derived_by`
        reads it off a fact a rule matched), for a trace.

        Each fact must be a JSON-ready mapping with a string ``t``. Exceptions raised by
        actions propagate unchanged (with a note naming the rule).

        Sessions are reused: creating one costs about as much as the whole rest of an
        evaluation (the C engine zeroes per-join state for every new session), so the
        facts of an evaluation are retracted at its end and the session serves the next
        one. A session is replaced after `SESSION_REUSE` evaluations, and at once
        after any failure, so no state can build up or leak between evaluations.
        """
        with self._lock:
            handle = self._native.handle
            if handle is None:
                raise EngineClosed("this engine is closed")
            sid, state = self._session(handle)
            number = next(self._evaluation_ids)
            derived: list[Fact] = []
            outputs: list[Any] = []
            fired: list[Firing] = []
            asserted: list[str] = []
            batch = [
                {**fact, "id": f"e{number}.{index}", "sid": sid} for index, fact in enumerate(facts)
            ]
            clean = False
            try:
                self._assert(handle, batch, asserted)
                prefix = f"e{number}.r" if origins else None
                self._run_agenda(handle, state, sid, prefix, derived, outputs, fired, asserted)
                for checkpoint in self._checkpoints:
                    extra = [
                        {**f, "sid": sid}
                        for f in checkpoint(
                            Evaluation(tuple(derived), tuple(outputs), tuple(fired))
                        )
                    ]
                    if extra:
                        self._assert(handle, extra, asserted)
                        self._run_agenda(
                            handle, state, sid, prefix, derived, outputs, fired, asserted
                        )
                clean = self._retract(handle, state, asserted)
            finally:
                self._uses += 1
                if not clean or self._uses >= SESSION_REUSE:
                    self._drop_session(handle)
            return Evaluation(tuple(derived), tuple(outputs), tuple(fired))

    def _session(self, handle: int) -> tuple[str, int]:
        """The live session, created (with its sentinel fact and action) when needed."""
        native = self._native
        if native.sid is not None and native.state is not None:
            return native.sid, native.state
        sid = f"s{next(self._session_ids)}"
        native.sid, self._uses = sid, 0
        # The sentinel's action runs now, so the session always has had an action run:
        # deleting a session in which none ever ran segfaults in durable-rules 2.0.28.
        state = self._assert(handle, [{"t": _SENTINEL_TYPE, "id": "sentinel", "sid": sid}], [])
        native.state = state
        message = _dre.start_action_for_state(handle, state)
        while message:
            message = _dre.complete_and_start_action(handle, state)
        return sid, state

    def _retract(self, handle: int, state: int, asserted: list[str]) -> bool:
        """Take back every fact of the evaluation; True when the session is clean again."""
        try:
            # One call for every fact asserted: the payloads are JSON arrays of objects,
            # joined here into one (the last wave's first, as they were asserted in turn).
            payload = (
                asserted[0]
                if len(asserted) == 1
                else "[" + ",".join([p[1:-1] for p in reversed(asserted) if p != "[]"]) + "]"
            )
            code, _ = _dre.retract_facts(handle, payload)
            if code not in _OK_CODES:
                return False
            # Retraction must not have scheduled anything (the rules have no negation).
            return not _dre.start_action_for_state(handle, state)
        except _dre.error:
            return False

    def _drop_session(self, handle: int) -> None:
        self._native.drop_session(handle)

    @staticmethod
    def _assert(handle: int, facts: list[Fact], record: list[str]) -> int:
        try:
            payload = orjson.dumps(facts).decode()
        except TypeError as error:
            raise EngineError(f"facts are not plain JSON: {error}") from error
        try:
            code, state = _dre.assert_facts(handle, payload)
        except _dre.error as error:
            raise EngineError(f"durable-rules rejected the facts: {error}") from error
        if code not in _OK_CODES:
            raise EngineError(f"durable-rules returned code {code} asserting facts")
        record.append(payload)
        return int(state)

    def _run_agenda(
        self,
        handle: int,
        state: int,
        sid: str,
        prefix: str | None,
        derived: list[Fact],
        outputs: list[Any],
        fired: list[Firing],
        record: list[str],
    ) -> None:
        # Derived facts are asserted in waves: collected while the agenda runs, asserted
        # together once it is empty, and the agenda run again. The rules are monotone (no
        # negation), so the fixpoint is the same as asserting each at once, with fewer
        # calls into the engine. Repeats and facts no rule reads are not asserted. With a
        # ``prefix``, each asserted fact's id names the firing that derived it (the prefix,
        # the firing's index, the fact's place in its consequence: `derived_by`), so that a
        # rule that matches it records where it came from.
        rules = self._rules
        read_types = self._read_types
        cap = self._max_actions
        start_action = _dre.start_action_for_state
        complete_action = _dre.complete_and_start_action
        dumps = orjson.dumps
        sort_keys = orjson.OPT_SORT_KEYS
        make_firing = tuple.__new__  # Firing(...) without its Python-level __new__
        asserted: set[bytes] = set()
        while True:
            result = start_action(handle, state)
            message: str | None = result[1] if result else None
            wave: list[Fact] = []
            while message:
                if len(fired) >= cap:
                    most = Counter(firing.rule for firing in fired).most_common(1)
                    raise RuleLoopError(
                        f"more than {cap} actions in one evaluation",
                        most[0][0] if most else None,
                        cap,
                    )
                # The rule's name is read off the front of the message ({"name": {...}})
                # when it has no escapes; the bindings are parsed when first read.
                end = message.find('"', 2)
                name = message[2:end]
                bindings: Bindings
                if end > 2 and message.startswith('{"') and "\\" not in name:
                    bindings = _Bindings(message)
                else:
                    ((name, bindings),) = orjson.loads(message).items()
                rule = rules.get(name)
                if rule is not None:
                    # Bindings carry the engine's own "sid" and "id" fields too.
                    try:
                        consequence = rule.then(bindings)
                    except BaseException as error:
                        error.add_note(f"raised by the action of rule {name!r}")
                        raise
                    fired.append(make_firing(Firing, (name, bindings, consequence)))
                    if consequence.outputs:
                        outputs.extend(consequence.outputs)
                    for place, fact in enumerate(consequence.facts):
                        derived.append(fact)
                        key = dumps(fact, option=sort_keys)  # also refuses non-JSON facts
                        if fact.get("t") in read_types and key not in asserted:
                            asserted.add(key)
                            wave.append(
                                {**fact, "sid": sid}
                                if prefix is None
                                else {**fact, "sid": sid, "id": f"{prefix}{len(fired) - 1}.{place}"}
                            )
                message = complete_action(handle, state)
            if not wave:
                return
            self._assert(handle, wave, record)
