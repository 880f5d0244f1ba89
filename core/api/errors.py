"""One error body for every API failure: {"error": {"status", "code", "message", "fields"}}."""

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

from core.services import ServiceForbidden

#: Seconds a client should wait before retrying when the database is unavailable.
RETRY_AFTER_SECONDS = 30


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorSerializer(serializers.Serializer):
    """Documented in the OpenAPI schema for every 4xx response."""

    error = ErrorDetailSerializer()


class APIError(exceptions.APIException):
    """An error with field messages and extra members, in the one body.

    `fields` maps a field path (e.g. "[3].value") to messages; `extra` adds members beside
    them (e.g. "conflicts" with the stored answers, "rows" with import row errors).
    """

    def __init__(self, message, *, status=400, code="invalid", fields=None, extra=None):
        self.status_code = status
        self.fields = fields or {}
        self.extra = extra or {}
        super().__init__(detail=message, code=code)


class Conflict(APIError):
    def __init__(self, message, **kwargs):
        super().__init__(message, status=409, code="conflict", **kwargs)


def _request_error(exc) -> APIError | None:
    """Django refuses oversized requests with a SuspiciousOperation, which would become
    its HTML 400 page outside DRF; here they get the one body."""
    if isinstance(exc, RequestDataTooBig):
        return APIError(_("The request body is too large."), status=413, code="request_too_large")
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return APIError(_("The request has too many parameters or files."), code="too_many_fields")
    return None


class ServiceUnavailable(APIError):
    def __init__(self, message, **kwargs):
        super().__init__(message, status=503, code="service_unavailable", **kwargs)


def is_database_unavailable(exc) -> bool:
    """The database cannot be reached or answered with an error of its own (connection
    lost, server shutting down, …); not a rule about the data (integrity, bad value)."""
    return isinstance(exc, DatabaseError) and not isinstance(exc, IntegrityError | DataError)


def database_unavailable_message() -> str:
    return _("The service is temporarily unavailable; nothing was changed. Try again shortly.")


def flatten_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in flatten_errors(value).items():
                    out[f"{key}.{sub}"] = messages
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                for index, item in enumerate(value):
                    for sub, messages in flatten_errors(item).items():
                        out[f"{key}[{index}].{sub}"] = messages
            else:
                out[str(key)] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def api_exception_handler(exc, context):
    exc = _request_error(exc) or exc
    database_down = is_database_unavailable(exc)
    if database_down:
        exc = ServiceUnavailable(database_unavailable_message())
    elif isinstance(exc, ServiceForbidden):
        # A rule that refuses whatever the input (e.g. a race with finalising): the same
        # 403 as when the role or object check refuses up front.
        exc = exceptions.PermissionDenied(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code, "code": "error", "message": ""}
    if isinstance(exc, APIError):
        body["code"] = exc.detail.code or body["code"]
        body["message"] = str(exc.detail)
        body["fields"] = exc.fields
        body.update(exc.extra)
    elif isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["message"] = _("The request has invalid fields; nothing was changed.")
        body["fields"] = flatten_errors(exc.detail)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body["code"] = getattr(detail, "code", None) or exc.__class__.__name__.lower()
        body["message"] = str(detail)
    response.data = {"error": body}
    if database_down:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
