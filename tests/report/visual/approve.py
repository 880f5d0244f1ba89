"""Re-approve the report's visual regression images: render every variant (or the ones
named) and overwrite tests/report/visual/approved/<variant>/page-NN.png.

    make approve-report-images                    # all 8 variants
    make approve-report-images ONLY=ar-Letter,fa  # a variant, or every paper of a language
    python -m tests.report.visual.approve [--only ar-Letter,fa]

Run it after an intended change to the report's look, then review the changed PNGs in
git's diff before committing them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


def selected(only: str | None) -> list[str]:
    from tests.report.visual.pages import LANGUAGES, PAPER_SIZES, VARIANTS

    if not only:
        return list(VARIANTS)
    chosen = []
    for token in (t.strip() for t in only.split(",") if t.strip()):
        if token in VARIANTS:
            chosen.append(token)
        elif token in LANGUAGES or token in PAPER_SIZES:
            chosen.extend(v for v in VARIANTS if token in v.split("-"))
        else:
            sys.exit(
                f"unknown variant {token!r}: one of {', '.join(VARIANTS)}, "
                f"a language ({', '.join(LANGUAGES)}) or a paper ({', '.join(PAPER_SIZES)})"
            )
    return [v for v in VARIANTS if v in chosen]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=None, help="comma-separated variants/languages/papers")
    args = parser.parse_args(argv)
    variants = selected(args.only)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
    os.environ.setdefault("DEBUG", "1")  # settings without production secrets, as the tests
    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from tests.report.visual.pages import (
        APPROVED,
        approved_pages,
        compare,
        load_png,
        render_pages,
        write_approved,
    )

    for variant in variants:
        rendered = render_pages(variant)
        before = [load_png(path) for path in approved_pages(variant)]
        changed = [
            n
            for n, page in enumerate(rendered, start=1)
            if n > len(before) or not compare(before[n - 1], page).ok
        ]
        write_approved(variant, rendered)
        summary = f"changed pages {changed}" if changed else "unchanged"
        if not before:
            summary = "new"
        elif len(before) != len(rendered):
            summary += f"; {len(before)} → {len(rendered)} pages"
        print(f"{variant}: {len(rendered)} pages, {summary}")
    print(f"approved images in {APPROVED.relative_to(APPROVED.parents[3])}/")


if __name__ == "__main__":
    main()
