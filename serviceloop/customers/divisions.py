"""China's administrative divisions (GB/T 2260 codes) read from the committed data file.

Codes are six digits PPCCDD: PP0000 is a province, PPCC00 a city (prefecture level),
anything else a district or county. data/README.md says where the list comes from.
"""

import json
from collections.abc import Iterator
from enum import StrEnum
from importlib.resources import files


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"


def level_of(code: str) -> Level:
    """The level a six-digit code stands for."""
    if code.endswith("0000"):
        return Level.PROVINCE
    if code.endswith("00"):
        return Level.CITY
    return Level.DISTRICT


def iter_divisions() -> Iterator[tuple[str, str, Level, str | None]]:
    """Every division as (code, name, level, parent code), sorted by code, parents first."""
    # The parent is stored, not derived: Chongqing's counties (5002xx) sit under 500100.
    data_file = files("serviceloop.customers").joinpath("data", "divisions.json")
    for code, name, parent_code in json.loads(data_file.read_text(encoding="utf-8")):
        yield code, name, level_of(code), parent_code
