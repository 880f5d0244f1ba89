"""Visual regression: the S report, every section, in 4 languages × 2 paper sizes, page by
page against tests/report/visual/approved/ (docs/report.md, "Visual regression suite").

A failure names each changed page and leaves the actual PNG and a diff image (changed
pixels in red) in test-results/visual/<language>-<paper>/. After an intended change to the
templates, the stylesheet or the charts: `make approve-report-images`, then review the PNGs
in the diff.
"""

import copy
import subprocess

import pytest
from PIL import Image

from assessment.report.pdf import html_to_pdf
from assessment.report.render import render_report_html
from tests.report.visual import pages
from tests.report.visual.pages import (
    APPROVED,
    MAX_CHANGED_FRACTION,
    VARIANTS,
    check,
    compare,
    load_png,
    write_approved,
)


@pytest.mark.parametrize("variant", VARIANTS)
def test_report_pages_match_the_approved_images(variant, tmp_path):
    """Every language × paper, every section: a structurally valid (tagged) PDF whose pages
    look as approved."""
    pdf = pages.render_pdf(variant)
    path = tmp_path / f"report-{variant}.pdf"
    path.write_bytes(pdf)
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    assert "No syntax or stream encoding errors found" in qpdf.stdout
    failure = check(variant, pages.rasterise(pdf))
    assert failure is None, failure


# -- the comparison itself: what passes and what fails -----------------------------------

# A short render (cover, contents, summary: 4 pages) is enough to perturb.
SHORT = ("summary",)


@pytest.fixture(scope="module")
def short_pages():
    return pages.render_pages("en-A4", sections=SHORT)


@pytest.fixture
def approved_short(tmp_path, short_pages):
    """The short render approved in a scratch folder (the real approved/ is not touched)."""
    write_approved("en-A4", short_pages, tmp_path / "approved")
    return tmp_path


def _check(root, rendered):
    return check("en-A4", rendered, approved_root=root / "approved", results_root=root / "results")


def test_the_same_input_renders_the_same_pixels(approved_short):
    again = pages.render_pages("en-A4", sections=SHORT)
    saved = [load_png(p) for p in pages.approved_pages("en-A4", approved_short / "approved")]
    assert [compare(a, b).changed for a, b in zip(saved, again, strict=True)] == [0] * 4
    assert _check(approved_short, again) is None
    assert not (approved_short / "results" / "en-A4").exists()


def _changed_letter(report):
    top = report["summary"]["top_priorities"][0]
    assert "e" in top["title"]
    top["title"] = top["title"].replace("e", "o", 1)


def _missing_line(report):
    report["meta"]["period"] = ""  # the cover's "Period" row


@pytest.mark.parametrize(
    ("change", "page"), [(_changed_letter, 3), (_missing_line, 1)], ids=["letter", "line"]
)
def test_a_changed_letter_or_a_missing_line_fails(approved_short, change, page):
    report = copy.deepcopy(pages.report_data("en"))
    change(report)
    rendered = pages.render_pages("en-A4", report=report, sections=SHORT)
    _assert_fails_on(approved_short, rendered, page)


def test_a_heading_moved_by_one_point_fails(approved_short):
    html = render_report_html(pages.report_data("en"), sections=SHORT, language="en")
    moved = html.replace("</head>", "<style>h2 { position: relative; top: 1pt }</style></head>")
    assert moved != html
    rendered = pages.rasterise(html_to_pdf(moved).content)
    _assert_fails_on(approved_short, rendered, 3)


def _assert_fails_on(root, rendered, page):
    failure = _check(root, rendered)
    assert failure is not None
    out = root / "results" / "en-A4"
    actual, diff = out / f"page-{page:02d}-actual.png", out / f"page-{page:02d}-diff.png"
    assert f"page {page}: " in failure and str(actual) in failure and str(diff) in failure
    assert "make approve-report-images ONLY=en-A4" in failure
    with Image.open(diff) as image:
        assert image.mode == "RGB"
        assert (230, 0, 0) in {colour for _count, colour in image.getcolors(1 << 16)}
    assert load_png(actual).size == rendered[page - 1].size
    # Only the changed page is reported: the others matched.
    assert sorted(p.name for p in out.iterdir()) == [actual.name, diff.name]


def test_a_missing_or_extra_page_fails_with_the_page_count(approved_short, short_pages):
    failure = _check(approved_short, short_pages[:-1])
    assert failure is not None and "page count: 3 rendered, 4 approved" in failure
    failure = _check(approved_short, [*short_pages, short_pages[-1]])
    assert failure is not None and "page count: 5 rendered, 4 approved" in failure
    assert "page 5: not approved" in failure


def test_no_approved_images_fails(tmp_path, short_pages):
    failure = _check(tmp_path, short_pages)
    assert failure is not None and "no approved images" in failure


def test_every_variant_has_approved_pages_and_neighbours_differ():
    """The approved set is complete, and one page compared with the next fails."""
    for variant in VARIANTS:
        files = pages.approved_pages(variant)
        assert len(files) >= 10, f"{variant}: run make approve-report-images"
        assert [p.name for p in files] == [f"page-{n:02d}.png" for n in range(1, len(files) + 1)]
    first, second = (load_png(APPROVED / "en-A4" / f"page-0{n}.png") for n in (1, 2))
    assert compare(first, second).fraction > 100 * MAX_CHANGED_FRACTION
