"""Writes for conversations: start a thread, comment, edit, delete, resolve, reopen, and
the reviewer's flag note. Every write stamps the thread's ``last_comment_at`` (and so its
``updated_at``: cached pages showing open-thread counts follow it); mentions are parsed on
save, kept in the comment's ``mentions`` and each newly named member is told once."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment.comments import mentions as mention_parser
from assessment.models import (
    Comment,
    CommentKind,
    Integration,
    RoadmapItem,
    Thread,
    ThreadTarget,
    Tool,
    Touchpoint,
)
from assessment.models.comments import COMMENT_MAX_LENGTH
from core.models import NotificationKind
from core.notifications.services import notify
from core.services import ServiceError

MODEL_TARGETS = {
    Tool: ThreadTarget.TOOL,
    Integration: ThreadTarget.INTEGRATION,
    Touchpoint: ThreadTarget.TOUCHPOINT,
    RoadmapItem: ThreadTarget.ROADMAP_ITEM,
}


def target_of(obj) -> str:
    for model, target in MODEL_TARGETS.items():
        if isinstance(obj, model):
            return target
    raise ServiceError(
        _(
            "Conversations are about a tool, an integration, a touchpoint, a roadmap item "
            "or a question."
        )
    )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ServiceError(_("Write something first."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ServiceError(
            _("A comment holds at most %(max)s characters.") % {"max": COMMENT_MAX_LENGTH}
        )
    return body


def thread_url(thread: Thread) -> str:
    """Where the thread lives: its object's page, opened at the thread."""
    anchor = f"#thread-{thread.pk}"
    if thread.target == ThreadTarget.QUESTION:
        assessment = thread.assessment
        try:
            step = assessment.framework.question(thread.question_key).step
        except (KeyError, AttributeError):
            return assessment.get_absolute_url()
        url = reverse("assessment_step", args=[assessment.pk, step])
        return f"{url}?discuss={thread.question_key}#discuss-{thread.question_key}"
    obj = target_object(thread)
    if thread.target == ThreadTarget.ROADMAP_ITEM:
        url = reverse("assessment_roadmap", args=[obj.assessment_id])
        return f"{url}?discuss={obj.pk}#discuss-item-{obj.pk}"
    return obj.get_absolute_url() + anchor


def target_object(thread: Thread):
    from assessment.models.comments import TARGET_FIELDS

    return getattr(thread, TARGET_FIELDS[ThreadTarget(thread.target)])


def where(thread: Thread) -> str:
    """What the thread is about, in words (the mention's text)."""
    if thread.target == ThreadTarget.QUESTION:
        try:
            text = thread.assessment.framework.question(thread.question_key).text
            # A framework Text in the active language (English fallback).
            return Truncator(text.get(get_language()) if hasattr(text, "get") else text).chars(80)
        except (KeyError, AttributeError):
            return thread.question_key
    return str(target_object(thread))


def _sync_mentions(comment: Comment, *, user) -> list:
    """Keep the comment's mentions as its body names them; tell the newly named."""
    directory = mention_parser.Directory.of(comment.organisation)
    named = mention_parser.mentioned_users(comment.body, directory)
    before = set(comment.mentions.values_list("pk", flat=True)) if comment.pk else set()
    comment.mentions.set(named)
    new = [u for u in named if u.pk not in before]
    if new:
        thread = comment.thread
        notify(
            organisation=comment.organisation,
            recipients=new,
            kind=NotificationKind.MENTION,
            key=f"mention:{comment.pk}",
            params={
                "author": user.display_name if user else "",
                "by": user.display_name if user else "",  # as My work lists it
                "where": where(thread),
                "excerpt": Truncator(comment.body).chars(120),
            },
            url=thread_url(thread),
            exclude=user,
        )
    return new


def _touch(thread: Thread, when=None) -> None:
    thread.last_comment_at = when or timezone.now()
    thread.save(update_fields=["last_comment_at", "updated_at"])


def _new_comment(thread, *, user, body, kind=CommentKind.COMMENT) -> Comment:
    comment = Comment.objects.create(
        organisation=thread.organisation, thread=thread, author=user, kind=kind, body=body
    )
    _touch(thread, comment.created_at)
    _sync_mentions(comment, user=user)
    return comment


@transaction.atomic
def start_thread(
    *, organisation, user, body: str, obj=None, assessment=None, question_key: str = ""
) -> Thread:
    """A new thread with its first comment, about ``obj`` (a tool, integration, touchpoint
    or roadmap item) or a question (``assessment`` + ``question_key``)."""
    body = _clean_body(body)
    if obj is None:
        if assessment is None or not question_key:
            raise ServiceError(_("Say what the conversation is about."))
        if assessment.organisation_id != organisation.pk:
            raise ServiceError(_("That assessment is not of this organisation."))
        try:
            assessment.framework.question(question_key)
        except KeyError:
            raise ServiceError(_("This assessment has no such question.")) from None
        fields = {
            "target": ThreadTarget.QUESTION,
            "assessment": assessment,
            "question_key": question_key,
        }
    else:
        if obj.organisation_id != organisation.pk:
            raise ServiceError(_("That object is not of this organisation."))
        target = target_of(obj)
        from assessment.models.comments import TARGET_FIELDS

        fields = {"target": target, TARGET_FIELDS[target]: obj}
    thread = Thread.objects.create(organisation=organisation, created_by=user, **fields)
    _new_comment(thread, user=user, body=body)
    return thread


@transaction.atomic
def add_comment(*, thread: Thread, user, body: str, kind: str = CommentKind.COMMENT) -> Comment:
    """A reply; replying to a resolved thread reopens it."""
    body = _clean_body(body)
    if thread.resolved_at is not None:
        thread.resolved_at = None
        thread.resolved_by = None
        thread.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    return _new_comment(thread, user=user, body=body, kind=kind)


@transaction.atomic
def edit_comment(*, comment: Comment, user, body: str) -> Comment:
    body = _clean_body(body)
    if body == comment.body:
        return comment
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    _touch(comment.thread)
    _sync_mentions(comment, user=user)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, user) -> Thread | None:
    """Delete one comment; a thread left without comments goes too (None is returned)."""
    thread = comment.thread
    comment.delete()
    latest = thread.comments.aggregate(latest=Max("created_at"))["latest"]
    if latest is None:
        thread.delete()
        return None
    _touch(thread, latest)
    return thread


def resolve_thread(*, thread: Thread, user) -> Thread:
    if thread.resolved_at is None:
        thread.resolved_at = timezone.now()
        thread.resolved_by = user
        thread.last_comment_at = thread.last_comment_at or thread.resolved_at
        thread.save(update_fields=["resolved_at", "resolved_by", "last_comment_at", "updated_at"])
    return thread


def reopen_thread(*, thread: Thread, user) -> Thread:
    if thread.resolved_at is not None:
        thread.resolved_at = None
        thread.resolved_by = None
        thread.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    return thread


@transaction.atomic
def add_flag_note(*, integration: Integration, user, note: str) -> Comment | None:
    """The reviewer's note when flagging an integration, as a flag comment in its open
    thread (a new thread when none is open). An empty note adds nothing."""
    note = (note or "").strip()[:COMMENT_MAX_LENGTH]
    if not note:
        return None
    thread = (
        Thread.objects.filter(
            organisation_id=integration.organisation_id,
            integration=integration,
            resolved_at=None,
        )
        .order_by("-last_comment_at", "-id")
        .first()
    )
    if thread is None:
        thread = Thread.objects.create(
            organisation_id=integration.organisation_id,
            target=ThreadTarget.INTEGRATION,
            integration=integration,
            created_by=user,
        )
    return _new_comment(thread, user=user, body=note, kind=CommentKind.FLAG)


def post_flag_notes(*, integrations, user, state: str, note: str) -> list[Comment]:
    """Called by the integration review (``assessment.inventory.services``): a flag with a
    note puts the note in each flagged integration's open thread. Nothing otherwise."""
    from assessment.models import ReviewState

    if state != ReviewState.FLAGGED or not (note or "").strip():
        return []
    comments = [add_flag_note(integration=i, user=user, note=note) for i in integrations]
    return [c for c in comments if c is not None]


def take_back_flag_notes(*, ids, organisation, user) -> int:
    """The flag notes an undone review posted go with it (a thread left empty too)."""
    notes = Comment.objects.filter(
        pk__in=list(ids), organisation=organisation, kind=CommentKind.FLAG
    ).select_related("thread")
    count = 0
    for note in notes:
        delete_comment(comment=note, user=user)
        count += 1
    return count
