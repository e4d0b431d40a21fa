"""What the survey views share: who may open which page."""

from serviceloop.accounts.permissions import role_required

from .. import permissions

survey_designers = role_required(*permissions.SURVEY_DESIGNERS)
answer_recorders = role_required(*permissions.ANSWER_RECORDERS)
answer_readers = role_required(*permissions.ANSWER_READERS)
