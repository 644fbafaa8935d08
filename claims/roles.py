"""The two workbench roles, as Django groups created by a data migration.

Admins are staff or superusers; their powers come from is_superuser or from the
groups they are also put in.
"""

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet

REVIEWER = "Reviewer"
EDITOR = "Editor"

# Kept in step with migrations 0002_roles, 0007_candidate_triage, 0014_evidence_lifecycle,
# 0018_claimants, 0024_rating_scale and 0029_numbers.
REVIEWER_PERMISSIONS = [
    "view_article",
    "view_outlet",
    "view_claim",
    "view_claimant",
    "view_evidence",
    "add_evidence",
    "view_review",
    "add_review",
    "change_review",
    "view_verdict",
    "triage_candidates",
]

EDITOR_PERMISSIONS = REVIEWER_PERMISSIONS + [
    "add_claim",
    "add_claimant",
    "change_claimant",
    "merge_claimant",
    "change_claim",
    "add_article",
    "change_article",
    "add_outlet",
    "change_outlet",
    "change_evidence",
    "confirm_evidence",
    "view_assignment",
    "add_assignment",
    "view_statuschange",
    "assign_claim",
    "settle_claim",
    "publish_claim",
    "reopen_claim",
    # The desk's rating scale, in the admin (0024_rating_scale).
    "view_ratinglevel",
    "add_ratinglevel",
    "change_ratinglevel",
    "delete_ratinglevel",
    # The desk's tolerance rules for numeric claims, in the admin (0029_numbers).
    "view_tolerancerule",
    "add_tolerancerule",
    "change_tolerancerule",
    "delete_tolerancerule",
]


def is_editor(user: "User | AnonymousUser") -> bool:
    """Editors, and admins (a superuser holds every permission): the one test of both."""
    return user.has_perm("claims.settle_claim")


def require_editor(user: "User | AnonymousUser") -> None:
    """Raise PermissionDenied (403) unless `user` is an editor or an admin."""
    if not is_editor(user):
        raise PermissionDenied


def is_reviewer(user: "User | AnonymousUser") -> bool:
    return user.has_perm("claims.add_review")


def display_name(user: "User | None") -> str:
    """How pages name a person: full name, else username; "someone" for a deleted account."""
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


def role_name(user: "User | AnonymousUser") -> str:
    if user.is_superuser:
        return "Admin"
    if is_editor(user):
        return "Editor"
    if is_reviewer(user):
        return "Reviewer"
    return "No role"


def editors() -> "QuerySet[User]":
    """Active members of the Editor group, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=EDITOR)
        .order_by("first_name", "last_name", "username")
    )


def reviewers() -> "QuerySet[User]":
    """The people work can be assigned to: active members of the Reviewer group, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=REVIEWER)
        .order_by("first_name", "last_name", "username")
    )
