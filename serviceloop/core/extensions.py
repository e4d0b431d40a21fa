"""Extension points: how a later app shows its data on an earlier app's page, or takes its
part in an earlier app's step, while dependencies keep pointing one way.

The earlier app declares a point (`case_panels = ExtensionPoint(...)` in its
`extensions.py`) and calls it where the page or step needs it; the later app plugs a
function into it from its `AppConfig.ready()`. The earlier app never imports the later one,
and without the later app installed the page simply has one section fewer.
See docs/decisions/0008-extension-points.md and 0014-the-seam-on-the-case.md.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Where a plug runs when its app does not say: after the earlier app's own steps.
LATER = 100


@dataclass(frozen=True)
class Panel:
    """A section a later app adds to a page: a template rendered with its own context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


class ExtensionPoint:
    """A named place in an earlier app where later apps plug functions in. The plugs run
    by their `order`, then in plugging order: an ordered list of steps, each app's place in
    it written where it plugs in (decision 0014)."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._plugs: list[tuple[int, Callable[..., Any]]] = []

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self._plugs)} plugged>"

    def plug(self, function: Callable[..., Any] | None = None, *, order: int = LATER) -> Any:
        """Adds `function` at `order` (once, so a repeated ready() does not double it). A
        decorator, bare (`@point.plug`) or with its place (`@point.plug(order=50)`)."""
        if function is None:
            return lambda decorated: self.plug(decorated, order=order)
        if function not in self.plugs:
            self._plugs.append((order, function))
            self._plugs.sort(key=lambda entry: entry[0])  # stable: plugging order within one
        return function

    def unplug(self, function: Callable[..., Any]) -> None:
        self._plugs = [entry for entry in self._plugs if entry[1] is not function]

    @contextmanager
    def plugged(self, function: Callable[..., Any], *, order: int = LATER) -> Iterator[None]:
        """`function` plugged for the length of a `with` block (tests)."""
        self.plug(function, order=order)
        try:
            yield
        finally:
            self.unplug(function)

    @property
    def plugs(self) -> list[Callable[..., Any]]:
        """The plugged functions, in the order they run."""
        return [function for _order, function in self._plugs]

    def call(self, **kwargs: Any) -> list[Any]:
        """Every plugged function's answer, in order; None answers left out. An exception
        stops the plugs after it (a step's ValidationError refuses the caller's step)."""
        answers = (function(**kwargs) for function in self.plugs)
        return [answer for answer in answers if answer is not None]

    def panels(self, **kwargs: Any) -> list[Panel]:
        return sorted(self.call(**kwargs), key=lambda panel: panel.order)


site_search = ExtensionPoint(
    "core.site_search",
    "Sections of the top search's results (the box in every staff page's top bar): "
    "fn(request, query) -> Panel | None; None when the app found nothing the user may read. "
    "A section runs a bounded number of queries, whatever the data's size.",
)

home_panels = ExtensionPoint(
    "core.home_panels",
    "Sections of the staff welcome page (the manager's home, decision 0010): "
    "fn(request) -> Panel | None; None when the user has nothing there. A fixed number of "
    "queries each.",
)
