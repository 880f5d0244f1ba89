"""SVG text drawn a run at a time (assessment/report/svg_text.py): the same picture as
WeasyPrint's drawing one code point at a time, for a fraction of the text layouts."""

import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import weasyprint
import weasyprint.svg as wsvg
import weasyprint.text.line_break as line_break
from django.utils import translation
from PIL import Image, ImageOps

from assessment.report import svg_text
from assessment.report.pdf import html_to_pdf
from assessment.report.render import (
    _print_text,
    normalise_sections,
    render_report_html,
    svg_data_uri,
)
from assessment.report.samples import sample_report_data

pytestmark = pytest.mark.usefixtures("installed")


@pytest.fixture
def installed():
    assert svg_text.install(), "the report's WeasyPrint is the version svg_text supports"


def node(tag="text", text="Stack map", **attributes):
    return SimpleNamespace(tag=tag, text=text, get=attributes.get)


@pytest.mark.parametrize(
    ("case", "simple"),
    [
        (node(), True),
        (node("tspan", x="10", y="20"), True),
        (node(x=" 10 "), True),  # one length, however it is spaced
        (node(x="10 20"), False),  # a position per glyph
        (node(x="10,20"), False),
        (node(y="1 2 3"), False),
        (node(dx="2"), False),
        (node(dy="0 1"), False),
        (node(rotate="45"), False),
        (node(**{"letter-spacing": "1"}), False),
        (node(textLength="120"), False),
        (node(text=""), False),  # only moves the cursor: WeasyPrint does that
        (node(text=None), False),
        (node(text="two\nlines"), False),
        (node("textPath"), False),
        (node("a"), False),
    ],
)
def test_only_runs_without_per_glyph_positions_are_drawn_whole(case, simple):
    assert svg_text.is_simple(case) is simple


@pytest.mark.parametrize(
    ("run", "wrapped"),
    [
        ("Northwind Retail (12)", False),
        ("۱۲٪", False),  # Persian digits are European numbers to the bidi algorithm
        ("\ufeb3\ufe8e\ufe8e", True),  # Arabic presentation forms, in visual order already
        ("٣٠", True),  # Arabic-Indic digits (AN) would be reordered
        ("א", True),
    ],
)
def test_right_to_left_runs_are_drawn_in_the_order_given(run, wrapped):
    drawn = svg_text.as_drawn(run)
    assert drawn == ("\u202d" + run + "\u202c" if wrapped else run)


def test_an_unknown_weasyprint_keeps_its_own_drawing(monkeypatch):
    with svg_text.per_character():
        monkeypatch.setattr(svg_text, "_installed", False)
        monkeypatch.setattr(weasyprint, "__version__", "71.0")
        assert svg_text.install() is False
        assert wsvg.text is svg_text._upstream_text
        assert all(f is not svg_text.text for f in wsvg.TAGS.values())
    assert wsvg.text is svg_text.text  # back as it was


# -- the picture --------------------------------------------------------------------------

ROW = 40  # px of the SVG (and of the 96 dpi raster) per case: one band each
ARABIC = _print_text("<text>2 · نقاط الاتصال (2)</text>", rtl=True)[len("<text>") : -len("</text>")]
#: (the text, where it is anchored, whether it prints the very same pixels): one band each.
#: Latin text may move by its kerning; Arabic in presentation forms (as render._visual
#: gives it) and text with a position per glyph (WeasyPrint's own drawing) may not.
CASES = (
    ('<text x="10" y="{y}">Northwind Retail Group — Avatar, Tyrell</text>', "start", False),
    ('<text x="240" y="{y}" text-anchor="middle">Stack map (12 tools)</text>', "middle", False),
    ('<text x="470" y="{y}" text-anchor="end">Wayne Crm 35 · 92%</text>', "end", False),
    (
        '<text x="10" y="{y}">Score <tspan font-weight="700">52</tspan> / 70 ✓</text>',
        "start",
        False,
    ),
    (
        '<text x="240" y="{y}" text-anchor="middle" dominant-baseline="central">'
        "Vertical middle</text>",
        "middle",
        False,
    ),
    (f'<text x="470" y="{{y}}" text-anchor="end" font-size="13">{ARABIC}</text>', "end", True),
    ('<text x="10 30 50" y="{y}">per glyph</text>', "start", True),
)
BAND = ROW * 3 / 4  # the band in the 72 dpi raster (CSS px → pt)


def chart_pdf() -> bytes:
    rows = "".join(case.format(y=ROW * i + 26) for i, (case, *_) in enumerate(CASES))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="{ROW * len(CASES)}" '
        f'viewBox="0 0 480 {ROW * len(CASES)}" font-family="Noto Sans" font-size="14">'
        f"{rows}</svg>"
    )
    html = (
        "<html lang='en'><head><style>@page { size: 480px %dpx; margin: 0 } body { margin: 0 }"
        " img { display: block }</style></head><body><img alt='' src='%s'></body></html>"
        % (ROW * len(CASES), svg_data_uri(svg))
    )
    return html_to_pdf(html).content


def raster(pdf: bytes) -> Image.Image:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "c.pdf").write_bytes(pdf)
        # 72 dpi: one PDF point, that is 4/3 CSS px, per raster pixel
        subprocess.run(
            ["pdftoppm", "-r", "72", "-gray", "-png", "-singlefile", f"{tmp}/c.pdf", f"{tmp}/c"],
            check=True,
            capture_output=True,
        )
        return Image.open(f"{tmp}/c.png").convert("L")


def band(image: Image.Image, i: int) -> Image.Image:
    return image.crop((0, round(BAND * i), image.width, round(BAND * (i + 1))))


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    return ImageOps.invert(image).point(lambda v: 255 if v > 96 else 0).getbbox()


def test_runs_print_where_the_per_character_drawing_prints():
    runs = chart_pdf()
    with svg_text.per_character():
        letters = chart_pdf()
    assert runs != letters  # the two drawings really differ
    runs, letters = raster(runs), raster(letters)
    for i, (case, anchor, exact) in enumerate(CASES):
        if exact:
            assert band(runs, i).tobytes() == band(letters, i).tobytes(), case
            continue
        run, letter = ink_box(band(runs, i)), ink_box(band(letters, i))
        assert run and letter, case
        # The same line, anchored at the same point (1 pt: the raster's rounding) …
        assert (run[1], run[3]) == (letter[1], letter[3]), (case, run, letter)
        at = {"start": lambda b: b[0], "middle": lambda b: (b[0] + b[2]) / 2, "end": lambda b: b[2]}
        assert abs(at[anchor](run) - at[anchor](letter)) <= 1, (case, run, letter)
        # … and as wide but for the kerning the per-character drawing loses (≤ 3%).
        width, letter_width = run[2] - run[0], letter[2] - letter[0]
        assert abs(width - letter_width) <= max(1, 0.03 * letter_width), (case, run, letter)


def test_pdf_text_keeps_the_words(tmp_path):
    """Drawn whole, a run extracts as the words it is (copy and paste, search)."""
    (tmp_path / "c.pdf").write_bytes(chart_pdf())
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "c.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Northwind Retail Group" in text
    assert "Stack map (12 tools)" in text


# -- the work -----------------------------------------------------------------------------


def count_layouts(monkeypatch, html: str) -> int:
    calls = []
    original = line_break.split_first_line

    def counted(text, *args, **kwargs):
        calls.append(text)
        return original(text, *args, **kwargs)

    # svg_text and WeasyPrint's SVG text import it when they draw
    monkeypatch.setattr(line_break, "split_first_line", counted)
    html_to_pdf(html)
    monkeypatch.undo()
    return len(calls)


def test_the_chart_pages_lay_out_a_run_at_a_time(monkeypatch):
    """Work, not wall time: the text layouts WeasyPrint makes for the report's chart pages
    (radar, maps, touchpoints) and the cover, with runs and one letter at a time."""
    report = sample_report_data("S", language="en")
    sections = normalise_sections(("radar", "maps", "touchpoints"))
    with translation.override("en"):
        html = render_report_html(report, sections=sections, language="en")
    runs = count_layouts(monkeypatch, html)
    with svg_text.per_character():
        letters = count_layouts(monkeypatch, html)
    assert runs * 5 < letters, (runs, letters)  # measured: 246 against 2,283
