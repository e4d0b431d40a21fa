"""The service forms, one module per screen; every form is importable from here too."""

from .cases import (
    CaseFilterForm,
    MoveForm,
    NoteForm,
    OpenCaseForm,
    ReadingForm,
    TriageForm,
)
from .charges import (
    ChargeRatesForm,
    PurchaseOrderForm,
    QuoteDecisionForm,
    QuoteForm,
    QuoteLineForm,
    QuoteLineFormSet,
    SendQuoteForm,
)
from .diagnosis import (
    AnswerForm,
    FindingsForm,
    InfoRequestForm,
    MultipleFileField,
    MultipleFileInput,
)
from .feedback import SCALE, ComplaintForm, FeedbackForm
from .reports import ReportForm, SignForm
from .settings import CalendarDayForm, CertificationForm, EngineerProfileForm, SlaTargetsForm
from .visits import VisitForm

__all__ = [
    "SCALE",
    "AnswerForm",
    "CalendarDayForm",
    "CaseFilterForm",
    "CertificationForm",
    "ChargeRatesForm",
    "ComplaintForm",
    "EngineerProfileForm",
    "FeedbackForm",
    "FindingsForm",
    "InfoRequestForm",
    "MoveForm",
    "MultipleFileField",
    "MultipleFileInput",
    "NoteForm",
    "OpenCaseForm",
    "PurchaseOrderForm",
    "QuoteDecisionForm",
    "QuoteForm",
    "QuoteLineForm",
    "QuoteLineFormSet",
    "ReadingForm",
    "ReportForm",
    "SendQuoteForm",
    "SignForm",
    "SlaTargetsForm",
    "TriageForm",
    "VisitForm",
]
