"""Parsed frameworks cached in-process by content hash (parsing YAML per request is slow).

A FrameworkVersion's source never changes once stored, so its content hash is a safe key.
"""

import threading

from assessment.questionnaire_core import Framework, load_framework_text

_cache: dict[str, Framework] = {}
_lock = threading.Lock()


def framework_for(version) -> Framework:
    """The Framework of a FrameworkVersion row, parsed once per process."""
    cached = _cache.get(version.content_hash)
    if cached is not None:
        return cached
    framework = load_framework_text(version.source, filename=f"{version.key}-v{version.version}")
    with _lock:
        _cache.setdefault(framework.content_hash, framework)
        _cache.setdefault(version.content_hash, framework)
    return framework


def remember(framework: Framework) -> None:
    with _lock:
        _cache.setdefault(framework.content_hash, framework)


def clear() -> None:
    with _lock:
        _cache.clear()
