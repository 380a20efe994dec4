"""Officers' roles: what an officer may do within their agency at a stage of a case (review,
sign off, decide appeals). A role is a Django group named by the role's word, the catalogue
names roles by that word, and an officer acts only for their own agency (``User.agency``);
every officer may review, which needs no role. A supervisor of the accounts (``qyzmet officers
create --role supervisor``: one who may reverse the agency's decisions) holds the role
``supervisor`` too: one word, one role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

from qyzmet.applications.reversals import may_reverse

REVIEWER = "reviewer"  # every officer: the first stage of every case
SUPERVISOR = "supervisor"
APPEALS = "appeals"
ROLES = {
    REVIEWER: "reviews a case and decides it where no later stage is named",
    "supervisor": "signs off a decision another officer prepared (four eyes)",
    "appeals": "decides appeals against the agency's decisions and complaints about delays",
}


def has_role(officer: Any, role: str) -> bool:
    """Whether ``officer`` holds ``role`` (every officer reviews)."""
    if not getattr(officer, "is_officer", False):
        return False
    if role == REVIEWER:
        return True
    if role == SUPERVISOR and may_reverse(officer):
        return True
    return bool(officer.groups.filter(name=role).exists())


def roles_of(officer: Any) -> set[str]:
    """The roles ``officer`` holds, ``reviewer`` included."""
    if not getattr(officer, "is_officer", False):
        return set()
    held = set(officer.groups.filter(name__in=ROLES).values_list("name", flat=True))
    if may_reverse(officer):
        held.add(SUPERVISOR)
    return held | {REVIEWER}


def grant_role(*, officer: Any, role: str) -> None:
    """Give ``officer`` the role (an unknown role is refused: a typo grants nothing)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; known: {', '.join(sorted(ROLES))}")
    if role != REVIEWER:
        officer.groups.add(Group.objects.get_or_create(name=role)[0])
