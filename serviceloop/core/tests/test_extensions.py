"""Extension points run their plugs in a stated order, once each, and let a test plug one for
a while (decisions 0008 and 0014)."""

from serviceloop.core.extensions import LATER, ExtensionPoint, Panel


def _point() -> ExtensionPoint:
    return ExtensionPoint("test.point", "fn(log) -> str")


def test_plugs_run_by_their_order_then_in_plugging_order():
    point = _point()

    @point.plug
    def later(*, log):
        log.append("later")

    @point.plug(order=10)
    def own(*, log):
        log.append("own")

    point.plug(lambda *, log: log.append("also later"), order=LATER)
    log: list[str] = []
    point.call(log=log)
    assert log == ["own", "later", "also later"]


def test_a_function_plugged_twice_runs_once():
    point = _point()
    step = point.plug(lambda: "once")
    point.plug(step, order=5)
    assert point.call() == ["once"]


def test_a_temporary_plug_is_gone_after_its_block_even_when_it_raised():
    point = _point()
    step = point.plug(lambda: "kept")

    def temporary():
        return "for a while"

    with point.plugged(temporary):
        assert point.call() == ["kept", "for a while"]
    assert point.plugs == [step]
    try:
        with point.plugged(temporary):
            raise RuntimeError
    except RuntimeError:
        pass
    assert point.plugs == [step]


def test_panels_are_shown_in_their_own_order_and_none_answers_left_out():
    point = _point()
    point.plug(lambda: Panel("b.html", order=50))
    point.plug(lambda: None)
    point.plug(lambda: Panel("a.html", order=20))
    assert [panel.template for panel in point.panels()] == ["a.html", "b.html"]
