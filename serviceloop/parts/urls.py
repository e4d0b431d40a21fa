from django.urls import path

from .views import cases, catalogue, orders, policy, stock

app_name = "parts"

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("new/", catalogue.part_create, name="part_create"),
    path("<int:pk>/", catalogue.part_detail, name="part_detail"),
    path("<int:pk>/edit/", catalogue.part_edit, name="part_edit"),
    path("stock/", stock.stock, name="stock"),
    path("ledger/", stock.ledger, name="ledger"),
    path("where/", stock.where_is, name="where_is"),
    path("warehouses/", stock.warehouse_list, name="warehouse_list"),
    path("movements/<slug:kind>/", stock.movement_new, name="movement_new"),
    path("reservations/", cases.reservations, name="reservations"),
    path("reservations/<int:pk>/release/", cases.reservation_release, name="reservation_release"),
    path("cases/<int:case_pk>/reserve/", cases.case_reserve, name="case_reserve"),
    path("cases/<int:case_pk>/report-parts/", cases.report_parts, name="report_parts"),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/", orders.order_create, name="order_create"),
    path("orders/propose/", orders.order_propose, name="order_propose"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/confirm/", orders.order_confirm, name="order_confirm"),
    path("orders/<int:pk>/ship/", orders.order_ship, name="order_ship"),
    path("orders/<int:pk>/<slug:step>/", orders.order_step, name="order_step"),
    path("repairs/", orders.repair_list, name="repair_list"),
    path("repairs/<int:pk>/", orders.repair_detail, name="repair_detail"),
    path("repairs/<int:pk>/ship-back/", orders.repair_ship_back, name="repair_ship_back"),
    path("repairs/<int:pk>/<slug:step>/", orders.repair_step, name="repair_step"),
    path("replenishment/", policy.replenishment, name="replenishment"),
    path("policy/", policy.policy_list, name="policy_list"),
    path("policy/apply/", policy.policy_apply, name="policy_apply"),
    path("policy/<int:part_pk>/<int:warehouse_pk>/", policy.policy_edit, name="policy_edit"),
]
