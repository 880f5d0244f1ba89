"""Result pages per role, htmx partials, bad input, and bounded query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import AssessmentSnapshot, ItemStatus, RoadmapItem, Tool
from assessment.results import services
from core.testing.access import ALL_ROLES, Page, PageAccessTests, sign_in
from core.testing.factories import OrganisationFactory
from tests.results.helpers import make_assessment, make_inventory

pytestmark = pytest.mark.django_db
EDITORS = ("owner", "editor")


def _setup(membership):
    organisation = membership.organisation
    make_inventory(organisation)
    assessment = make_assessment(organisation)
    services.compute_results(assessment)
    item = RoadmapItem.objects.filter(assessment=assessment).order_by("position").first()
    return {"assessment": assessment, "item": item}


def _url(name, **extra):
    def build(context):
        kwargs = {"pk": context["assessment"].pk}
        if "item" in extra:
            kwargs["item"] = context["item"].pk
        kwargs.update({k: v for k, v in extra.items() if k != "item"})
        return reverse(name, kwargs=kwargs)

    return build


class TestResultPages(PageAccessTests):
    pages = {
        "dashboard": Page(_url("assessment_dashboard"), ALL_ROLES, setup=_setup),
        "explain": Page(_url("assessment_explain", step="stack"), ALL_ROLES, setup=_setup),
        "explain_overall": Page(
            _url("assessment_explain", step="overall"), ALL_ROLES, setup=_setup
        ),
        "roadmap": Page(_url("assessment_roadmap"), ALL_ROLES, setup=_setup),
        "roadmap_table": Page(
            lambda c: _url("assessment_roadmap")(c) + "?view=table", ALL_ROLES, setup=_setup
        ),
        "roadmap_redirect": Page("/roadmap/", ALL_ROLES, setup=_setup, ok=(302,)),
        "thresholds": Page(reverse("finding_thresholds"), ALL_ROLES),
        "thresholds_save": Page(
            reverse("finding_thresholds"),
            EDITORS,
            method="post",
            data={
                "underused_utilisation": "0.5",
                "renewal_window_days": "90",
                "urgent_cancel_days": "30",
                "weak_answer_score": "40",
                "heavy_weight": "1.5",
                "overlap_min_tools": "2",
                "seat_headroom": "0.2",
                "gap_min_points": "10",
                "gap_items_max": "3",
            },
            ok=(302,),
        ),
        "regenerate": Page(
            _url("assessment_regenerate"), EDITORS, method="post", setup=_setup, ok=(302,)
        ),
        "finalise": Page(
            _url("assessment_finalise"), EDITORS, method="post", setup=_setup, ok=(302,)
        ),
        "edit_form": Page(_url("roadmap_item_edit", item=True), EDITORS, setup=_setup),
        "edit": Page(
            _url("roadmap_item_edit", item=True),
            EDITORS,
            method="post",
            setup=_setup,
            data={"title": "Edited", "horizon": "now", "impact": "3", "effort": "low"},
            ok=(302,),
        ),
        "accept": Page(
            _url("roadmap_item_status", item=True, action="accept"),
            EDITORS,
            method="post",
            setup=_setup,
            ok=(302,),
        ),
        "dismiss": Page(
            _url("roadmap_item_status", item=True, action="dismiss"),
            EDITORS,
            method="post",
            setup=_setup,
            data={"reason": "Not now"},
            ok=(302,),
        ),
        "move": Page(
            _url("roadmap_item_move", item=True),
            EDITORS,
            method="post",
            setup=_setup,
            data={"horizon": "later"},
            ok=(302,),
        ),
        "add": Page(
            _url("roadmap_item_add"),
            EDITORS,
            method="post",
            setup=_setup,
            data={"title": "Train", "horizon": "next", "impact": "2", "effort": "low"},
            ok=(302,),
        ),
    }


FOREIGN = [
    ("get", "assessment_dashboard", {}),
    ("get", "assessment_explain", {"step": "stack"}),
    ("get", "assessment_roadmap", {}),
    ("post", "assessment_regenerate", {}),
    ("post", "assessment_finalise", {}),
    ("get", "roadmap_item_edit", {"item": True}),
    ("post", "roadmap_item_status", {"item": True, "action": "dismiss"}),
    ("post", "roadmap_item_move", {"item": True}),
]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("method", "name", "extra"), FOREIGN)
def test_other_organisation_is_404(client, role, method, name, extra):
    sign_in(client, role)
    foreign = OrganisationFactory()
    from core.testing.factories import MembershipFactory

    context = _setup(MembershipFactory(organisation=foreign, role="owner"))
    response = getattr(client, method)(_url(name, **extra)(context), {"reason": "x"})
    assert response.status_code == 404
    assert context["item"].status == RoadmapItem.objects.get(pk=context["item"].pk).status


@pytest.fixture
def editor_setup(client):
    membership = sign_in(client, "editor")
    return _setup(membership)


def test_dashboard_shows_scores_and_links(client, editor_setup):
    assessment = editor_setup["assessment"]
    html = client.get(reverse("assessment_dashboard", kwargs={"pk": assessment.pk})).content
    html = html.decode()
    assert "<svg" in html
    assert reverse("assessment_explain", kwargs={"pk": assessment.pk, "step": "stack"}) in html
    assert "Regenerate" in html


def test_explain_links_answers_and_inventory_rows(client, editor_setup):
    assessment = editor_setup["assessment"]
    html = client.get(
        reverse("assessment_explain", kwargs={"pk": assessment.pk, "step": "stack"})
    ).content.decode()
    assert "#question-vendor_roadmap" in html
    tool = Tool.objects.get(name="Busy CRM")
    assert reverse("tool_detail", kwargs={"pk": tool.pk}) in html


def test_unknown_step_is_404(client, editor_setup):
    url = reverse("assessment_explain", kwargs={"pk": editor_setup["assessment"].pk, "step": "x"})
    assert client.get(url).status_code == 404


def test_htmx_edit_swaps_the_card_and_saves(client, editor_setup):
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    url = reverse("roadmap_item_edit", kwargs={"pk": assessment.pk, "item": item.pk})
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    body = form.content.decode()
    assert body.lstrip().startswith("<article") and 'name="title"' in body
    saved = client.post(
        url,
        {"title": "Mine", "owner": "Maya", "horizon": "now", "impact": "3", "effort": "low"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert 'id="roadmap"' in saved.content.decode()
    item.refresh_from_db()
    assert item.title == "Mine" and "title" in item.edited_fields


def test_bad_edit_keeps_the_form_and_changes_nothing(client, editor_setup):
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    url = reverse("roadmap_item_edit", kwargs={"pk": assessment.pk, "item": item.pk})
    response = client.post(
        url,
        {"title": "", "horizon": "soon", "impact": "9", "effort": "x", "due_date": "31/31/31"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#item-{item.pk}"
    before = item.title
    item.refresh_from_db()
    assert item.title == before


def test_dismiss_without_reason_is_refused(client, editor_setup):
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    url = reverse(
        "roadmap_item_status", kwargs={"pk": assessment.pk, "item": item.pk, "action": "dismiss"}
    )
    response = client.post(url, {"reason": " "}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_bad_move_never_500s(client, editor_setup):
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    url = reverse("roadmap_item_move", kwargs={"pk": assessment.pk, "item": item.pk})
    for data in ({"horizon": "yesterday"}, {"position": "-3"}, {"direction": "sideways"}):
        assert client.post(url, data).status_code == 302
    bad_action = reverse(
        "roadmap_item_status", kwargs={"pk": assessment.pk, "item": item.pk, "action": "explode"}
    )
    assert client.post(bad_action).status_code == 404


def test_final_assessment_refuses_edits(client, editor_setup):
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    services.finalise(assessment=assessment)
    assert AssessmentSnapshot.objects.filter(assessment=assessment).exists()
    url = reverse("roadmap_item_edit", kwargs={"pk": assessment.pk, "item": item.pk})
    assert client.post(url, {"title": "x"}).status_code == 403
    regenerate = reverse("assessment_regenerate", kwargs={"pk": assessment.pk})
    assert client.post(regenerate).status_code == 403
    page = client.get(reverse("assessment_roadmap", kwargs={"pk": assessment.pk}))
    assert page.status_code == 200 and "Regenerate" not in page.content.decode()


def test_filters(client, editor_setup):
    assessment = editor_setup["assessment"]
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    html = client.get(url, {"rule": "underused_tool"}).content.decode()
    assert 'data-testid="item-underused_tool"' in html
    assert 'data-testid="item-vendor_driven_roadmap"' not in html
    assert client.get(url, {"rule": "nonsense", "step": "x"}).status_code == 200


def test_create_from_previous_copies_answers(client):
    membership = sign_in(client, "editor")
    previous = make_assessment(membership.organisation, title="Last year")
    from assessment.questionnaire import services as questionnaire

    version = questionnaire.ensure_default_framework()
    data = {
        "title": "This year",
        "framework_version": version.pk,
        "start_from": previous.pk,
        **{f"target_{s}": 70 for s in previous.targets},
    }
    response = client.post(reverse("assessment_add"), data)
    assert response.status_code == 302, response.content[:3000]
    from assessment.models import Assessment

    new = Assessment.objects.get(title="This year")
    assert new.answers.count() == previous.answers.count() == 3


def _pages(client, organisation, tools: int):
    make_inventory(organisation, extra_tools=tools)
    assessment = make_assessment(organisation)
    services.compute_results(assessment)
    return [
        reverse("assessment_dashboard", kwargs={"pk": assessment.pk}),
        reverse("assessment_roadmap", kwargs={"pk": assessment.pk}),
        reverse("assessment_explain", kwargs={"pk": assessment.pk, "step": "stack"}),
    ]


def test_query_counts_do_not_grow_with_the_inventory(client, django_assert_num_queries):
    small_member = sign_in(client, "editor")
    small = _pages(client, small_member.organisation, 8)
    counts = []
    for url in small:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx))
    large_member = sign_in(client, "editor")
    large = _pages(client, large_member.organisation, 298)
    for url, count in zip(large, counts, strict=True):
        client.get(url)
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    print(f"queries: dashboard {counts[0]}, roadmap {counts[1]}, explain {counts[2]}")
    assert max(counts) <= 25


def test_card_controls_are_the_forms_the_actions_expect(client, editor_setup):
    """The cards' controls are written from plain data (views.roadmap.CardActions): each
    posts where its action lives, with a CSRF token and the page's query, and an item's
    own title is escaped in its labels."""
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    RoadmapItem.objects.filter(pk=item.pk).update(title="<b>Mine</b> & co", edited_fields=["title"])
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    html = client.get(url).content.decode()
    card = html[html.index(f'id="item-{item.pk}"') :]
    card = card[: card.index("</article>")]
    kwargs = {"pk": assessment.pk, "item": item.pk}
    for action in ("accept", "dismiss"):
        target = reverse("roadmap_item_status", kwargs={**kwargs, "action": action})
        assert f'action="{target}" hx-post="{target}"' in card
    assert f'action="{reverse("roadmap_item_move", kwargs=kwargs)}"' in card
    assert f'href="{reverse("roadmap_item_edit", kwargs=kwargs)}"' in card
    assert card.count('name="csrfmiddlewaretoken"') == 3
    assert "<b>Mine</b>" not in card and "Edit &lt;b&gt;Mine&lt;/b&gt; &amp; co" in card
    assert f'id="reason-{item.pk}"' in card and "is-invalid" not in card
    refused = client.post(
        reverse("roadmap_item_status", kwargs={**kwargs, "action": "dismiss"}),
        {"reason": " "},
        headers={"HX-Request": "true"},
    ).content.decode()
    card = refused[refused.index(f'id="item-{item.pk}"') :]
    assert '<details class="dismiss" open>' in card and "is-invalid" in card


def test_choice_labels_match_djangos(editor_setup):
    """core.models.base: labels from a cached map, as Django's get_FOO_display."""
    from django.db.models import Model
    from django.utils import translation

    item = editor_setup["item"]
    field = RoadmapItem._meta.get_field("horizon")
    with translation.override("fr"):
        assert item.get_horizon_display() == Model._get_FIELD_display(item, field)
    item.horizon = "unknown"
    assert item.get_horizon_display() == "unknown"
