"""The service loop's extension points (docs/decisions/0008-extension-points.md and
0014-the-seam-on-the-case.md).

Later apps (spare parts, knowledge base, ...) plug functions in here from their
`AppConfig.ready()`; the service app calls the points and never imports those apps.
"""

from serviceloop.core.extensions import ExtensionPoint

# Places in the ordered steps of case_ending: the service app's own come first.
WITHDRAW_QUOTES = 10

case_panels = ExtensionPoint(
    "service.case_panels",
    "Sections of the staff case page: fn(request, case) -> Panel | None.",
)
portal_case_panels = ExtensionPoint(
    "service.portal_case_panels",
    "Sections of the customer's case page in the portal: fn(request, case) -> Panel | None. "
    "The customer reads all of it: nothing internal.",
)
complaint_panels = ExtensionPoint(
    "service.complaint_panels",
    "Sections of a complaint's page (where a later app's record opened it): "
    "fn(request, complaint) -> Panel | None.",
)
report_panels = ExtensionPoint(
    "service.report_panels",
    "Sections of the repair-report page: fn(request, case, report) -> Panel | None.",
)
report_document_sections = ExtensionPoint(
    "service.report_document_sections",
    "Sections of the printed repair report (产品维修报告单) and its e-mailed PDF: "
    "fn(report) -> Panel | None. No request: the PDF is also made by a task. The customer "
    "reads all of it: nothing internal.",
)
visible_cases = ExtensionPoint(
    "service.visible_cases",
    "More cases a user sees than its role gives: fn(user) -> Q | None (a filter on Case).",
)
report_signing = ExtensionPoint(
    "service.report_signing",
    "Runs inside the transaction that signs a repair report: fn(report, by). A "
    "ValidationError refuses the signing and rolls everything back.",
)
case_ending = ExtensionPoint(
    "service.case_ending",
    "The ordered steps run inside the transaction that closes or cancels a case: "
    "fn(case, by). The service app's own come first (WITHDRAW_QUOTES: its open quotes are "
    "withdrawn), later apps' after (core.extensions.LATER unless they say). A "
    "ValidationError refuses the move and rolls every step back.",
)
billed_parts = ExtensionPoint(
    "service.billed_parts",
    "The part lines of the bills for the work done: fn(bills) -> {case pk: list of lines "
    "(kind, description, part_number, quantity, unit_price, cover)}. `bills`: one case's or "
    "a customer's many (selectors.charges.WorkDone: case, reports, quoted, cover), answered "
    "in a fixed number of queries. For a case in the answer, its lines replace the approved "
    "quotes' part lines; a case left out keeps them.",
)
part_prices = ExtensionPoint(
    "service.part_prices",
    "List prices of part numbers for a quote: fn(office, numbers) -> {normalised number: "
    "(description, unit price or None)}.",
)
part_choices = ExtensionPoint(
    "service.part_choices",
    "Part numbers a quote for this case likely needs: fn(case) -> [(number, label)].",
)
