from django import template

from .. import permissions

register = template.Library()

RIGHTS = {
    "keep": permissions.STOCK_KEEPERS,
    "order": permissions.ORDER_VIEWERS,
    "reserve": permissions.RESERVERS,
    "edit_catalogue": permissions.CATALOGUE_EDITORS,
    "supply": permissions.ORDER_SUPPLIERS,
}


@register.filter
def may(user, right: str) -> bool:
    """What the parts pages offer a user: `{% if user|may:"keep" %}`."""
    return getattr(user, "role", None) in RIGHTS[right]


@register.filter
def get_place(by_place: dict, balance):
    """The entry of a {(part_id, warehouse_id): ...} mapping for a balance row."""
    return by_place.get((balance.part_id, balance.warehouse_id))


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.simple_tag
def machine_parts_rows(machine_parts) -> str:
    """The rows of a case's bill of spare parts with free stock per warehouse, built in
    Python: on the case page this table's nested loops cost more than the rest of the parts
    panel (bench/bench_scale.py). Every value from the database is escaped."""
    from html import escape

    from django.urls import reverse
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _

    part_label = escape(_("Part"))
    per_unit = escape(_("Per unit"))
    stock_label = escape(_("Free stock: the van and the office first"))
    critical = f' <span class="badge critical">{escape(_("critical"))}</span>'
    link = reverse("parts:part_detail", args=[999999999])
    rows = []
    for line, places in machine_parts:
        part = line.part
        where = " · ".join(
            f"{escape(str(place.warehouse))}: <strong>{place.available}</strong>"
            + (
                f' <small class="muted">({int(place.distance_km + 0.5)} km)</small>'
                if place.distance_km is not None
                else ""
            )
            for place in places
        )
        if not places:
            none = _("none — %(days)s days from HQ") % {"days": part.replenishment_days}
            where = f'<span class="muted">{escape(none)}</span>'
        url = link.replace("999999999", str(line.part_id))
        rows.append(
            f'<tr><td data-label="{part_label}"><a class="mono" href="{url}">'
            f"{escape(part.number)}</a> {escape(part.name_zh)}"
            f"{critical if line.is_critical else ''}</td>"
            f'<td class="num" data-label="{per_unit}">{line.quantity}</td>'
            f'<td data-label="{stock_label}">{where}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - values escaped above, the rest is ours
