"""Progress while WeasyPrint works, read from its own progress log.

WeasyPrint reports each step, and each page as it lays it out, on the
"weasyprint.progress" logger. Mapped onto 40–95 %, an export's bar moves a few points at a
time through a render instead of sitting at 40 % for the whole of it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PROGRESS_LOGGER = "weasyprint.progress"
START, LAYOUT_START, LAYOUT_END, END = 40, 50, 85, 95
#: Percent reached when WeasyPrint announces each step (layout pages are spread in between).
STEPS = {1: 42, 2: 44, 3: 46, 4: LAYOUT_START, 6: 88, 7: END}
_STEP = re.compile(r"Step (\d)")
_PAGE = re.compile(r"Creating layout - Page (\d+)")
#: Do not report less than this many points at a time (each report is a database write).
MIN_STEP = 2


def percent_for(message: str, expected_pages: int) -> int | None:
    """The progress a WeasyPrint progress message stands for (None: not a step)."""
    page = _PAGE.search(message)
    if page:
        done = min(int(page.group(1)) / max(expected_pages, 1), 1.0)
        return LAYOUT_START + round((LAYOUT_END - LAYOUT_START) * done)
    step = _STEP.search(message)
    return STEPS.get(int(step.group(1))) if step else None


class _Handler(logging.Handler):
    def __init__(self, report: Callable[[int], None], expected_pages: int) -> None:
        super().__init__(logging.INFO)
        self.report, self.expected_pages = report, expected_pages
        self.thread = threading.get_ident()  # another thread's render is not ours
        self.last = START

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        percent = percent_for(record.getMessage(), self.expected_pages)
        if percent is not None and percent - self.last >= MIN_STEP:
            self.last = percent
            self.report(percent)


@contextmanager
def weasyprint_progress(report: Callable[[int], None], expected_pages: int) -> Iterator[None]:
    """Call ``report(percent)`` as WeasyPrint advances (in this thread, rising, at least
    ``MIN_STEP`` points apart). ``expected_pages`` spreads the layout step: the page count
    of an earlier copy of the report, or a guess."""
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = _Handler(report, expected_pages)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the steps are for the bar, not for the log
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
