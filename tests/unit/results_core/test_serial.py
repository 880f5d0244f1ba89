"""A final assessment keeps the engine's result: ``serial`` round-trips it exactly."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from assessment.questionnaire_core import NA, Text, load_default_framework
from assessment.results_core import evaluate, serial
from assessment.results_core.messages import Join, Message, Term
from benchmarks.generate import generate

from .helpers import TODAY, make_input, tool
from .strategies import answer_sets

FRAMEWORK = load_default_framework()


@pytest.mark.parametrize("size", ["S", "M"])
def test_engine_result_round_trips_through_json(size):
    result = evaluate(generate(size).to_input())
    data = json.loads(json.dumps(serial.dump(result)))  # plain JSON on the way
    assert serial.load(data) == result
    assert serial.unpack(json.loads(json.dumps(serial.pack(result)))) == result


@settings(max_examples=25, deadline=None)
@given(answer_sets(FRAMEWORK))
def test_any_answers_round_trip(values):
    inventory = (tool(1, licensed_seats=10, active_users_30d=1, renewal_date=TODAY),)
    result = evaluate(make_input(answer_values=values, tools=inventory, targets={"stack": 90}))
    assert serial.unpack(serial.pack(result)) == result


def test_values_keep_their_kind():
    values = [
        NA,
        (1, "a"),
        [1, "a"],
        {"k": (Decimal("1.50"),)},
        dt.date(2026, 1, 2),
        Text.of({"en": "Hi", "ar": "مرحبا"}),
        Message.of("%(a)s and %(b)s", a=Term("stage", "purchase"), b=Join(("x", "y"))),
        None,
        1.25,
        True,
    ]
    back = serial.load(json.loads(json.dumps(serial.dump(values))))
    assert back == values
    assert back[0] is NA
    assert type(back[1]) is tuple and type(back[2]) is list


def test_unknown_things_are_refused():
    with pytest.raises(TypeError):
        serial.dump(object())
    with pytest.raises(ValueError, match="unknown serialised type"):
        serial.load({"$": "Nope"})
    with pytest.raises(ValueError, match="unknown packed format"):
        serial.unpack({"format": 99, "encoding": "x", "data": ""})
