"""Onboarding's business rules, the package's public surface for other packages and the pages:
registration, the applicant's corrections and resubmission, the operator's review, the audit
log, invitations, and the people and tokens pages' changes. They hand back the values of
``onboarding.schemas``, never ORM rows."""

from onboarding.service.access import change_role, create_token, people, revoke_token, set_access, tokens
from onboarding.service.applicant import amend, my_application, replace_document, resubmit
from onboarding.service.audit import history
from onboarding.service.bank import holder_matches
from onboarding.service.common import document_file
from onboarding.service.documents import documents_dir, path_of
from onboarding.service.invitations import accept, invitations, invite, view, withdraw
from onboarding.service.operators import create_operator, operators, set_scope
from onboarding.service.registration import DOCUMENT_LABELS, Registered, checked_documents, register
from onboarding.service.review import (
    add_note,
    application_ids,
    approve,
    queue,
    reinstate,
    request_changes,
    review,
    set_check,
    suspend,
)

__all__ = [name for name in dir() if not name.startswith("_")]
