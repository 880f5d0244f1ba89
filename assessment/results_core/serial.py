"""The engine's results as JSON and back, exactly: a final assessment keeps what the engine
said when it was finalised, so its dashboard and its report never change afterwards — not
even when a later release scores, words or groups things differently.

``dump`` turns an ``EngineResult`` (or any engine dataclass) into JSON-ready data, tagging
each dataclass with its name and keeping tuples, decimals, dates, framework ``Text`` and the
"not applicable" marker apart from plain lists and strings; ``load`` rebuilds the same
objects (``load(dump(x)) == x``).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import zlib
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

from assessment.questionnaire_core import NA, Text

from . import explain, findings, messages, metrics, roadmap, scoring

FORMAT = 1

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        explain.Contribution,
        explain.Explanation,
        findings.Evidence,
        findings.Finding,
        findings.Saving,
        metrics.Metric,
        roadmap.ProposedItem,
        scoring.Completeness,
        scoring.MaturityLevel,
        scoring.QuestionScore,
        scoring.ScoreResult,
        scoring.SectionScore,
        scoring.StepScore,
    )
}


def register(cls: type) -> type:
    """Add a dataclass the engine returns (``EngineResult`` registers itself)."""
    _TYPES[cls.__name__] = cls
    return cls


def dump(value: Any) -> Any:
    if value is NA:
        return {"$": "na"}
    if isinstance(value, Text):
        return {"$": "text", "v": dict(value.values)}
    if isinstance(value, messages.Message):  # its own compact form
        return {"$": "msg", "v": value.as_data()}
    if isinstance(value, Decimal):
        return {"$": "decimal", "v": str(value)}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"not an engine type: {name}")
        return {"$": name, **{f.name: dump(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, tuple):
        return {"$": "tuple", "v": [dump(item) for item in value]}
    if isinstance(value, frozenset):
        return {"$": "frozenset", "v": sorted((dump(item) for item in value), key=repr)}
    if isinstance(value, list):
        return [dump(item) for item in value]
    if isinstance(value, Mapping):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("mapping keys must be strings")
        return {"$": "map", "v": {key: dump(item) for key, item in value.items()}}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def load(data: Any) -> Any:
    if isinstance(data, list):
        return [load(item) for item in data]
    if not isinstance(data, dict):
        return data
    tag = data.get("$")
    if tag == "na":
        return NA
    if tag == "text":
        return Text.of(data["v"])
    if tag == "msg":
        return messages.Message.from_data(data["v"])
    if tag == "decimal":
        return Decimal(data["v"])
    if tag == "datetime":
        return dt.datetime.fromisoformat(data["v"])
    if tag == "date":
        return dt.date.fromisoformat(data["v"])
    if tag == "tuple":
        return tuple(load(item) for item in data["v"])
    if tag == "frozenset":
        return frozenset(load(item) for item in data["v"])
    if tag == "map":
        return {key: load(item) for key, item in data["v"].items()}
    cls = _TYPES.get(tag or "")
    if cls is None:
        raise ValueError(f"unknown serialised type: {tag!r}")
    names = {f.name for f in fields(cls)}
    return cls(**{key: load(value) for key, value in data.items() if key in names})


def pack(value: Any) -> dict[str, Any]:
    """``dump`` as compact JSON, compressed (a large inventory's result is megabytes of
    repeated templates): a small JSON-ready dict to store in a snapshot."""
    text = json.dumps(dump(value), separators=(",", ":"), ensure_ascii=False)
    blob = base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")
    return {"format": FORMAT, "encoding": "json+zlib+base64", "data": blob}


def unpack(packed: Mapping[str, Any]) -> Any:
    if packed.get("format") != FORMAT or packed.get("encoding") != "json+zlib+base64":
        raise ValueError("unknown packed format")
    text = zlib.decompress(base64.b64decode(packed["data"])).decode("utf-8")
    return load(json.loads(text))
