"""Demo spare-parts catalogue of the China office: about 300 parts and the bill of spare
parts of every demo equipment model. Pure data (standard library only), after
domain-reference.md §1.4 (equipment tree), §3.1–3.2 (classes, lead times) and §3.3 (HS codes).

Numbers by block: SP-1001–1431 cooling loop, SP-1601–1621 hoses and fittings, SP-2001–2044
power semiconductors (SP-2010–2013, the DC fast fuses, and SP-2201–2215 form the DC link),
SP-2101–2141 driver and control boards, SP-2301–2404 switchgear, SP-3001–3041 inductors,
SP-3101–3116 resonant tank, SP-3201–3216 bus and leads, SP-3301–3308 flux concentrators,
SP-3401–3411 output transformers, SP-4001–4055 quench, SP-5001–5021 servo axes, SP-5101–5141
mechanics, SP-6001–6032 automation, SP-7001–7050 sensors, SP-8001–8016 EV chargers (a separate
product line, its parts in their own categories). Another rating of a part takes the next free
number of its block, never a suffix.

The numbers named by demo/service FAULTS keep their meaning there; being one number per kind
of part, they carry the rating of the demo baseline (300 kW / 10 kHz IGBT supply, §2.1) and sit
in the bill of every model their fault can happen on: 23 parts in every power supply and
machine, five more in every hardening machine, scanner and crankshaft line. Machines list the
parts of their own power supply and heat station too, which is why their bills run longer.

cost_eur is HQ's cost; price_cny the China office's list price before VAT, about
cost × 7.8 × 1.65–2.2 (critical spares at the low end, consumables at the high end), rounded to
10 CNY. lead_days is HQ's lead time to a Chinese port when the part is not in stock (air for
A items, rail or sea for heavy ones); customs_days the clearance in China.
"""

from serviceloop.demo.parts_data.bom import BOM
from serviceloop.demo.parts_data.cooling import COOLING
from serviceloop.demo.parts_data.ev_chargers import EV_CHARGERS
from serviceloop.demo.parts_data.heat_station import HEAT_STATION
from serviceloop.demo.parts_data.machine import MACHINE
from serviceloop.demo.parts_data.power_supply import POWER_SUPPLY
from serviceloop.demo.parts_data.rows import CATEGORIES, SPARE_CLASSES, UNITS, PartRow

PARTS: list[PartRow] = [*COOLING, *POWER_SUPPLY, *HEAT_STATION, *MACHINE, *EV_CHARGERS]

__all__ = ["BOM", "CATEGORIES", "PARTS", "SPARE_CLASSES", "UNITS", "PartRow"]
