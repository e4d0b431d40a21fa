"""The service forms, one module per screen; every form is importable from here too."""

from .cases import (
    AttachmentForm,
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
from .feedback import SCALE, ComplaintForm, FeedbackFilterForm, FeedbackForm
from .feedback_complaints import NewComplaintForm
from .reports import AddendumForm, ReportForm, SignForm
from .settings import CalendarDayForm, CertificationForm, EngineerProfileForm, SlaTargetsForm
from .visits import CheckInForm, VisitForm

__all__ = [
    "SCALE",
    "AddendumForm",
    "AnswerForm",
    "AttachmentForm",
    "CalendarDayForm",
    "CaseFilterForm",
    "CertificationForm",
    "ChargeRatesForm",
    "CheckInForm",
    "ComplaintForm",
    "EngineerProfileForm",
    "FeedbackFilterForm",
    "FeedbackForm",
    "FindingsForm",
    "InfoRequestForm",
    "MoveForm",
    "MultipleFileField",
    "MultipleFileInput",
    "NewComplaintForm",
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
