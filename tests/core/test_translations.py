"""The gettext catalogues are complete, compiled and used (docs/translations.md)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from core.models import Role

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, (
        f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    )
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert len(po) > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_not_older_than_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    mo, po = folder / "django.mo", folder / "django.po"
    assert mo.exists(), f"run compilemessages for {language}"
    compiled = {(e.msgctxt, e.msgid) for e in polib.mofile(str(mo))}
    source = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po)) if e.translated()}
    assert source <= compiled, f"{language}: django.mo is stale; run compilemessages"


def test_arabic_translation_is_used_once_activated():
    with translation.override("ar"):
        dashboard = gettext("Dashboard")
        role, column = pgettext("role", "Owner"), pgettext("responsible person", "Owner")
    assert dashboard != "Dashboard"
    assert dashboard.strip()
    # The same English word in two contexts gets two translations.
    assert role != column


@pytest.mark.django_db
def test_arabic_dashboard_has_translated_navigation_right_to_left(client, signed_in):
    signed_in(Role.VIEWER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    content = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="ar" dir="rtl">' in content
    with translation.override("ar"):
        expected = [gettext(label) for label in ("Dashboard", "Assessments", "Roadmap", "Reports")]
    for label in expected:
        assert label in content
    assert ">Assessments<" not in content
