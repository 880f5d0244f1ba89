"""Thread panels per role: every member reads, starts, replies, resolves and reopens;
only the author edits; the author or an owner deletes; another organisation's threads and
comments are a 404 for every role. Panels and list counts in bounded queries."""

import pytest
from django.urls import reverse

from assessment.comments import services
from assessment.models import Comment, Thread
from assessment.testing.factories import IntegrationFactory, ToolFactory, TouchpointFactory
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.factories import MembershipFactory
from tests.comments.helpers import first_question, people, tool_thread
from tests.questionnaire.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _tool(membership):
    return {"tool": ToolFactory(organisation=membership.organisation)}


def _foreign_tool(membership):
    return _tool(MembershipFactory())


def _thread(membership):
    author = MembershipFactory(organisation=membership.organisation, role="editor")
    thread = tool_thread(author)
    return {"thread": thread, "comment": thread.comments.get()}


def _foreign_thread(membership):
    return _thread(MembershipFactory())


def _own_comment(membership):
    thread = tool_thread(membership)
    return {"thread": thread, "comment": thread.comments.get()}


def _foreign_own_comment(membership):
    # another organisation's comment by a namesake role: still a 404
    return _own_comment(MembershipFactory(role=membership.role))


def _question(membership):
    assessment = AssessmentFactory(organisation=membership.organisation)
    return {"assessment": assessment, "question": first_question(assessment)}


def _foreign_question(membership):
    return _question(MembershipFactory())


def _resolved(c):
    return Thread.objects.filter(pk=c["thread"].pk, resolved_at__isnull=False).exists()


def _reopened(c):
    return Thread.objects.filter(pk=c["thread"].pk, resolved_at__isnull=True).exists()


def _resolved_thread(membership):
    context = _thread(membership)
    services.resolve_thread(thread=context["thread"], user=None)
    return context


def _foreign_resolved_thread(membership):
    return _resolved_thread(MembershipFactory())


class TestCommentPages(PageAccessTests):
    pages = {
        "tool_threads": Page(
            lambda c: reverse("threads", args=["tool", c["tool"].pk]),
            ALL_ROLES,
            setup=_tool,
            foreign=_foreign_tool,
        ),
        "start_thread": Page(
            lambda c: reverse("threads", args=["tool", c["tool"].pk]),
            ALL_ROLES,
            "post",
            data={"body": "Who owns this?"},
            ok=(302,),
            setup=_tool,
            foreign=_foreign_tool,
            changed=lambda c: Thread.objects.filter(tool=c["tool"]).exists(),
        ),
        "question_threads": Page(
            lambda c: reverse("question_threads", args=[c["assessment"].pk, c["question"]]),
            ALL_ROLES,
            setup=_question,
            foreign=_foreign_question,
        ),
        "reply": Page(
            lambda c: reverse("thread_reply", args=[c["thread"].pk]),
            ALL_ROLES,
            "post",
            data={"body": "A reply"},
            ok=(302,),
            setup=_thread,
            foreign=_foreign_thread,
            changed=lambda c: c["thread"].comments.count() == 2,
        ),
        "resolve": Page(
            lambda c: reverse("thread_resolve", args=[c["thread"].pk]),
            ALL_ROLES,
            "post",
            ok=(302,),
            setup=_thread,
            foreign=_foreign_thread,
            changed=_resolved,
        ),
        "reopen": Page(
            lambda c: reverse("thread_reopen", args=[c["thread"].pk]),
            ALL_ROLES,
            "post",
            ok=(302,),
            setup=_resolved_thread,
            foreign=_foreign_resolved_thread,
            changed=_reopened,
        ),
        "edit_own": Page(
            lambda c: reverse("comment_edit", args=[c["comment"].pk]),
            ALL_ROLES,
            "post",
            data={"body": "Edited"},
            ok=(302,),
            setup=_own_comment,
            foreign=_foreign_own_comment,
            changed=lambda c: Comment.objects.filter(pk=c["comment"].pk, body="Edited").exists(),
        ),
        "edit_others": Page(
            lambda c: reverse("comment_edit", args=[c["comment"].pk]),
            (),
            "post",
            data={"body": "Edited"},
            setup=_thread,
            foreign=_foreign_thread,
            changed=lambda c: Comment.objects.filter(pk=c["comment"].pk, body="Edited").exists(),
        ),
        "edit_form_others": Page(
            lambda c: reverse("comment_edit", args=[c["comment"].pk]),
            (),
            setup=_thread,
            foreign=_foreign_thread,
        ),
        "delete_own": Page(
            lambda c: reverse("comment_delete", args=[c["comment"].pk]),
            ALL_ROLES,
            "post",
            ok=(302,),
            setup=_own_comment,
            foreign=_foreign_own_comment,
            changed=lambda c: not Comment.objects.filter(pk=c["comment"].pk).exists(),
        ),
        "delete_others": Page(
            lambda c: reverse("comment_delete", args=[c["comment"].pk]),
            ("owner",),  # moderation
            "post",
            ok=(302,),
            setup=_thread,
            foreign=_foreign_thread,
            changed=lambda c: not Comment.objects.filter(pk=c["comment"].pk).exists(),
        ),
        "mention_options": Page(reverse("mention_options") + "?q=a", ALL_ROLES),
    }


def test_the_panel_shows_threads_and_posting_rerenders_the_thread(client):
    lead, reviewer = people()
    thread = tool_thread(lead, body="Is *this* used? @rita")
    sign_in_as(client, reviewer)
    url = reverse("threads", args=["tool", thread.tool_id])
    page = client.get(url, **HTMX).content.decode()
    assert f'id="thread-{thread.pk}"' in page
    assert "<em>this</em>" in page
    assert '<span class="mention">@rita</span>' in page
    assert 'data-testid="edit-comment"' not in page  # not the author
    response = client.post(
        reverse("thread_reply", args=[thread.pk]), {"body": "Yes @lena.lead"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<article") and "Yes" in html
    assert thread.comments.count() == 2


def test_an_empty_reply_is_an_error_not_a_500(client):
    lead, _reviewer = people()
    thread = tool_thread(lead)
    sign_in_as(client, lead)
    response = client.post(reverse("thread_reply", args=[thread.pk]), {"body": " "}, **HTMX)
    assert response.status_code == 422
    assert "invalid-feedback" in response.content.decode()


def test_the_author_edits_inline(client):
    lead, _reviewer = people()
    thread = tool_thread(lead)
    comment = thread.comments.get()
    sign_in_as(client, lead)
    form = client.get(reverse("comment_edit", args=[comment.pk]), **HTMX).content.decode()
    assert f'id="edit-comment-{comment.pk}"' in form
    client.post(reverse("comment_edit", args=[comment.pk]), {"body": "Better"}, **HTMX)
    comment.refresh_from_db()
    assert comment.body == "Better" and comment.edited_at is not None


def test_resolving_a_question_thread_updates_its_discuss_count(client):
    lead, _reviewer = people()
    assessment = AssessmentFactory(organisation=lead.organisation)
    key = first_question(assessment)
    thread = services.start_thread(
        organisation=lead.organisation,
        user=lead.user,
        body="?",
        assessment=assessment,
        question_key=key,
    )
    sign_in_as(client, lead)
    panel = client.get(reverse("question_threads", args=[assessment.pk, key]), **HTMX)
    assert f'id="discuss-summary-{key}"' in panel.content.decode()
    assert "Discuss (1 open)" in panel.content.decode()
    html = client.post(reverse("thread_resolve", args=[thread.pk]), **HTMX).content.decode()
    assert f'id="threads-question-{assessment.pk}-{key}"' in html
    assert 'hx-swap-oob="true"' in html and "Discuss (1 open)" not in html
    thread.refresh_from_db()
    assert thread.is_resolved


def test_deleting_the_last_comment_returns_the_panel(client):
    lead, _reviewer = people()
    thread = tool_thread(lead)
    sign_in_as(client, lead)
    comment = thread.comments.get()
    html = client.post(reverse("comment_delete", args=[comment.pk]), **HTMX).content.decode()
    assert f'id="threads-tool-{thread.tool_id}"' in html
    assert "No conversation yet." in html
    assert not Thread.objects.filter(pk=thread.pk).exists()


def test_unknown_target_and_question_are_404(client):
    lead, _reviewer = people()
    sign_in_as(client, lead)
    assert client.get(reverse("threads", args=["nothing", 1])).status_code == 404
    assessment = AssessmentFactory(organisation=lead.organisation)
    url = reverse("question_threads", args=[assessment.pk, "no_such"])
    assert client.get(url).status_code == 404


def test_mention_options_are_the_organisations_members(client):
    lead, _reviewer = people()
    MembershipFactory(role="viewer")  # another organisation
    sign_in_as(client, lead)
    html = client.get(reverse("mention_options") + "?q=ri", **HTMX).content.decode()
    assert 'data-handle="rita"' in html
    assert html.count('role="option"') == 1


def test_the_panel_queries_are_bounded(client, django_assert_max_num_queries):
    lead, reviewer = people()
    tool = ToolFactory(organisation=lead.organisation)
    for _ in range(6):
        thread = tool_thread(lead, body="@rita?", tool=tool)
        services.add_comment(thread=thread, user=reviewer.user, body="@lena.lead ok")
    sign_in_as(client, lead)
    url = reverse("threads", args=["tool", tool.pk])
    with django_assert_max_num_queries(16):
        response = client.get(url, **HTMX)
    assert response.content.decode().count('data-testid="thread"') == 6


@pytest.mark.parametrize(
    "name,factory,target",
    [
        ("tool_list", ToolFactory, "tool"),
        ("integration_list", IntegrationFactory, "integration"),
        ("touchpoint_list", TouchpointFactory, "touchpoint"),
    ],
)
def test_lists_show_open_thread_counts_in_one_query(
    client, name, factory, target, django_assert_max_num_queries
):
    lead, _reviewer = people()
    sign_in_as(client, lead)
    rows = [factory(organisation=lead.organisation) for _ in range(3)]
    client.get(reverse(name))  # warm up (sessions, caches)
    for row in rows:
        services.start_thread(organisation=lead.organisation, user=lead.user, body="?", obj=row)
    services.start_thread(organisation=lead.organisation, user=lead.user, body="?", obj=rows[0])
    html = client.get(reverse(name)).content.decode()
    assert html.count("thread-count") == 3
    assert "2 open threads" in html
    # more rows with threads cost no more queries
    more = [factory(organisation=lead.organisation) for _ in range(5)]
    for row in more:
        services.start_thread(organisation=lead.organisation, user=lead.user, body="?", obj=row)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name) + "?o=-pk")
    thread_queries = [q for q in few.captured_queries if "assessment_thread" in q["sql"]]
    assert len(thread_queries) <= 2  # the counts + the cache version


def test_the_questionnaire_step_shows_discuss_counts(client):
    lead, _reviewer = people()
    assessment = AssessmentFactory(organisation=lead.organisation)
    key = first_question(assessment)
    sign_in_as(client, lead)
    step = assessment.framework.question(key).step
    url = reverse("assessment_step", args=[assessment.pk, step])
    assert 'data-testid="discuss-' + key + '"' in client.get(url).content.decode()
    services.start_thread(
        organisation=lead.organisation,
        user=lead.user,
        body="?",
        assessment=assessment,
        question_key=key,
    )
    html = client.get(url).content.decode()  # the cached part follows the threads
    assert "Discuss (1 open)" in html


def test_detail_pages_load_the_panel(client):
    lead, _reviewer = people()
    sign_in_as(client, lead)
    tool = ToolFactory(organisation=lead.organisation)
    integration = IntegrationFactory(organisation=lead.organisation)
    touchpoint = TouchpointFactory(organisation=lead.organisation)
    for obj, slug in ((tool, "tool"), (integration, "integration"), (touchpoint, "touchpoint")):
        html = client.get(obj.get_absolute_url()).content.decode()
        assert reverse("threads", args=[slug, obj.pk]) in html


def sign_in_as(client, membership):
    from core.sessions import SESSION_KEY

    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = membership.organisation_id
    session.save()


__all__ = ["sign_in"]


def test_the_roadmap_shows_each_items_open_threads_on_cards_and_in_the_table(client):
    from assessment.models import RoadmapItem
    from assessment.results import services as results
    from tests.results.helpers import make_assessment

    lead, _reviewer = people()
    assessment = make_assessment(lead.organisation, user=lead.user)
    results.compute_results(assessment)
    sign_in_as(client, lead)
    items = list(RoadmapItem.objects.filter(assessment=assessment).order_by("pk")[:2])
    assert len(items) == 2
    url = reverse("assessment_roadmap", args=[assessment.pk])
    assert "open)" not in client.get(url).content.decode()
    for _ in range(2):
        services.start_thread(
            organisation=lead.organisation, user=lead.user, body="?", obj=items[0]
        )
    resolved = services.start_thread(
        organisation=lead.organisation, user=lead.user, body="?", obj=items[1]
    )
    services.resolve_thread(thread=resolved, user=lead.user)
    board = client.get(url).content.decode()  # the cached board follows the threads
    assert board.count("Discuss (2 open)") == 1 and "Discuss (1 open)" not in board
    table = client.get(url + "?view=table").content.decode()
    assert 'data-testid="row-discuss"' in table and "Discuss (2 open)" in table
    link = f'href="?view=board&amp;discuss={items[0].pk}#discuss-item-{items[0].pk}"'
    assert link in table
    # the link opens that card's discussion on the board
    opened = client.get(url + f"?view=board&discuss={items[0].pk}").content.decode()
    assert f'id="discuss-item-{items[0].pk}" open' in opened
