"""Extension points: how a later app shows its data on an earlier app's page, or takes its
part in an earlier app's step, while dependencies keep pointing one way.

The earlier app declares a point (`case_panels = ExtensionPoint(...)` in its
`extensions.py`) and calls it where the page or step needs it; the later app plugs a
function into it from its `AppConfig.ready()`. The earlier app never imports the later one,
and without the later app installed the page simply has one section fewer.
See docs/decisions/0008-extension-points.md.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A section a later app adds to a page: a template rendered with its own context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


class ExtensionPoint:
    """A named place in an earlier app where later apps plug functions in."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._plugs: list[Callable[..., Any]] = []

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self._plugs)} plugged>"

    def plug(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Adds `function` (once, so a repeated ready() does not double it); a decorator."""
        if function not in self._plugs:
            self._plugs.append(function)
        return function

    def call(self, **kwargs: Any) -> list[Any]:
        """Every plugged function's answer, in plugging order; None answers left out."""
        answers = (function(**kwargs) for function in self._plugs)
        return [answer for answer in answers if answer is not None]

    def panels(self, **kwargs: Any) -> list[Panel]:
        return sorted(self.call(**kwargs), key=lambda panel: panel.order)
