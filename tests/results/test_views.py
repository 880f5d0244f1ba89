"""Result pages per role, htmx partials, bad input, and bounded query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _gettext

from assessment.models import AssessmentSnapshot, Horizon, ItemStatus, RoadmapItem, Tool
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
    ("post", "roadmap_item_status", {"item": True, "action": "accept"}),
    ("post", "roadmap_item_status", {"item": True, "action": "reopen"}),
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
    accept = reverse("roadmap_item_status", kwargs={**kwargs, "action": "accept"})
    dismiss = reverse("roadmap_item_status", kwargs={**kwargs, "action": "dismiss"})
    assert f'formaction="{accept}"' in card  # a button of the menu's form, for htmx too
    assert f'action="{dismiss}" hx-post="{dismiss}"' in card
    move = reverse("roadmap_item_move", kwargs=kwargs)
    assert f'action="{move}" hx-post="{move}"' in card
    assert f'href="{reverse("roadmap_item_edit", kwargs=kwargs)}"' in card
    assert card.count('name="csrfmiddlewaretoken"') == 2  # the menu's form, the reason's
    assert "<b>Mine</b>" not in card
    assert 'aria-label="Actions for “&lt;b&gt;Mine&lt;/b&gt; &amp; co”"' in card
    assert f'id="reason-{item.pk}"' in card and "is-invalid" not in card
    assert f'id="dismiss-{item.pk}" novalidate hidden>' in card
    refused = client.post(
        reverse("roadmap_item_status", kwargs={**kwargs, "action": "dismiss"}),
        {"reason": " "},
        headers={"HX-Request": "true"},
    ).content.decode()
    card = refused[refused.index(f'id="item-{item.pk}"') :]
    card = card[: card.index("</article>")]
    # the reason form comes back shown, its error tied to the field
    assert f'id="dismiss-{item.pk}" novalidate>' in card and "is-invalid" in card
    assert f'aria-describedby="reason-error-{item.pk}"' in card


def _card(html: str, item) -> str:
    start = html.rfind("<article", 0, html.index(f'id="item-{item.pk}"'))
    return html[start : html.index("</article>", start)]


def _roadmap(client, assessment, **params) -> str:
    url = reverse("assessment_roadmap", kwargs={"pk": assessment.pk})
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _column(item) -> list[int]:
    """The ids of the active items of `item`'s column, top first."""
    return list(
        RoadmapItem.objects.filter(
            assessment_id=item.assessment_id,
            horizon=item.horizon,
            status__in=[ItemStatus.OPEN, ItemStatus.ACCEPTED],
        )
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )


@pytest.mark.parametrize("role", EDITORS)
def test_each_card_has_one_menu_with_the_actions_of_its_status(client, role):
    membership = sign_in(client, role)
    assessment = _setup(membership)["assessment"]
    items = list(RoadmapItem.objects.filter(assessment=assessment).order_by("position"))
    assert len(items) >= 3
    open_item, accepted, dismissed = items[:3]
    services.accept_item(item=accepted, user=membership.user)
    services.dismiss_item(item=dismissed, reason="Not this year", user=membership.user)
    html = _roadmap(client, assessment)
    for item in (open_item, accepted):
        item.refresh_from_db()
        card = _card(html, item)
        assert card.count('data-bs-toggle="dropdown"') == 1
        assert card.count('class="dropdown-menu"') == 1
        assert f"Actions for “{item.display_title}”" in card
        menu = card[card.index('class="dropdown-menu"') :]
        for label in ("Edit", "Move up", "Move down", "Dismiss"):
            assert f">{label}</" in menu, label
        for horizon in Horizon:
            offered = f'name="horizon" value="{horizon.value}">Move to {horizon.label}<' in menu
            assert offered == (horizon != item.horizon), horizon
        # a keyboard can reach the card, and a pointer drag it
        assert f'tabindex="0" data-item="{item.pk}" data-position="' in card
    open_card, accepted_card = _card(html, open_item), _card(html, accepted)
    assert ">Accept</button>" in open_card and open_card.index(">Accept<") < open_card.index(
        "dropdown-toggle"
    )
    assert ">Accept</button>" not in accepted_card
    dismissed_card = _card(html, dismissed)
    assert ">Reopen</button>" in dismissed_card
    for absent in ("dropdown", "data-item=", "tabindex", "Move to"):
        assert absent not in dismissed_card, absent
    assert "data-roadmap-board" in html and html.count("data-sortable-column=") == len(Horizon)
    assert "js/roadmap-board" in html and "vendor/sortable/Sortable.min" in html
    assert 'id="roadmap-status" class="visually-hidden" role="status" aria-live="polite"' in html
    # "Add item" opens its form above the board
    assert html.index('id="add-item"') < html.index('id="roadmap"')


@pytest.mark.parametrize("role", ("reviewer", "viewer"))
def test_readers_get_no_menu_and_nothing_to_drag(client, role):
    membership = sign_in(client, role)
    assessment = _setup(membership)["assessment"]
    html = _roadmap(client, assessment)
    board = html[html.index('id="roadmap"') :]
    assert 'data-testid="item-' in board
    for absent in (
        'data-testid="item-menu"',
        "dropdown-toggle",
        "data-item=",
        "data-position=",
        'tabindex="0"',
        "data-sortable-column",
        "data-roadmap-board",
        "aria-keyshortcuts",
        "Move to",
    ):
        assert absent not in board, absent
    for absent in ("roadmap-board.js", "Sortable", 'id="roadmap-status"', 'id="add-item"'):
        assert absent not in html, absent


def test_menu_actions_work_as_plain_posts_without_htmx(client, editor_setup):
    """What the menu's buttons post, posted without JavaScript: each redirects back to the
    card, with the board's filters."""
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    kwargs = {"pk": assessment.pk, "item": item.pk}
    move = reverse("roadmap_item_move", kwargs=kwargs)
    target = next(h.value for h in Horizon if h != item.horizon)
    response = client.post(move, {"horizon": target, "position": "0", "query": "view=board"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?view=board#item-{item.pk}")
    item.refresh_from_db()
    assert item.horizon == target and "horizon" in item.edited_fields
    assert _column(item)[0] == item.pk
    assert client.post(move, {"horizon": target, "position": "1"}).status_code == 302
    item.refresh_from_db()
    assert _column(item).index(item.pk) == min(1, len(_column(item)) - 1)
    assert client.post(move, {"direction": "up"}).status_code == 302
    item.refresh_from_db()
    assert _column(item)[0] == item.pk
    accept = reverse("roadmap_item_status", kwargs={**kwargs, "action": "accept"})
    assert client.post(accept, {"query": ""}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    dismiss = reverse("roadmap_item_status", kwargs={**kwargs, "action": "dismiss"})
    assert client.post(dismiss, {"reason": "Covered elsewhere"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DISMISSED and item.dismiss_reason == "Covered elsewhere"


def test_a_move_with_htmx_re_renders_the_board_with_its_filters(client, editor_setup):
    """A drop or a menu move posts the page's query: the board comes back filtered."""
    assessment = editor_setup["assessment"]
    item = RoadmapItem.objects.get(assessment=assessment, key="underused_tool")
    move = reverse("roadmap_item_move", kwargs={"pk": assessment.pk, "item": item.pk})
    query = "rule=underused_tool&view=board"
    response = client.post(
        move, {"horizon": "later", "position": "0", "query": query}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="roadmap"')
    assert 'data-testid="item-underused_tool"' in html
    assert 'data-testid="item-vendor_driven_roadmap"' not in html
    assert 'data-query="rule=underused_tool&amp;view=board"' in html
    assert 'name="query" value="rule=underused_tool&amp;view=board"' in html
    item.refresh_from_db()
    assert item.horizon == "later" and _column(item)[0] == item.pk


def test_a_filtered_board_counts_places_in_the_whole_column(client, editor_setup):
    """The drag and drop sends a card's place in its whole column; a filtered board shows
    part of the column, and the cards carry their places in the whole one (one query)."""
    assessment = editor_setup["assessment"]
    item = RoadmapItem.objects.get(assessment=assessment, key="underused_tool")
    item = services.move_item(item=item, horizon="now")  # at the end of a longer column
    place = _column(item).index(item.pk)
    assert place >= 1
    with CaptureQueriesContext(connection) as plain:
        html = _roadmap(client, assessment, view="board")
    assert f'data-item="{item.pk}" data-position="{place}"' in html
    with CaptureQueriesContext(connection) as filtered:
        html = _roadmap(client, assessment, rule="underused_tool")
    assert f'data-item="{item.pk}" data-position="{place}"' in html
    assert 'data-testid="item-vendor_driven_roadmap"' not in html
    assert len(filtered) <= len(plain) + 1


def test_another_organisations_item_cannot_be_moved(client):
    """A move (with htmx, as the board's drag and drop posts it) of another organisation's
    item is a 404 and changes nothing."""
    from core.testing.factories import MembershipFactory

    sign_in(client, "editor")
    foreign = _setup(MembershipFactory(organisation=OrganisationFactory(), role="owner"))
    item = foreign["item"]
    move = reverse("roadmap_item_move", kwargs={"pk": foreign["assessment"].pk, "item": item.pk})
    target = next(h.value for h in Horizon if h != item.horizon)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(move, {"horizon": target, "position": "0"}, headers=headers)
        assert response.status_code == 404
    assert RoadmapItem.objects.get(pk=item.pk).horizon == item.horizon


@pytest.mark.parametrize("language", ["en", "ar", "fa", "ro"])
def test_a_menus_name_holds_its_visible_text_and_the_title(client, editor_setup, language):
    """ "Actions for “title”"; in a language whose translation lacks that sentence yet, the
    button's own text and the title (never an English name on a translated button)."""
    from django.utils import translation

    assessment, item = editor_setup["assessment"], editor_setup["item"]
    client.cookies["django_language"] = language
    card = _card(_roadmap(client, assessment), item)
    with translation.override(language):
        actions, sentence = _gettext("Actions"), _gettext("Actions for “%(title)s”")
        title = item.display_title
    toggle = card[
        card.index("dropdown-toggle") : card.index("</button>", card.index("dropdown-toggle"))
    ]
    assert toggle.endswith(f">{actions}")
    if language == "en" or sentence != "Actions for “%(title)s”":
        assert f'aria-label="{sentence % {"title": title}}"' in toggle
    else:
        assert f'aria-labelledby="menu-{item.pk} title-{item.pk}"' in toggle
        assert f'id="menu-{item.pk}"' in toggle and f'id="title-{item.pk}"' in card


def test_owner_and_due_date_are_on_the_card_without_an_emoji(client, editor_setup):
    assessment, item = editor_setup["assessment"], editor_setup["item"]
    services.update_item(
        item=item,
        data={"owner": "Maya Marketing", "due_date": datetime.date(2026, 9, 30)},
        user=None,
    )
    card = _card(_roadmap(client, assessment), item)
    assert "👤" not in card and "<bdi>Maya Marketing</bdi>" in card
    assert '<span class="visually-hidden">Owner:</span>' in card
    assert card.count('aria-hidden="true" focusable="false"') == 2  # the two icons
    assert "Due" in card


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
