"""Normal windows of machine readings, to show each reading against what is expected.

From domain-reference.md §2.1 (demo baseline: a 300 kW / 10 kHz IGBT scanner on 3×380 V).
A model-specific window (from commissioning records) will take precedence once models carry
their own; until then these indicative windows apply to every machine.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Window:
    low_alarm: float | None
    low_warning: float | None
    high_warning: float | None
    high_alarm: float | None

    def judge(self, value: Decimal) -> str:
        number = float(value)
        if (self.low_alarm is not None and number < self.low_alarm) or (
            self.high_alarm is not None and number > self.high_alarm
        ):
            return "alarm"
        if (self.low_warning is not None and number < self.low_warning) or (
            self.high_warning is not None and number > self.high_warning
        ):
            return "warning"
        return "normal"

    def describe(self) -> str:
        low = self.low_warning if self.low_warning is not None else ""
        high = self.high_warning if self.high_warning is not None else ""
        return f"{low}–{high}"


WINDOWS = {
    "U_dc": Window(430, 460, 580, 620),
    "Q_ps": Window(32, 36, None, None),  # 80 % / 90 % of a 40 L/min baseline
    "Q_coil": Window(24, 27, None, None),
    "p_in": Window(1.5, 2.0, 3.0, 3.5),
    "T_in": Window(None, None, 32, 35),
    "kappa": Window(None, None, 250, 300),
    "Q_q": Window(51, 54, 66, 69),  # recipe 60 L/min ±10 % / ±15 %
}
VERDICTS = {"normal": _("normal"), "warning": _("warning"), "alarm": _("alarm")}


def judge(tag: str, value: Decimal | None) -> tuple[str, str] | None:
    """(verdict, normal window) of a reading, or None when no window is known."""
    window = WINDOWS.get(tag)
    if window is None or value is None:
        return None
    return window.judge(value), window.describe()
