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
