"""The console: prints each text to the worker's log instead of sending it (local runs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.providers.base import ProviderKind
from gateway.providers.console.client import ConsoleProvider

if TYPE_CHECKING:
    from gateway.config import Settings


def _build(settings: Settings, clock: Callable[[], datetime]) -> object:
    return ConsoleProvider()


KIND = ProviderKind(name="console", label="the console", sends_templates=False, build=_build)
