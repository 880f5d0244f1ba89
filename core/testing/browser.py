"""Playwright on Debian's Chromium (no browser download): launch options shared by tests."""

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system Chromium (CHROMIUM_PATH overrides); None when it is not installed."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_options() -> dict:
    return {"executable_path": chromium_path(), "headless": True, "args": CHROMIUM_ARGS}
