"""The equipment app's extension points (docs/decisions/0014-the-seam-on-the-case.md).

Later apps (spare parts, maintenance, ...) plug a section into the unit's record file (the
`records` app's page) from their `AppConfig.ready()`; neither this app nor `records` imports
them for it.
"""

from serviceloop.core.extensions import ExtensionPoint

unit_panels = ExtensionPoint(
    "equipment.unit_panels",
    "Sections of the unit's record file: fn(request, unit) -> Panel | None. A panel runs a "
    "fixed number of queries, whatever the unit's history.",
)

unit_document_panels = ExtensionPoint(
    "equipment.unit_document_panels",
    "Sections of the unit's printed record file (客户设备记录档案表, its print page and PDF): "
    "fn(unit, for_customer) -> Panel | None. No request: a document may be made outside one. "
    "`for_customer`: the file goes to the unit's own customer (the portal), so a section "
    "shows only what that customer's own cases did. Every row, no cap, in a fixed number of "
    "queries.",
)
