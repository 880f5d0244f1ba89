"""Conversations where the work lives (issue 15): threads of comments on a question of an
assessment, a tool, an integration, a touchpoint or a roadmap item; resolved and reopened;
comments mention members (who are notified)."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import OrganisationScopedModel

#: The longest comment kept (characters): a thread is a conversation, not a document.
COMMENT_MAX_LENGTH = 10_000


class ThreadTarget(models.TextChoices):
    QUESTION = "question", _("question")
    TOOL = "tool", _("tool")
    INTEGRATION = "integration", _("integration")
    TOUCHPOINT = "touchpoint", _("touchpoint")
    ROADMAP_ITEM = "roadmap_item", _("roadmap item")


#: target → the field naming its object (a question is its assessment plus question_key).
TARGET_FIELDS = {
    ThreadTarget.QUESTION: "assessment",
    ThreadTarget.TOOL: "tool",
    ThreadTarget.INTEGRATION: "integration",
    ThreadTarget.TOUCHPOINT: "touchpoint",
    ThreadTarget.ROADMAP_ITEM: "roadmap_item",
}


def _one_target() -> Q:
    """A thread is about exactly one thing: its target's field set, every other one empty
    (and a question thread names its question)."""
    fields = TARGET_FIELDS.values()

    def about(target) -> Q:
        own = TARGET_FIELDS[target]
        only = Q(target=target, **{f"{field}__isnull": field != own for field in fields})
        return only & ~Q(question_key="") if target == ThreadTarget.QUESTION else only

    return reduce(or_, (about(target) for target in TARGET_FIELDS))


class Thread(OrganisationScopedModel):
    """A conversation about one object; open until someone resolves it."""

    target = models.CharField(_("about"), max_length=20, choices=ThreadTarget.choices)
    assessment = models.ForeignKey(
        "assessment.Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("assessment"),
    )
    question_key = models.CharField(_("question"), max_length=100, blank=True)
    tool = models.ForeignKey(
        "assessment.Tool",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("tool"),
    )
    integration = models.ForeignKey(
        "assessment.Integration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("integration"),
    )
    touchpoint = models.ForeignKey(
        "assessment.Touchpoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("touchpoint"),
    )
    roadmap_item = models.ForeignKey(
        "assessment.RoadmapItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("roadmap item"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    #: When its latest comment was written: threads are listed most recent first.
    last_comment_at = models.DateTimeField(_("last comment"), null=True, blank=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_comment_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "target", "resolved_at"], name="thread_open"),
            models.Index(fields=["assessment", "question_key"], name="thread_question"),
        ]
        constraints = [
            models.CheckConstraint(condition=_one_target(), name="thread_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} #{self.pk}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    #: The reviewer's note when flagging an integration (it opens or joins its thread).
    FLAG = "flag", _("flag note")


class Comment(OrganisationScopedModel):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="comments", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    #: As written (light Markdown); shown through core sanitising (never as raw HTML).
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentions")
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
