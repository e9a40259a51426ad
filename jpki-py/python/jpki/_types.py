"""Types shared by the package and its stubs."""

from __future__ import annotations

from typing import Protocol


class Transport(Protocol):
    """Anything that sends one command APDU to a card and returns its whole answer
    (data, then SW1 SW2): a reader bridge, a phone, a test double, or
    :class:`jpki.sim.VirtualCard`. A VERIFY command carries a secret: a
    transport must not log or keep it."""

    def transmit(self, command: bytes, /) -> bytes: ...
