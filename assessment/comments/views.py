"""Thread panels (htmx): the threads of an object or a question, loaded lazily on its page;
start a thread, reply, edit or delete one's own comment, resolve and reopen; the members a
comment box can mention. Thin: the services write, the selectors read, ``can`` decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from assessment.comments import formatting, mentions, selectors, services
from assessment.comments.forms import CommentForm
from assessment.models import (
    Assessment,
    Comment,
    Integration,
    RoadmapItem,
    Thread,
    ThreadTarget,
    Tool,
    Touchpoint,
)
from core.htmx import is_htmx
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

TEMPLATE = "assessment/comments/threads.html"
OPTIONS_TEMPLATE = "assessment/comments/mention_options.html"

#: The URL's word for each object → its model.
MODELS = {
    "tool": Tool,
    "integration": Integration,
    "touchpoint": Touchpoint,
    "roadmap-item": RoadmapItem,
}
SLUGS = {
    ThreadTarget.TOOL: "tool",
    ThreadTarget.INTEGRATION: "integration",
    ThreadTarget.TOUCHPOINT: "touchpoint",
    ThreadTarget.ROADMAP_ITEM: "roadmap-item",
}


def panel_key(thread: Thread) -> str:
    """The id suffix of the panel a thread is shown in (``Subject.key``)."""
    if thread.target == ThreadTarget.QUESTION:
        return f"question-{thread.assessment_id}-{thread.question_key}"
    return f"{thread.target}-{getattr(thread, f'{thread.target}_id')}"


def decorate(threads, membership) -> list:
    """What the template shows of each comment: its safe HTML and what the member may do."""
    for thread in threads:
        for comment in thread.comments.all():
            comment.html = formatting.render(
                comment.body, mentions.handles_of(comment.mentions.all())
            )
            comment.may_edit = can(membership, "comment.change", comment)
            comment.may_delete = can(membership, "comment.delete", comment)
        thread.panel_key = panel_key(thread)
        thread.may_resolve = can(membership, "thread.change", thread)
        thread.may_reply = can(membership, "comment.add", thread)
    return threads


class Subject:
    """What a panel is about: an object, or a question of an assessment."""

    def __init__(self, *, obj=None, assessment=None, question_key=""):
        self.obj, self.assessment, self.question_key = obj, assessment, question_key

    @property
    def key(self) -> str:
        if self.obj is not None:
            return f"{services.target_of(self.obj)}-{self.obj.pk}"
        return f"question-{self.assessment.pk}-{self.question_key}"

    @property
    def url(self) -> str:
        if self.obj is not None:
            slug = {model: slug for slug, model in MODELS.items()}[type(self.obj)]
            return reverse("threads", args=[slug, self.obj.pk])
        return reverse("question_threads", args=[self.assessment.pk, self.question_key])

    @property
    def page_url(self) -> str:
        """The page the panel lives on (where a form posted without htmx returns)."""
        if self.obj is not None:
            return self.obj.get_absolute_url()
        try:
            step = self.assessment.framework.question(self.question_key).step
        except KeyError:
            return self.assessment.get_absolute_url()
        url = reverse("assessment_step", args=[self.assessment.pk, step])
        return f"{url}?discuss={self.question_key}#discuss-{self.question_key}"

    def threads(self, organisation):
        return selectors.threads_for(
            organisation,
            obj=self.obj,
            assessment=self.assessment,
            question_key=self.question_key,
        )


class CommentsMixin(PermissionRequiredMixin):
    permission_required = "thread.view"

    def render_panel(self, subject: Subject, form=None, status=200):
        membership = self.request.membership
        threads = decorate(subject.threads(self.request.organisation), membership)
        context = {
            "subject": subject,
            "threads": threads,
            "open_count": sum(1 for t in threads if t.resolved_at is None),
            "form": form or CommentForm(),
            "may_start": can(membership, "thread.add"),
            "reply_form": CommentForm(),
            "mention_url": reverse("mention_options"),
        }
        template = f"{TEMPLATE}#panel" if is_htmx(self.request) else TEMPLATE
        return render(self.request, template, context, status=status)

    def render_thread(self, thread_pk: int, edit_pk: int | None = None, form=None, status=200):
        membership = self.request.membership
        try:
            thread = selectors.thread_with_comments(self.request.organisation, thread_pk)
        except Thread.DoesNotExist:  # deleted meanwhile (with its last comment)
            raise Http404 from None
        decorate([thread], membership)
        context = {
            "thread": thread,
            "reply_form": CommentForm(),
            "edit_pk": edit_pk,
            "edit_form": form,
            "mention_url": reverse("mention_options"),
        }
        if not is_htmx(self.request):
            return redirect(services.thread_url(thread))
        return render(self.request, f"{TEMPLATE}#thread", context, status=status)

    def load_thread(self) -> Thread:
        try:
            thread = (
                selectors.threads_for_organisation(self.request.organisation)
                .select_related("assessment", "tool", "integration", "touchpoint", "roadmap_item")
                .get(pk=self.kwargs["pk"])
            )
        except (Thread.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None
        self.subject_of_thread = subject_of(thread)
        return thread

    def load_comment(self) -> Comment:
        try:
            comment = (
                selectors.comments_for_organisation(self.request.organisation)
                .select_related("thread")
                .get(pk=self.kwargs["pk"])
            )
        except (Comment.DoesNotExist, ValueError, OverflowError):
            raise Http404 from None
        self.subject_of_thread = subject_of(comment.thread)
        return comment


def subject_of(thread: Thread) -> Subject:
    if thread.target == ThreadTarget.QUESTION:
        return Subject(assessment=thread.assessment, question_key=thread.question_key)
    return Subject(obj=services.target_object(thread))


class ThreadPanelView(CommentsMixin, View):
    """GET: the threads of an object (tool, integration, touchpoint, roadmap item) or of a
    question of an assessment; POST: start a thread there."""

    def subject(self) -> Subject:
        organisation = self.request.organisation
        if "question" in self.kwargs:
            try:
                assessment = Assessment.objects.for_organisation(organisation).get(
                    pk=self.kwargs["pk"]
                )
                assessment.framework.question(self.kwargs["question"])
            except (Assessment.DoesNotExist, KeyError):
                raise Http404 from None
            return Subject(assessment=assessment, question_key=self.kwargs["question"])
        model = MODELS.get(self.kwargs["target"])
        if model is None:
            raise Http404
        try:
            return Subject(
                obj=model.objects.for_organisation(organisation).get(pk=self.kwargs["pk"])
            )
        except model.DoesNotExist:
            raise Http404 from None

    def get(self, request, *args, **kwargs):
        return self.render_panel(self.subject())

    def post(self, request, *args, **kwargs):
        subject = self.subject()
        if not can(request.membership, "thread.add"):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.start_thread(
                    organisation=request.organisation,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    obj=subject.obj,
                    assessment=subject.assessment,
                    question_key=subject.question_key,
                )
            except ServiceError as error:
                form.add_error("body", error.messages)
            else:
                if not is_htmx(request):
                    return redirect(subject.page_url)
                return self.render_panel(subject)
        return self.render_panel(subject, form, status=422 if is_htmx(request) else 200)


class ReplyView(CommentsMixin, View):
    """POST: a reply in a thread (re-renders that thread)."""

    def post(self, request, *args, **kwargs):
        thread = self.load_thread()
        if not can(request.membership, "comment.add", thread):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.add_comment(
                    thread=thread, user=request.user, body=form.cleaned_data["body"]
                )
            except ServiceError as error:
                form.add_error("body", error.messages)
            else:
                return self.render_thread(thread.pk)
        return self.render_thread_with_reply_errors(thread, form)

    def render_thread_with_reply_errors(self, thread, form):
        thread = selectors.thread_with_comments(self.request.organisation, thread.pk)
        decorate([thread], self.request.membership)
        context = {"thread": thread, "reply_form": form, "mention_url": reverse("mention_options")}
        return render(self.request, f"{TEMPLATE}#thread", context, status=422)


class ResolveView(CommentsMixin, View):
    """POST: resolve (``reopen`` = False) or reopen a thread; the panel comes back."""

    reopen = False

    def post(self, request, *args, **kwargs):
        thread = self.load_thread()
        if not can(request.membership, "thread.change", thread):
            raise PermissionDenied
        if self.reopen:
            services.reopen_thread(thread=thread, user=request.user)
        else:
            services.resolve_thread(thread=thread, user=request.user)
        if not is_htmx(request):
            return redirect(services.thread_url(thread))
        # the whole panel: its open count (and a question's "Discuss (N open)") change
        return self.render_panel(self.subject_of_thread)


class CommentEditView(CommentsMixin, View):
    """GET: the inline edit form of one's own comment; POST: save it."""

    def _prepare(self):
        comment = self.load_comment()
        if not can(self.request.membership, "comment.change", comment):
            raise PermissionDenied
        return comment

    def get(self, request, *args, **kwargs):
        comment = self._prepare()
        if "cancel" in request.GET:
            return self.render_thread(comment.thread_id)
        return self.render_thread(
            comment.thread_id, edit_pk=comment.pk, form=CommentForm(initial={"body": comment.body})
        )

    def post(self, request, *args, **kwargs):
        comment = self._prepare()
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.edit_comment(
                    comment=comment, user=request.user, body=form.cleaned_data["body"]
                )
            except ServiceError as error:
                form.add_error("body", error.messages)
            else:
                return self.render_thread(comment.thread_id)
        return self.render_thread(comment.thread_id, edit_pk=comment.pk, form=form, status=422)


class CommentDeleteView(CommentsMixin, View):
    """POST: delete one's own comment (an owner may delete any; the page asks first);
    the panel comes back."""

    def post(self, request, *args, **kwargs):
        comment = self.load_comment()
        if not can(request.membership, "comment.delete", comment):
            raise PermissionDenied
        services.delete_comment(comment=comment, user=request.user)
        if not is_htmx(request):
            return redirect(self.subject_of_thread.page_url)
        # the whole panel: the thread may have gone with its last comment
        return self.render_panel(self.subject_of_thread)


class MentionOptionsView(PermissionRequiredMixin, View):
    """GET ?q=: the listbox options of members a comment may mention (HTML, not JSON)."""

    permission_required = "comment.add"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "")[:100]
        directory = mentions.Directory.of(request.organisation)
        context = {"options": mentions.options(directory, query), "query": query}
        return render(request, OPTIONS_TEMPLATE, context)
