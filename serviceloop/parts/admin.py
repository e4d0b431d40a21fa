from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Part, Warehouse


@admin.register(Part)
class PartAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name_zh", "category", "spare_class", "is_critical"]
    search_fields = ["number", "name_zh", "name_en"]
    list_filter = ["category", "spare_class", "is_critical", "is_repairable"]


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "office"]
    list_filter = ["kind", "office"]
