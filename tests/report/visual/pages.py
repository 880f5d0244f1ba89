"""The report's visual regression suite: render, rasterise, compare (docs/report.md).

One fixed dataset — the synthetic S organisation (``assessment.report.samples``, whose
generated-on date is fixed) with every section — in four languages × two paper sizes.
Each PDF page becomes a PNG (``pdftoppm``) and is compared with
``approved/<language>-<paper>/page-NN.png``. Used by ``test_visual.py`` and by
``approve.py`` (``make approve-report-images``), so both render exactly the same way.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

LANGUAGES = ("en", "ar", "fa", "ro")
PAPER_SIZES = ("A4", "Letter")
#: "<language>-<paper>", also the approved folder's and the test id's name.
VARIANTS = tuple(f"{language}-{paper}" for language in LANGUAGES for paper in PAPER_SIZES)
#: The smallest synthetic organisation: every section has content, 23–25 pages.
DATASET = "S"

#: Raster resolution. 50 dpi is a 414 × 585 px A4 page (242,190 pixels): one changed letter
#: of body text is still ~150 pixels over the threshold, and the 8 variants' ~190 pages take
#: about 2.3 MB of PNGs.
DPI = 50
#: Pages are compared and stored in 16 shades of grey (4-bit palette PNGs, half the size of
#: optimised 8-bit grey). Posterising is per pixel, so the same page always gives the same
#: image and a change stays where it is; a change of hue alone at the same lightness is
#: not seen.
GREY_LEVELS = 16
#: A pixel counts as changed when its grey differs from the approved one by more than this
#: (0–255; 34 = two of the 16 shades), so a one-shade wobble of anti-aliasing (a poppler or
#: FreeType update) is no change. At three shades (51) a changed letter of body text fell
#: to 24 pixels, the tolerance; at two it is ~150.
PIXEL_THRESHOLD = 34
#: A page fails when more than this fraction of its pixels changed: 0.0001 is 24 pixels of
#: an A4 page, 23 of a Letter page. The same input renders identically (0 pixels); measured
#: at 50 dpi: one letter of body text changed ~150 pixels, a word ~70, the cover's period
#: line left out or a heading moved down by 1 pt hundreds (test_visual.py's perturbation
#: tests). Below it: one digit of the title changed (2025 → 2026: ~11 pixels of the cover,
#: 1 of each 7.5 pt running header).
MAX_CHANGED_FRACTION = 0.0001

HERE = Path(__file__).resolve().parent
APPROVED = HERE / "approved"
ROOT = HERE.parents[2]
RESULTS = ROOT / "test-results" / "visual"
APPROVE_COMMAND = "make approve-report-images"

_PALETTE = [round(level * 255 / (GREY_LEVELS - 1)) for level in range(GREY_LEVELS)]


def split_variant(variant: str) -> tuple[str, str]:
    language, paper = variant.split("-")
    return language, paper


def approve_command(variant: str | None = None) -> str:
    return f"{APPROVE_COMMAND} ONLY={variant}" if variant else APPROVE_COMMAND


# -- rendering ----------------------------------------------------------------------------


@functools.cache
def _inputs():
    from assessment.report.samples import engine_inputs

    return engine_inputs(DATASET)


def report_data(language: str) -> dict:
    from assessment.report.samples import sample_report_data

    return sample_report_data(DATASET, language=language, inputs=_inputs())


def render_pdf(
    variant: str, *, report: dict | None = None, sections: Sequence[str] | None = None
) -> bytes:
    """The variant's PDF: every section unless ``sections`` says otherwise; ``report``
    replaces the sample data (the perturbation tests change one string in it)."""
    from assessment.report.render import SECTION_KEYS, render_report_pdf

    language, paper = split_variant(variant)
    return render_report_pdf(
        report if report is not None else report_data(language),
        sections=SECTION_KEYS if sections is None else sections,
        page_size=paper,  # type: ignore[arg-type]  (a checked member of PAPER_SIZES)
        language=language,
    ).content


def rasterise(pdf: bytes) -> list[Image.Image]:
    """Every page of the PDF as a normalised greyscale image, in order."""
    with tempfile.TemporaryDirectory(prefix="visual-") as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(source), str(Path(tmp) / "p")],
            check=True,
            capture_output=True,
        )
        # pdftoppm zero-pads the page number to the width of the page count: p-01.png ...
        files = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [normalise(Image.open(path)) for path in files]


def render_pages(variant: str, **options) -> list[Image.Image]:
    return rasterise(render_pdf(variant, **options))


def normalise(image: Image.Image) -> Image.Image:
    """Greyscale posterised to GREY_LEVELS shades (a pure per-pixel mapping)."""
    step = 255 / (GREY_LEVELS - 1)
    return image.convert("L").point(lambda v: _PALETTE[round(v / step)])


# -- files --------------------------------------------------------------------------------


def page_name(number: int) -> str:
    return f"page-{number:02d}.png"


def save_png(image: Image.Image, path: Path) -> None:
    """A normalised page as a 4-bit palette PNG; ``load_png`` gives the same pixels back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    indexed = image.point(lambda v: round(v * (GREY_LEVELS - 1) / 255)).convert("P")
    indexed.putpalette([v for level in _PALETTE for v in (level, level, level)])
    indexed.save(path, optimize=True, bits=4)


def load_png(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return normalise(image)


def approved_pages(variant: str, root: Path = APPROVED) -> list[Path]:
    return sorted((root / variant).glob("page-*.png"))


def write_approved(variant: str, pages: Sequence[Image.Image], root: Path = APPROVED) -> None:
    """Replace the variant's approved pages (stale pages beyond the new count go)."""
    for old in approved_pages(variant, root):
        old.unlink()
    for number, page in enumerate(pages, start=1):
        save_png(page, root / variant / page_name(number))


# -- comparing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PageDiff:
    changed: int  # pixels over PIXEL_THRESHOLD (every pixel when the sizes differ)
    total: int
    mask: Image.Image | None  # 255 where changed; None when the sizes differ

    @property
    def fraction(self) -> float:
        return self.changed / self.total

    @property
    def ok(self) -> bool:
        return self.fraction <= MAX_CHANGED_FRACTION


def compare(approved: Image.Image, actual: Image.Image) -> PageDiff:
    if approved.size != actual.size:
        total = max(approved.width * approved.height, actual.width * actual.height)
        return PageDiff(changed=total, total=total, mask=None)
    difference = ImageChops.difference(approved, actual)
    mask = difference.point(lambda v: 255 if v > PIXEL_THRESHOLD else 0)
    changed = mask.histogram()[255]
    return PageDiff(changed=changed, total=approved.width * approved.height, mask=mask)


def diff_image(approved: Image.Image, actual: Image.Image, diff: PageDiff) -> Image.Image:
    """The approved page, faded, with the changed pixels in red (or, when the page size
    changed, the actual page alone)."""
    if diff.mask is None:
        return actual.convert("RGB")
    faded = approved.point(lambda v: 155 + v * 100 // 255).convert("RGB")
    # Widen each changed pixel a little so that a few red pixels can be found on the page.
    spots = diff.mask.resize((diff.mask.width // 2 or 1, diff.mask.height // 2 or 1))
    spots = spots.point(lambda v: 255 if v else 0).resize(diff.mask.size)
    halo = Image.new("RGB", faded.size, (255, 190, 190))
    red = Image.new("RGB", faded.size, (230, 0, 0))
    return Image.composite(red, Image.composite(halo, faded, spots), diff.mask)


def check(
    variant: str,
    pages: Sequence[Image.Image],
    *,
    approved_root: Path = APPROVED,
    results_root: Path = RESULTS,
) -> str | None:
    """None when every page matches its approved image; else a message naming each
    failing page, the actual and diff images written to ``results_root/<variant>/`` and
    the command that re-approves."""
    out = results_root / variant
    shutil.rmtree(out, ignore_errors=True)
    approved_files = approved_pages(variant, approved_root)
    problems: list[str] = []
    if not approved_files:
        problems.append(f"no approved images in {approved_root / variant}")
    elif len(approved_files) != len(pages):
        problems.append(
            f"page count: {len(pages)} rendered, {len(approved_files)} approved "
            f"(the pages after the first difference have probably moved)"
        )
    for number, page in enumerate(pages, start=1):
        expected_path = approved_root / variant / page_name(number)
        actual_path = out / f"page-{number:02d}-actual.png"
        if not expected_path.exists():
            save_png(page, actual_path)
            problems.append(f"page {number}: not approved; actual {actual_path}")
            continue
        expected = load_png(expected_path)
        diff = compare(expected, page)
        if diff.ok:
            continue
        diff_path = out / f"page-{number:02d}-diff.png"
        save_png(page, actual_path)
        diff_path.parent.mkdir(parents=True, exist_ok=True)
        diff_image(expected, page, diff).save(diff_path, optimize=True)
        what = (
            f"size {page.size} instead of {expected.size}"
            if diff.mask is None
            else f"{diff.changed} pixels changed ({diff.fraction:.3%} > {MAX_CHANGED_FRACTION:.3%})"
        )
        problems.append(
            f"page {number}: {what}\n    actual {actual_path}\n    diff   {diff_path}"
            f"\n    approved {expected_path}"
        )
    if not problems:
        return None
    return (
        f"the {variant} report differs from its approved images:\n  "
        + "\n  ".join(problems)
        + f"\nIf the change is intended, re-approve: {approve_command(variant)}"
        f" (or `{APPROVE_COMMAND}` for all variants) and review the changed PNGs in git."
    )
