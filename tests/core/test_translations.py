"""The gettext catalogues are complete, compiled and used (docs/translations.md)."""

import re
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


def _engine_texts():
    """Every template and vocabulary word the engine produces on the synthetic S and M
    organisations, plus every rule's recommendation and every Term."""
    from assessment.results_core import evaluate
    from assessment.results_core.messages import TERMS, Join, Message
    from assessment.results_core.recommendations import RECOMMENDATIONS
    from benchmarks.generate import generate

    found: set[tuple[str | None, str, str]] = set()

    def walk(value):
        if isinstance(value, Message):
            found.add((None, value.template, value.plural))
            for _name, param in value.params:
                walk(param)
        elif isinstance(value, Join):
            for item in value.items:
                walk(item)

    for size in ("S", "M"):
        result = evaluate(generate(size).to_input())
        for f in result.findings:
            for text in (f.title, f.detail, f.recommendation, f.action):
                walk(text)
        for item in result.roadmap:
            for text in (item.title_message, *item.description_messages):
                walk(text)
    found |= {(None, text, "") for text in RECOMMENDATIONS.values()}
    for words in TERMS.values():
        found |= {(context, word, "") for context, word in words.values()}
    # Templates that are only placeholders ("%(text)s") have nothing to translate.
    return {t for t in found if t[1] and not re.fullmatch(r"(%\(\w+\)s\s*)+", t[1])}


@pytest.mark.parametrize("language", LANGUAGES)
def test_findings_and_roadmap_texts_are_in_every_catalogue(language):
    """The engine's texts are extracted from `gettext_noop`/`ngettext`/`pgettext` markers;
    a new rule or wording without a translation would print English in the report."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid, e.msgid_plural or "") for e in po.translated_entries()}
    missing = sorted(t[1] for t in _engine_texts() if t not in translated)
    assert not missing, f"{language}: {len(missing)} engine texts untranslated: {missing[:5]}"
