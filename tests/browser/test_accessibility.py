"""axe-core in Chromium on the app's pages, in English and in Arabic: no critical and no
serious violation (issue 17).

axe-core comes from the npm registry (package.json, installed by `make browser-deps`; see
tests/browser/axe.py). The pages are the demo organisation's, signed in as its owner (who
sees every control), plus the sign-in page.
"""

import pytest
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.browser.conftest import log_in


def pages(demo) -> dict[str, str]:
    """Name → path of the pages checked: every kind of page a member uses."""
    from assessment.models import Assessment, Integration, Tool, Touchpoint

    organisation = demo["organisation"]
    draft = Assessment.objects.for_organisation(organisation).filter(status="draft").first()
    final = Assessment.objects.for_organisation(organisation).filter(status="final").first()
    tool = Tool.objects.for_organisation(organisation).order_by("pk").first()
    integration = Integration.objects.for_organisation(organisation).order_by("pk").first()
    touchpoint = Touchpoint.objects.for_organisation(organisation).order_by("pk").first()
    return {
        "home": "/",
        "assessments": "/assessments/",
        "assessment": f"/assessments/{draft.pk}/",
        "questionnaire step": f"/assessments/{draft.pk}/steps/current_state/",
        "assessment review": f"/assessments/{draft.pk}/review/",
        "dashboard": f"/assessments/{final.pk}/dashboard/",
        "roadmap": f"/assessments/{final.pk}/roadmap/",
        "report": f"/assessments/{final.pk}/report/",
        "reports": "/reports/",
        "tools": "/tools/",
        "tool": f"/tools/{tool.pk}/",
        "tool form": f"/tools/{tool.pk}/edit/",
        "tool import": "/tools/import/",
        "stack map": "/tools/map/",
        "integrations": "/integrations/",
        "integration": f"/integrations/{integration.pk}/",
        "review queue": "/integrations/review/",
        "integration map": "/integrations/map/",
        "touchpoints": "/touchpoints/",
        "touchpoint": f"/touchpoints/{touchpoint.pk}/",
        "touchpoint matrix": "/touchpoints/matrix/",
        "categories": "/taxonomy/categories/",
        "frameworks": "/frameworks/",
        "members": "/organisation/members/",
        "organisation settings": "/organisation/settings/",
        "API tokens": "/accounts/tokens/",
    }


def test_the_sign_in_page_has_no_serious_violation(page, base_url, demo):
    page.goto(f"{base_url}/accounts/login/")
    assert violations(page) == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_has_no_critical_or_serious_violation(page, base_url, demo, language):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base_url, "owner@acme.example", DEMO_PASSWORD)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    checked = pages(demo)
    assert len(checked) >= 15
    found = {}
    for name, path in checked.items():
        response = page.goto(base_url + path)
        assert response.status == 200, (name, path, response.status)
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.wait_for_load_state("networkidle")
        if problems := violations(page):
            found[name] = problems
    assert found == {}


def test_axe_finds_what_the_pages_used_to_have(page, base_url, demo):
    """The check can fail: Bootstrap's own secondary grey on the page background (4.36:1)
    and a link inside an image-role drawing, as the pages had them before issue 17."""
    log_in(page, base_url, "owner@acme.example", DEMO_PASSWORD)
    page.goto(f"{base_url}/tools/map/")
    page.evaluate(
        """() => {
          document.querySelector('#chart svg').setAttribute('role', 'img');
          const old = document.createElement('a');
          old.href = '/tools/'; old.className = 'btn btn-sm';
          old.style.color = '#6c757d'; old.textContent = 'Back to the list';
          document.querySelector('main').prepend(old);
        }"""
    )
    found = " ".join(violations(page))
    assert "nested-interactive" in found and "color-contrast" in found
