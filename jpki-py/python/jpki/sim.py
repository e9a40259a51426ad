"""The simulator: a J-LIS issuing authority and a virtual My Number card, in
memory, so integration tests run without a card or the J-LIS test environment.

A :class:`VirtualCard` is itself a transport: ``jpki.Card(VirtualCard())``
drives it exactly as a real card behind a reader. Keys exist only here.
"""

from __future__ import annotations

from jpki._rust import Authority, Personalized, VirtualCard

__all__ = ["Authority", "Personalized", "VirtualCard"]
