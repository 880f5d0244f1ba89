"""Detection: the catalogue's fingerprints against fetched pages."""

from pathlib import Path

from assessment.discovery.catalogue import Catalogue, CatalogueEntry
from assessment.discovery.detect import MAX_HTML_CHARS, Page, detect

SITE = Path(__file__).resolve().parent / "site"


def entry(name: str, categories=("analytics",), **fingerprints) -> CatalogueEntry:
    slug = name.lower().replace(" ", "-")
    return CatalogueEntry(name=name, slug=slug, categories=categories, fingerprints=fingerprints)


def found(detections) -> dict[str, int]:
    return {d.name: d.confidence for d in detections}


def test_the_real_snippets_of_five_marketing_tags_are_recognised():
    pages = [
        Page("https://acme.example/", html=(SITE / "index.html").read_text()),
        Page("https://acme.example/contact.html", html=(SITE / "contact.html").read_text()),
    ]
    detections = {d.slug: d for d in detect(pages)}
    for slug in ("google-tag-manager", "google-analytics", "hubspot", "hotjar", "facebook-pixel"):
        assert detections[slug].confidence == 100, slug
    assert detections["google-analytics"].version == "GA4"
    evidence = [str(e) for e in detections["google-tag-manager"].evidence]
    assert "inline-script https://www.googletagmanager.com/gtm.js?id=" in evidence
    assert "script https://www.googletagmanager.com/gtag/js?id=G-TEST12345" in [
        str(e) for e in detections["google-analytics"].evidence
    ]
    assert "inline-script hbspt.forms.create(" in [str(e) for e in detections["hubspot"].evidence]


def test_headers_cookies_meta_and_url():
    source = Catalogue(
        [
            entry(
                "Nginx", ("web-servers",), headers={"Server": r"nginx(?:/([\d.]+))?\;version:\1"}
            ),
            entry("GA", cookies={"_ga_*": ""}),
            entry("WordPress", ("cms",), meta={"generator": r"^WordPress ?([\d.]+)?\;version:\1"}),
            entry("Wix", ("cms",), url=[r"\.wixsite\.com"]),
            entry("Absent", headers={"X-Absent": ""}),
        ]
    )
    page = Page(
        "https://shop.wixsite.com/home",
        headers=(("server", "nginx/1.25.3"),),
        cookies=(("_ga_ABC123", "GS1.1"),),
        html='<html><head><meta name="Generator" content="WordPress 6.4.2"></head></html>',
    )
    detections = {d.name: d for d in detect([page], source=source)}
    assert set(detections) == {"Nginx", "GA", "WordPress", "Wix"}
    assert detections["Nginx"].version == "1.25.3"
    assert detections["WordPress"].version == "6.4.2"
    assert [str(e) for e in detections["GA"].evidence] == ["cookie _ga_ABC123"]
    assert [str(e) for e in detections["Nginx"].evidence] == ["header server: nginx/1.25.3"]


def test_confidence_adds_up_and_weak_hints_alone_are_left_out():
    source = Catalogue(
        [
            entry("Weak", html=[r"<div id=weak\;confidence:25"]),
            entry("Sum", html=[r"<b>one\;confidence:50", r"<i>two\;confidence:50"]),
        ]
    )
    page = Page("https://x.example/", html="<div id=weak></div><b>one</b><i>two</i>")
    assert found(detect([page], source=source)) == {"Sum": 100}
    assert found(detect([page], source=source, min_confidence=0)) == {"Sum": 100, "Weak": 25}


def test_implies_excludes_and_requires():
    source = Catalogue(
        [
            entry("WooCommerce", ("ecommerce",), html=["woocommerce"], implies=["WordPress"]),
            entry("WordPress", ("cms",), implies=[r"PHP\;confidence:50"]),
            entry("PHP", ("programming-languages",)),
            entry("Theme", ("wordpress-themes",), html=["theme-x"], requires=["Drupal"]),
            entry("Drupal", ("cms",)),
            entry("Old", html=["legacy"], excludes=["WooCommerce"]),
        ]
    )
    page = Page("https://x.example/", html="<p class=woocommerce theme-x legacy>")
    detections = {d.name: d for d in detect([page], source=source, min_confidence=0)}
    assert set(detections) == {"Old"}  # Theme needs Drupal; Old excludes Woo (and what it implies)
    page = Page("https://x.example/", html="<p class=woocommerce>")
    detections = {d.name: d for d in detect([page], source=source, min_confidence=0)}
    assert found(detections.values()) == {"WooCommerce": 100, "WordPress": 100, "PHP": 50}
    assert [str(e) for e in detections["WordPress"].evidence] == ["implied WooCommerce"]


def test_inputs_are_cut_before_matching():
    source = Catalogue([entry("Late", html=["<i>late marker"])])
    late = Page("https://x.example/", html="x" * MAX_HTML_CHARS + "<i>late marker</i>")
    early = Page("https://x.example/", html="<i>late marker</i>")
    assert detect([late], source=source) == []
    assert found(detect([early], source=source)) == {"Late": 100}


def test_evidence_is_kept_short():
    source = Catalogue([entry("Long", html=["<p>a+"])])
    page = Page("https://x.example/", html="<p>" + "a" * 10_000)
    (detection,) = detect([page], source=source)
    assert len(detection.evidence[0].detail) <= 160
