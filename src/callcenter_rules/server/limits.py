"""What one server process lets its clients hold (`Limits`)."""

from __future__ import annotations

from typing import Any

import attrs


def _positive(_instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be more than 0, got {value}")


@attrs.frozen
class Limits:
    """What one server process lets its clients hold: each bound is there so that no
    client (slow, stuck or hostile) can take memory, connections or time without end.
    ``callcenter-rules serve`` sets them from its options (docs/server.md).

    Raises:
        ValueError: a limit that is not more than 0.
    """

    #: Connections open at once (uvicorn's ``limit_concurrency``): a request that arrives
    #: while more are open, or more requests are in flight, is answered 503 with
    #: ``Retry-After``, and its connection closed; a connection opened while twice as many
    #: are open is answered 503 and closed at once.
    limit_concurrency: int = attrs.field(default=128, validator=_positive)
    #: ``POST /v1/batch`` streams at once; one more is answered 503 with ``Retry-After``.
    limit_batches: int = attrs.field(default=4, validator=_positive)
    #: Bytes of batch input read ahead of the assessments, per batch. Once that much waits
    #: to be assessed, the server stops reading the request until the answer catches up.
    batch_read_ahead: int = attrs.field(default=4 << 20, validator=_positive)
    #: The largest request head (request line and headers), in bytes; over it: 431.
    max_header_size: int = attrs.field(default=16 << 10, validator=_positive)
    #: Seconds an idle connection is kept open after an answer (uvicorn's
    #: ``timeout_keep_alive``).
    timeout_keep_alive: float = attrs.field(default=5.0, validator=_positive)
    #: Seconds a request head has, from the opening of the connection (or the end of the
    #: previous answer), to arrive whole: a connection that sends nothing is closed, one
    #: that sent part of a head is answered 408 and closed.
    timeout_header: float = attrs.field(default=10.0, validator=_positive)
    #: Seconds the body of ``/v1/assess`` or ``/v1/plan`` has to arrive whole (else 408);
    #: the longest a batch waits for the next part of its input (else its answer is cut
    #: off); and the longest any answer waits for the client to read it (else the
    #: connection is closed).
    timeout_body: float = attrs.field(default=30.0, validator=_positive)
    #: Bytes a second a batch's input must average, over the time the server waits for it
    #: (not the time it is busy with rows it has), once it has waited ``timeout_body`` in
    #: all: slower, its answer is cut off, so that a client that trickles its input cannot
    #: hold one of the ``limit_batches`` for as long as it likes.
    batch_min_rate: int = attrs.field(default=4096, validator=_positive)
