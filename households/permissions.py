"""Who may do what in the registry and the review procedure: the one place for these rules.

Views guard with ``tannkhai.permissions.require(<rule>)``; services check again before
writing. Scope (which areas a user sees) is the selectors' job."""

from __future__ import annotations

from households.models import Area
from households.reviews.models import Review
from tannkhai.models import Role, User
from tannkhai.permissions import in_scope, role_of, role_or_none


def can_edit_registry(user: User) -> bool:
    """Create and correct households and members (quarter heads in their own quarters)."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD)


def can_restructure_registry(user: User) -> bool:
    """Move households between quarters and retire them."""
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER)


def can_export_registry(user: User) -> bool:
    return role_or_none(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD, Role.LEADER)


def can_manage_areas(user: User) -> bool:
    return role_or_none(user) == Role.ADMIN


def can_edit_draft(user: User, review: Review) -> bool:
    return (
        role_of(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD)
        and review.status == Review.Status.DRAFT
        and in_scope(user, review.quarter)
    )


def can_run_procedure(user: User) -> bool:
    """Submit, meeting, posting, complaints, send back, prepare the decision."""
    return role_of(user) in (Role.ADMIN, Role.OFFICER)


def can_record_meeting(user: User, quarter: Area) -> bool:
    return role_of(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD) and in_scope(
        user, quarter
    )


def can_approve_decision(user: User) -> bool:
    return role_of(user) in (Role.ADMIN, Role.LEADER)


def can_run_procedure_in(user: User, area: Area) -> bool:
    """Run the procedure's steps (campaigns, send back, posting, complaints, decisions,
    support needs, average-living assessment) for an area in the user's scope."""
    return can_run_procedure(user) and in_scope(user, area)


def can_file_for_household(user: User, quarter: Area) -> bool:
    """Put a household on a review list, file its Mẫu 01 / Mẫu 04 request, its escape
    commitment or its average-living request (officers; quarter heads in their quarter)."""
    return role_of(user) in (Role.ADMIN, Role.OFFICER, Role.QUARTER_HEAD) and in_scope(
        user, quarter
    )
