"""What every domain endpoint shares: serializers validated by the UI's forms, scoped
related fields, the base viewset over services, and row-error helpers."""

from __future__ import annotations

import copy
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.filters import OrderingFilter

from assessment.models import Assessment
from assessment.questionnaire.selectors import assessment_for
from assessment.results.services import ensure_results
from core.api.errors import flatten_errors
from core.api.viewsets import OrganisationAPIMixin

NO_PUT = ["get", "post", "patch", "delete", "head", "options"]


def _is_id(value: str) -> bool:
    return value.isdigit() and len(value) < 19  # fits a bigint


def id_filter(queryset, params, name: str, errors: dict, message: str = ""):
    """``?<name>=<id>``: the rows whose ``<name>`` is that row; anything but a whole
    number goes into ``errors`` (the caller raises them together, a 400)."""
    value = params.get(name)
    if value is None:
        return queryset
    if _is_id(value):
        return queryset.filter(**{f"{name}_id": int(value)})
    errors[name] = [message or _("An id (a number).")]
    return queryset


def person_filter(queryset, params, name: str, errors: dict, user):
    """``?<name>=me`` (the signed-in person) or ``?<name>=<user id>``."""
    value = params.get(name)
    if value is None:
        return queryset
    if value == "me":
        return queryset.filter(**{name: user})
    if _is_id(value):
        return queryset.filter(**{f"{name}_id": int(value)})
    errors[name] = [_("“me” or a user id (a number).")]
    return queryset


def _form_value(value: Any) -> Any:
    """A Python value as a bound form expects it (instances → primary keys)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set) and not isinstance(value, str):
        return [_form_value(v) for v in value]
    return value


class ScopedSerializerMixin:
    """Related fields only offer rows of the request's organisation (like the forms)."""

    @property
    def organisation(self):
        request = self.context.get("request")
        return getattr(request, "organisation", None)

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is None or not hasattr(queryset.model, "organisation"):
                continue
            if self.organisation is None:
                relation.queryset = queryset.none()
            elif hasattr(queryset, "for_organisation"):
                relation.queryset = queryset.for_organisation(self.organisation)
            else:
                relation.queryset = queryset.filter(organisation=self.organisation)
        return fields


class StrictCharField(serializers.CharField):
    """Text must be sent as a JSON string (DRF would quietly turn 0 into "0")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false (and null where allowed), not "yes", 0 or 1."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON number without a fraction, not "5" or true."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "format": "decimal", "pattern": r"^\d{0,12}(?:\.\d{0,2})?$"},
            {"type": "number", "minimum": 0},
        ]
    }
)
class MoneyField(serializers.DecimalField):
    """An amount as a decimal string ("1200.50", as returned) or a JSON number."""


class StrictManyRelatedField(serializers.ManyRelatedField):
    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id as a JSON integer; many=True takes a JSON array of them."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not -(2**63) < data < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args, **kwargs):
        field = super().many_init(*args, **kwargs)
        field.__class__ = StrictManyRelatedField
        return field


class FormValidatedSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """Typed fields for parsing and the schema; the UI's ModelForm has the last word.

    `validate()` binds `form_class` (the page's form) to the stored values overlaid with
    the request's, so the form's rules (unique names, subcategory in its category, renewal
    after start, two different tools, …) apply unchanged; `validated_data` becomes the
    form's cleaned fields, which the view hands to the service — as the pages do.
    """

    form_class: type | None = None
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
        models.DecimalField: MoneyField,
        models.IntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
    }
    serializer_related_field = StrictPrimaryKeyRelatedField

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops `allow_blank` from read-only fields, so the schema would document a
        # blank choice (e.g. a roadmap item's `quadrant` before it is placed) as impossible.
        blank_choice = bool(kwargs.get("allow_blank")) and "choices" in kwargs
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank_choice and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs

    def current_values(self) -> dict[str, Any]:
        model = self.Meta.model
        base = self.instance
        out = {}
        for name in self.form_class._meta.fields:
            field = model._meta.get_field(name)
            if field.many_to_many:
                out[name] = [o.pk for o in getattr(base, name).all()] if base is not None else []
            elif base is None:
                out[name] = field.get_default()
            elif field.is_relation:
                out[name] = getattr(base, field.attname)
            else:
                out[name] = getattr(base, name)
        return out

    def form_data(self, attrs: dict) -> dict:
        data = {k: _form_value(v) for k, v in self.current_values().items()}
        data.update({k: _form_value(v) for k, v in attrs.items() if k in data})
        return data

    def make_form(self, data: dict):
        model = self.Meta.model
        if self.instance is not None:
            instance = copy.copy(self.instance)  # the form mutates its instance
        else:
            instance = model(organisation=self.organisation)
        return self.form_class(data=data, instance=instance, organisation=self.organisation)

    def cleaned(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}

    def validate(self, attrs):
        form = self.make_form(self.form_data(attrs))
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if key == "__all__" else key): [str(m) for m in messages]
                    for key, messages in form.errors.items()
                }
            )
        return self.cleaned(form)


class OrganisationViewSetBase(OrganisationAPIMixin, viewsets.GenericViewSet):
    """Querysets come from a selector of the request's organisation."""

    model: type[models.Model] | None = None
    filter_backends = [DjangoFilterBackend, OrderingFilter]

    def selector(self, organisation):
        return self.model.objects.for_organisation(organisation)

    def get_queryset(self):
        organisation = getattr(self.request, "organisation", None)
        if organisation is None:
            return self.model.objects.none()
        return self.selector(organisation)


class AssessmentChildViewSet(OrganisationViewSetBase):
    """Rows of one assessment (`assessments/{assessment_pk}/…`): another organisation's
    assessment is a 404 for every role. With `refresh_on_read`, reads refresh the results
    first (findings, roadmap), as the pages do."""

    refresh_on_read = False

    def get_assessment(self) -> Assessment:
        if not hasattr(self, "_assessment"):
            organisation = getattr(self.request, "organisation", None)
            try:
                self._assessment = assessment_for(organisation, int(self.kwargs["assessment_pk"]))
            except (Assessment.DoesNotExist, ValueError, OverflowError):
                raise exceptions.NotFound() from None
            if self.refresh_on_read and self.request.method in ("GET", "HEAD"):
                ensure_results(self._assessment)
        return self._assessment

    def check_object_exists(self):
        self.get_assessment()  # another organisation's assessment: 404 for every role
        super().check_object_exists()


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationViewSetBase):
    pass


def row_fields(problems) -> dict[str, list[str]]:
    """{"[3].value": [message]} for problems with `index`, `field` and `message`."""
    fields: dict[str, list[str]] = {}
    for problem in problems:
        fields.setdefault(f"[{problem.index}].{problem.field}", []).append(problem.message)
    return fields


def list_errors(errors) -> dict[str, list[str]]:
    """DRF's errors of a many=True serializer → {"[i].field": [...]}."""
    if not isinstance(errors, list):
        return flatten_errors(errors)
    fields: dict[str, list[str]] = {}
    for index, row in enumerate(errors):
        if not row:
            continue
        if isinstance(row, dict):
            for key, messages in row.items():
                if isinstance(messages, dict):
                    messages = [str(m) for ms in messages.values() for m in ms]
                fields[f"[{index}].{key}"] = [str(m) for m in messages]
        else:
            fields[f"[{index}]"] = [str(row)]
    return fields
