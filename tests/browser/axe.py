"""axe-core in Chromium, for the browser tests (`make browser-deps` installs it from npm).

Evaluated in the page through the DevTools protocol, so the Content-Security-Policy,
which forbids inline scripts, stays on while it runs."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")


def violations(page, include: str | None = None) -> list[str]:
    """The page's critical and serious axe violations (in ``include``, a CSS selector, when
    given), one line each."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make browser-deps` (npm ci).")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    context = f"{{include: [{include!r}]}}" if include else "document"
    result = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']} — {v['help']}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
