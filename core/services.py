"""Write-side business rules for organisations, members and invitations.

Views and API views call these; they raise `ServiceError` with a translatable message
when a rule forbids the change, so every caller explains the same refusal the same way.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import selectors
from core.models import Invitation, Membership, Organisation, PaperSize, Role
from core.security import normalise_email
from core.sessions import SESSION_KEY
from core.validators import SingleLineValidator, has_control_characters, validate_language

logger = logging.getLogger(__name__)


class ServiceError(ValidationError):
    """A business rule refused the change; the message is safe to show to the user."""


def check_single_line(value: str) -> str:
    """The trimmed name; ServiceError when it holds line breaks or control characters
    (the forms refuse them first; this keeps scripts and commands to the same rule)."""
    value = (value or "").strip()
    if has_control_characters(value):
        raise ServiceError(SingleLineValidator.message, code=SingleLineValidator.code)
    return value


class ServiceForbidden(ServiceError):
    """The change is refused whatever the input (e.g. the assessment is final): the API
    answers 403 with the message, as when the role check refuses it up front."""


def unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


# Dotted paths of functions called as f(organisation=...) when an organisation is created
# (domain apps register theirs in AppConfig.ready, e.g. seeding the editable taxonomy).
# Hooks must be idempotent and keep edits: they run again to backfill (see core.demo).
ORGANISATION_CREATED_HOOKS: list[str] = []


def run_organisation_created_hooks(organisation: Organisation) -> None:
    for path in ORGANISATION_CREATED_HOOKS:
        import_string(path)(organisation=organisation)


@transaction.atomic
def create_organisation(*, name: str, owner, **settings) -> Organisation:
    """``settings``: the report language and paper size, when chosen (else the defaults)."""
    name = check_single_line(name)
    organisation = Organisation.objects.create(name=name, slug=unique_slug(name), **settings)
    Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    run_organisation_created_hooks(organisation)
    return organisation


@transaction.atomic
def sign_up(*, email: str, password: str, name: str, organisation_name: str):
    User = get_user_model()
    first, _sep, last = check_single_line(name).partition(" ")
    user = User.objects.create_user(
        email=email, password=password, first_name=first, last_name=last
    )
    organisation = create_organisation(name=organisation_name, owner=user)
    return user, organisation


@transaction.atomic
def sign_up_invited(*, invitation: Invitation, password: str, name: str) -> Membership:
    """A new person creates their account from an invitation (the invited address) and
    joins its organisation in one transaction: a refused invitation creates no user."""
    check_invitation(invitation)
    first, _sep, last = check_single_line(name).partition(" ")
    user = get_user_model().objects.create_user(
        email=invitation.email, password=password, first_name=first, last_name=last
    )
    return accept_invitation(invitation=invitation, user=user)


def _lock_for_role_change(membership: Membership) -> tuple[Membership, list[int]]:
    """Lock the organisation's owner rows, then the member's row; return (member, owner ids).

    Every role change and removal locks the owners first, in primary-key order, so two
    owners demoting or removing each other wait for one another instead of both seeing
    "two owners". The rows are evaluated: Django drops FOR UPDATE from aggregates such as
    count(), which would lock nothing.
    """
    owner_ids = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.OWNER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
    except Membership.DoesNotExist:
        raise ServiceError(_("This person is no longer a member of the organisation.")) from None
    return locked, owner_ids


def _ensure_not_last_owner(membership: Membership, owner_ids: list[int], message: str) -> None:
    """Refuse when `membership` is an owner and no other (locked) owner remains."""
    if membership.role != Role.OWNER:
        return
    if not [pk for pk in owner_ids if pk != membership.pk]:
        raise ServiceError(message)


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ServiceError(_("Unknown role."))
    membership, owner_ids = _lock_for_role_change(membership)
    if role != Role.OWNER:
        _ensure_not_last_owner(
            membership,
            owner_ids,
            _("An organisation needs at least one owner: make someone else owner first."),
        )
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    membership, owner_ids = _lock_for_role_change(membership)
    _ensure_not_last_owner(
        membership,
        owner_ids,
        _("The last owner cannot leave or be removed: make someone else owner first."),
    )
    revoke_member_api_tokens(membership=membership)
    membership.delete()


def revoke_member_api_tokens(*, membership: Membership) -> int:
    """Revoke the member's tokens for this organisation (on removal and on leaving).

    A token acts as its user inside its organisation: if the person is invited again, an
    old token must not come back to life with the new role.
    """
    from core.models import ApiToken

    return (
        ApiToken.objects.active()
        .filter(user_id=membership.user_id, organisation_id=membership.organisation_id)
        .update(revoked_at=timezone.now(), updated_at=timezone.now())
    )


def invitation_url(invitation: Invitation, request=None) -> str:
    path = invitation.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


@transaction.atomic
def invite(*, organisation: Organisation, email: str, role: str, invited_by, request=None):
    email = normalise_email(email)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ServiceError(_("%(email)s is already a member.") % {"email": email})
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).update(
        revoked_at=timezone.now()
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        expires_at=timezone.now() + settings.INVITATION_MAX_AGE,
    )
    url = invitation_url(invitation, request)
    transaction.on_commit(lambda: _enqueue_invitation_email(invitation.pk, url))
    return invitation


def _enqueue_invitation_email(invitation_id: int, url: str) -> None:
    from core.tasks import send_invitation_email

    try:
        send_invitation_email.enqueue(invitation_id, url)
    except Exception:
        # The link is shown to the owner as well; a queue outage must not lose the invitation.
        logger.exception("Could not queue the invitation e-mail %s", invitation_id)


def check_invitation(invitation: Invitation, user=None) -> None:
    """Raise ServiceError when the invitation cannot be accepted (by this user)."""
    if invitation.revoked_at is not None:
        raise ServiceError(_("This invitation was withdrawn. Ask the owner for a new one."))
    if invitation.accepted_at is not None:
        raise ServiceError(_("This invitation has already been used."))
    if invitation.is_expired:
        raise ServiceError(_("This invitation has expired. Ask the owner for a new one."))
    if user is not None and normalise_email(user.email) != normalise_email(invitation.email):
        raise ServiceError(
            _(
                "This invitation is for %(email)s, but you are signed in as %(you)s. "
                "Sign out and use the invited address."
            )
            % {"email": invitation.email, "you": user.email}
        )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation(invitation, user)
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership


def revoke_invitation(*, invitation: Invitation, user) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        logger.info(
            "%s revoked the invitation of %s to %s", user, invitation.email, invitation.organisation
        )


def switch_organisation(*, session, user, organisation_id) -> Membership | None:
    membership = (
        selectors.memberships_for_user(user).filter(organisation_id=organisation_id).first()
    )
    if membership is not None:
        session[SESSION_KEY] = membership.organisation_id
    return membership


@transaction.atomic
def rename_organisation(*, organisation: Organisation, name: str, user) -> Organisation:
    return update_organisation(organisation=organisation, user=user, name=name)


#: "Leave it as it is", where None is a value (``history_retention_days``: the default).
UNCHANGED = object()

#: The longest change history an organisation may keep, in days (0 keeps it for ever).
MAX_HISTORY_RETENTION_DAYS = 3650


def update_organisation(
    *,
    organisation: Organisation,
    user,
    name: str,
    language=None,
    paper_size=None,
    notice_reminder_days=None,
    confirmation_stale_days=None,
    history_retention_days=UNCHANGED,
) -> Organisation:
    """Save the organisation's settings: its name, what its reports are printed in, and
    when tool owners are reminded (None: left as it is), and how long its change history
    is kept (``UNCHANGED``: left as it is; None: the HISTORY_RETENTION_DAYS setting; 0: for
    ever)."""
    previous, organisation.name = organisation.name, check_single_line(name)
    if language is not None:
        try:
            validate_language(language)
        except ValidationError as error:
            raise ServiceError(error.messages[0], code="invalid_language") from error
        organisation.language = language
    if paper_size is not None:
        if paper_size not in PaperSize.values:
            raise ServiceError(_("Choose A4 or Letter paper."), code="invalid_paper_size")
        organisation.paper_size = paper_size
    if notice_reminder_days is not None:
        days = sorted({int(d) for d in notice_reminder_days}, reverse=True)
        if len(days) > 6 or any(not 1 <= d <= 365 for d in days):
            raise ServiceError(
                _("Give at most six reminder days, each from 1 to 365."),
                code="invalid_reminder_days",
            )
        organisation.notice_reminder_days = days
    if confirmation_stale_days is not None:
        if not 1 <= int(confirmation_stale_days) <= 3650:
            raise ServiceError(
                _("Confirmations go stale after 1 to 3650 days."), code="invalid_stale_days"
            )
        organisation.confirmation_stale_days = int(confirmation_stale_days)
    if history_retention_days is not UNCHANGED:
        if history_retention_days is not None:
            try:
                history_retention_days = int(history_retention_days)
            except (TypeError, ValueError):
                history_retention_days = -1
            if not 0 <= history_retention_days <= MAX_HISTORY_RETENTION_DAYS:
                raise ServiceError(
                    _("Keep the change history for 0 to %(max)s days (0: for ever).")
                    % {"max": MAX_HISTORY_RETENTION_DAYS},
                    code="invalid_history_retention",
                )
        organisation.history_retention_days = history_retention_days
    organisation.save(
        update_fields=[
            "name",
            "language",
            "paper_size",
            "notice_reminder_days",
            "confirmation_stale_days",
            "history_retention_days",
            "updated_at",
        ]
    )
    if previous != organisation.name:
        logger.info("%s renamed the organisation “%s” to “%s”", user, previous, organisation.name)
    return organisation


@transaction.atomic
def create_api_token(*, membership: Membership, name: str):
    """Returns (token row, full token). The full token is shown once and never stored."""
    from core.models import ApiToken

    token, key_id, key_hash = ApiToken.generate()
    row = ApiToken.objects.create(
        user=membership.user,
        organisation=membership.organisation,
        name=check_single_line(name),
        key_id=key_id,
        key_hash=key_hash,
    )
    return row, token


def revoke_api_token(*, token, user) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        logger.info("%s revoked the API token %s of %s", user, token.pk, token.user)
