"""The fast widget renderer writes exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.form_renderer import FastWidgetRenderer

CHOICES = [("a", "Alpha & <b>"), ("b", "Beta"), (3, "Three")]
GROUPED = [("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Zed")]


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"maxlength": 5, "data-x": '"q"'}))
    email = forms.EmailField()
    url = forms.URLField()
    number = forms.IntegerField(min_value=0)
    decimal = forms.DecimalField()
    password = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=0)
    flag = forms.BooleanField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField()
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect(attrs={"class": "c"}))
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    checks = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    select = forms.ChoiceField(choices=[("", "---"), *CHOICES])
    select_grouped = forms.ChoiceField(choices=GROUPED)
    multi = forms.MultipleChoiceField(choices=GROUPED, required=False)
    safe = forms.CharField(widget=forms.TextInput(attrs={"placeholder": mark_safe("<i>")}))


VALUES = [
    {},
    {
        "text": 'a "b" <c> & d',
        "email": "x@example.test",
        "url": "https://example.test/?a=1&b=2",
        "number": "0",
        "decimal": "1.50",
        "password": "secret",
        "hidden": "7",
        "flag": "on",
        "day": "2026-12-03",
        "when": "2026-12-03 10:00",
        "notes": "line one\nline <two> & three",
        "radio": "a",
        "radio_grouped": "y",
        "checks": ["a", "3"],
        "select": "3",
        "select_grouped": "x",
        "multi": ["x", "z"],
        "safe": "",
    },
]


def render_all(form, renderer):
    form.renderer = renderer
    parts = []
    for bound in form:
        parts.append(str(bound))
        parts.append(bound.as_widget(attrs={"class": "form-control", "aria-invalid": "true"}))
        for sub in bound.subwidgets:
            parts.append(sub.tag())
            parts.append(sub.tag(wrap_label=True))
            parts.append(str(sub))
    return parts


@pytest.mark.parametrize("data", VALUES)
def test_widgets_render_as_django_does(data):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    fast = render_all(Everything(query if data else None, prefix="p"), FastWidgetRenderer())
    stock = render_all(Everything(query if data else None, prefix="p"), DjangoTemplates())
    assert len(fast) == len(stock)
    for ours, django_s in zip(fast, stock, strict=True):
        assert ours == django_s


def test_initial_values_render_as_django_does():
    initial = {"when": datetime.datetime(2026, 12, 3, 9, 30), "number": 0, "flag": True}
    fast = render_all(Everything(initial=initial), FastWidgetRenderer())
    stock = render_all(Everything(initial=initial), DjangoTemplates())
    assert fast == stock


def test_other_templates_fall_back_to_django():
    class Clearable(forms.Form):
        upload = forms.FileField(required=False)
        split = forms.SplitDateTimeField()

    fast = render_all(Clearable(), FastWidgetRenderer())
    stock = render_all(Clearable(), DjangoTemplates())
    assert fast == stock
    assert "<input" in "".join(fast)
