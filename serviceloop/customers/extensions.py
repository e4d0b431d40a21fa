"""The customers app's extension points (docs/decisions/0014-the-seam-on-the-case.md).

Later apps (service, spare parts, surveys, ...) plug a section into the customer's profile
record (the `records` app's page) from their `AppConfig.ready()`; neither this app nor
`records` imports them for it.
"""

from serviceloop.core.extensions import ExtensionPoint

customer_panels = ExtensionPoint(
    "customers.customer_panels",
    "Sections of the customer's profile record: fn(request, customer) -> Panel | None. "
    "A panel runs a fixed number of queries, whatever the customer's size.",
)

customer_document_panels = ExtensionPoint(
    "customers.customer_document_panels",
    "Sections of the customer's printed profile record (客户档案记录表, its print page and "
    "PDF; staff only): fn(customer) -> Panel | None. No request: a document may be made "
    "outside one. A panel runs a fixed number of queries.",
)
