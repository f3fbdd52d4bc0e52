"""The core's business rules as plain async functions, one module per sub-domain.

Other packages import from here (``from market import service``), never ``market.models``.
"""

from market.models import AccountType, CoopStatus, MemberStatus, Role
from market.service import sessions, throttle
from market.service.accounts import active_sessions, change_password, end_all_sessions, log_in, set_user_active
from market.service.cooperatives import (
    amend_pending,
    coop_account,
    create_cooperative,
    get_cooperative,
    get_cooperative_by_slug,
    list_cooperatives,
    set_status,
    update_cooperative,
)
from market.service.integrity import TrialBalanceRow, books_problems, trial_balance
from market.service.ledger import (
    Leg,
    balance_of,
    book_of,
    booking_on,
    bridge,
    chart_account,
    credit,
    debit,
    get_or_create_account,
    natural_balance,
    platform_pair,
    post_entry,
)
from market.service.members import (
    add_member,
    count_members,
    deposit,
    get_member,
    list_members,
    member_out,
    members_by_id,
    savings_history,
    savings_of,
    update_member,
    withdraw,
)
from market.service.outbox import count_failed_events, dispatch_pending, failed_events, publish, retry_event, subscribe
from market.service.shu import live_shu, member_shu
from market.service.staff import coop_logins, set_access, set_role
from market.service.tokens import actor_by_token, coop_tokens, issue_coop_token, issue_token, revoke_coop_token
from market.service.users import (
    Actor,
    actor_by_id,
    authenticate,
    create_user,
    email_taken,
    emails_of,
    operator_logins,
    require_coop,
    require_member_self,
    require_national_operator,
    require_operator,
    set_operator_province,
)
from market.service.zones import day_in, is_syariah, zone_of

__all__ = [name for name in dir() if not name.startswith("_")]
