"""Conversation services: threads, replies, edits, deletes, resolve/reopen, mentions
(parsed, kept, told once), the reviewer's flag note; and the selectors' query bounds."""

import pytest

from assessment.comments import mentions, selectors, services
from assessment.inventory import services as inventory_services
from assessment.models import Comment, CommentKind, Thread
from assessment.testing.factories import (
    CommentFactory,
    IntegrationFactory,
    ThreadFactory,
    ToolFactory,
    TouchpointFactory,
)
from core.models import Notification, NotificationKind
from core.services import ServiceError
from core.testing.factories import MembershipFactory, UserFactory
from tests.comments.helpers import STEP, first_question, people, tool_thread
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def mentions_of(user):
    return Notification.objects.filter(recipient=user, kind=NotificationKind.MENTION)


def test_start_thread_and_reply_stamp_last_comment():
    lead, reviewer = people()
    thread = tool_thread(lead)
    assert thread.comments.count() == 1
    first = thread.last_comment_at
    assert first is not None and thread.created_by == lead.user
    reply = services.add_comment(thread=thread, user=reviewer.user, body="Yes, by sales")
    thread.refresh_from_db()
    assert thread.last_comment_at >= first
    assert thread.last_comment_at == reply.created_at


def test_empty_and_too_long_comments_are_refused():
    lead, _reviewer = people()
    with pytest.raises(ServiceError):
        tool_thread(lead, body="   ")
    with pytest.raises(ServiceError):
        tool_thread(lead, body="x" * 10_001)
    assert not Thread.objects.exists()


def test_a_thread_about_another_organisations_object_is_refused():
    lead, _reviewer = people()
    foreign = ToolFactory()
    with pytest.raises(ServiceError):
        services.start_thread(organisation=lead.organisation, user=lead.user, body="x", obj=foreign)


def test_question_threads_check_the_question():
    lead, _reviewer = people()
    assessment = AssessmentFactory(organisation=lead.organisation)
    key = first_question(assessment)
    thread = services.start_thread(
        organisation=lead.organisation,
        user=lead.user,
        body="Which CRM?",
        assessment=assessment,
        question_key=key,
    )
    assert thread.target == "question"
    assert services.thread_url(thread).startswith(f"/assessments/{assessment.pk}/steps/{STEP}/")
    with pytest.raises(ServiceError):
        services.start_thread(
            organisation=lead.organisation,
            user=lead.user,
            body="x",
            assessment=assessment,
            question_key="no_such_question",
        )


def test_mentions_are_parsed_kept_and_told_once():
    lead, reviewer = people()
    thread = tool_thread(lead, body="@rita can you check? and @nobody")
    comment = thread.comments.get()
    assert list(comment.mentions.all()) == [reviewer.user]
    notes = mentions_of(reviewer.user)
    assert notes.count() == 1
    note = notes.get()
    assert note.url.endswith(f"#thread-{thread.pk}")
    assert note.params["author"] == lead.user.display_name
    # editing keeps the mention and does not tell again
    services.edit_comment(comment=comment, user=lead.user, body="@rita please check")
    assert mentions_of(reviewer.user).count() == 1
    # removing the mention removes it from the comment
    services.edit_comment(comment=comment, user=lead.user, body="never mind")
    assert comment.mentions.count() == 0
    assert comment.edited_at is not None


def test_self_mentions_are_kept_but_not_told():
    lead, _reviewer = people()
    thread = tool_thread(lead, body="note to self @lena.lead")
    assert list(thread.comments.get().mentions.all()) == [lead.user]
    assert not mentions_of(lead.user).exists()


def test_a_shared_local_part_needs_the_full_address():
    lead, reviewer = people()
    other = MembershipFactory(
        organisation=lead.organisation, role="viewer", user=UserFactory(email="rita@example.org")
    )
    directory = mentions.Directory.of(lead.organisation)
    assert directory.resolve("rita") is None
    assert directory.resolve("rita@example.org") == other.user
    assert directory.handle_for(reviewer.user) == "rita@example.com"
    thread = tool_thread(lead, body="@rita @rita@example.org")
    assert list(thread.comments.get().mentions.all()) == [other.user]


def test_non_members_are_never_mentioned():
    lead, _reviewer = people()
    outsider = UserFactory(email="olga@example.com")
    thread = tool_thread(lead, body="@olga @olga@example.com")
    assert thread.comments.get().mentions.count() == 0
    assert not mentions_of(outsider).exists()


def test_mention_options_match_names_and_addresses():
    lead, reviewer = people()
    directory = mentions.Directory.of(lead.organisation)
    found = mentions.options(directory, "Ri")
    assert [m.user for m in found] == [reviewer.user]
    assert found[0].handle == "rita"


def test_resolve_reopen_and_reply_reopens():
    lead, reviewer = people()
    thread = tool_thread(lead)
    services.resolve_thread(thread=thread, user=reviewer.user)
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == reviewer.user
    services.reopen_thread(thread=thread, user=lead.user)
    thread.refresh_from_db()
    assert not thread.is_resolved
    services.resolve_thread(thread=thread, user=lead.user)
    services.add_comment(thread=thread, user=reviewer.user, body="one more thing")
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_deleting_the_last_comment_deletes_the_thread():
    lead, reviewer = people()
    thread = tool_thread(lead)
    reply = services.add_comment(thread=thread, user=reviewer.user, body="reply")
    assert services.delete_comment(comment=reply, user=reviewer.user) == thread
    assert services.delete_comment(comment=thread.comments.get(), user=lead.user) is None
    assert not Thread.objects.filter(pk=thread.pk).exists()


def test_the_flag_note_joins_the_open_thread_or_starts_one():
    lead, reviewer = people()
    integration = IntegrationFactory(organisation=lead.organisation)
    inventory_services.review_integration(
        integration=integration, user=reviewer.user, state="flagged", note="Duplicate sync"
    )
    thread = Thread.objects.get(integration=integration)
    flag = thread.comments.get()
    assert (flag.kind, flag.body, flag.author) == (
        CommentKind.FLAG,
        "Duplicate sync",
        reviewer.user,
    )
    # a second flag goes into the same open thread; verifying adds nothing
    inventory_services.review_integration(
        integration=integration, user=reviewer.user, state="flagged", note="Still broken"
    )
    inventory_services.review_integration(
        integration=integration, user=reviewer.user, state="verified", note="fine now"
    )
    assert Thread.objects.filter(integration=integration).count() == 1
    assert thread.comments.count() == 2


def test_undoing_a_flag_takes_its_note_back_and_keeps_the_rest():
    from core import undo

    lead, reviewer = people()
    flagged = IntegrationFactory(organisation=lead.organisation)
    other = IntegrationFactory(organisation=lead.organisation)
    talk = services.start_thread(
        organisation=lead.organisation, user=lead.user, obj=flagged, body="Who owns this?"
    )
    _integration, token = inventory_services.review_integration_undoable(
        integration=flagged, user=reviewer.user, state="flagged", note="Token expired"
    )
    _count, bulk = inventory_services.review_integrations_undoable(
        organisation=lead.organisation,
        ids=[other.pk],
        user=reviewer.user,
        state="flagged",
        note="Check it",
    )
    assert Comment.objects.filter(kind=CommentKind.FLAG).count() == 2
    undo.apply(key=token.key, organisation=lead.organisation, membership=reviewer)
    # the note left the thread it joined; the conversation stays
    assert list(talk.comments.values_list("body", flat=True)) == ["Who owns this?"]
    assert Comment.objects.filter(kind=CommentKind.FLAG).count() == 1
    undo.apply(key=bulk.key, organisation=lead.organisation, membership=reviewer)
    # the thread the bulk flag started had nothing else: it goes too
    assert not Comment.objects.filter(kind=CommentKind.FLAG).exists()
    assert not Thread.objects.filter(integration=other).exists()


def test_the_bulk_flag_posts_the_note_on_each():
    lead, reviewer = people()
    first = IntegrationFactory(organisation=lead.organisation)
    second = IntegrationFactory(organisation=lead.organisation)
    inventory_services.review_integrations(
        organisation=lead.organisation,
        ids=[first.pk, second.pk],
        user=reviewer.user,
        state="flagged",
        note="Check both",
    )
    assert Comment.objects.filter(kind=CommentKind.FLAG, body="Check both").count() == 2


def test_threads_for_an_object_use_constant_queries(django_assert_max_num_queries):
    lead, reviewer = people()
    tool = ToolFactory(organisation=lead.organisation)
    for _ in range(5):
        thread = tool_thread(lead, body="@rita look", tool=tool)
        services.add_comment(thread=thread, user=reviewer.user, body="ok @lena.lead")
    with django_assert_max_num_queries(4):
        threads = selectors.threads_for(lead.organisation, obj=tool)
        for thread in threads:
            for comment in thread.comments.all():
                assert comment.author.email
                list(comment.mentions.all())
    assert len(threads) == 5


def test_open_counts_take_one_query(django_assert_num_queries):
    lead, _reviewer = people()
    tools = ToolFactory.create_batch(3, organisation=lead.organisation)
    tool_thread(lead, tool=tools[0])
    tool_thread(lead, tool=tools[0])
    resolved = tool_thread(lead, tool=tools[1])
    services.resolve_thread(thread=resolved, user=lead.user)
    ThreadFactory()  # another organisation's
    with django_assert_num_queries(1):
        selectors.annotate_open_threads(tools, "tool")
    assert [t.open_threads for t in tools] == [2, 0, 0]
    with django_assert_num_queries(1):
        counts = selectors.open_counts(lead.organisation, "tool", [t.pk for t in tools])
    assert counts == {tools[0].pk: 2}


def test_question_counts():
    lead, _reviewer = people()
    assessment = AssessmentFactory(organisation=lead.organisation)
    key = first_question(assessment)
    for _ in range(2):
        services.start_thread(
            organisation=lead.organisation,
            user=lead.user,
            body="?",
            assessment=assessment,
            question_key=key,
        )
    assert selectors.question_open_counts(assessment) == {key: 2}


def test_comment_factory_and_touchpoint_threads():
    comment = CommentFactory()
    assert comment.thread.organisation == comment.organisation
    touchpoint = TouchpointFactory()
    member = MembershipFactory(organisation=touchpoint.organisation)
    thread = services.start_thread(
        organisation=touchpoint.organisation, user=member.user, body="hi", obj=touchpoint
    )
    assert services.thread_url(thread) == touchpoint.get_absolute_url() + f"#thread-{thread.pk}"
