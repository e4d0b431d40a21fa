"""Distances on the map, for choosing the nearest engineer or warehouse."""

from math import asin, cos, radians, sin, sqrt


def distance_km(lat1, lon1, lat2, lon2) -> float | None:
    """Great-circle distance; None when a position is unknown."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = radians(float(lat1)), radians(float(lat2))
    dp, dl = p2 - p1, radians(float(lon2) - float(lon1))
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371 * asin(sqrt(a))
