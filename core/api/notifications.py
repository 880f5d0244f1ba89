"""/api/v1/notifications/: the caller's own notifications (read, mark read), and
/api/v1/notification-settings/: the caller's e-mail preferences. Only the caller's, in the
token's (or session's) organisation: anyone else's is a 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import OrganisationAPIMixin
from core.models import EmailMode, Notification, NotificationKind
from core.notifications import selectors, services
from core.notifications.texts import render_notification
from core.services import ServiceError

#: Every member manages their own notifications: "view" is every role's.
OWN = "notification.view"


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "key",
            "title",
            "body",
            "params",
            "url",
            "read",
            "read_at",
            "emailed_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_title(self, obj) -> str:
        return render_notification(obj).title

    def get_body(self, obj) -> str:
        return render_notification(obj).body

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were marked read.")


@extend_schema_view(
    list=extend_schema(
        summary="Your notifications, newest first",
        parameters=[
            OpenApiParameter("unread", OpenApiTypes.BOOL, description="true: only the unread ones")
        ],
    ),
    retrieve=extend_schema(summary="One of your notifications"),
)
class NotificationViewSet(
    OrganisationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = NotificationSerializer
    permission_resource = "notification"
    permission_actions = {"read": OWN, "read_all": OWN}

    def get_queryset(self):
        queryset = selectors.notifications_for(
            self.request.user, getattr(self.request, "organisation", None)
        )
        if self.action == "list":
            unread = self.request.query_params.get("unread")
            if unread is not None:
                if unread.lower() not in ("true", "false", "1", "0"):
                    raise ValidationError({"unread": ["Use true or false."]})
                queryset = queryset.filter(read_at__isnull=unread.lower() in ("true", "1"))
        return queryset

    @extend_schema(summary="Mark one notification read", request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.mark_read(notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(
        summary="Mark all your notifications read", request=None, responses=ReadAllSerializer
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        count = services.mark_all_read(user=request.user, organisation=request.organisation)
        return Response({"marked": count})


class NotificationSettingsSerializer(serializers.Serializer):
    email_mode = serializers.ChoiceField(choices=EmailMode.choices)
    muted_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices),
        required=False,
        default=list,
        help_text="Kinds not e-mailed (still shown in the app).",
    )
    language = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10,
        help_text="Language of e-mails (blank: the organisation's).",
    )
    last_digest_at = serializers.DateTimeField(read_only=True, allow_null=True)


class NotificationSettingsView(OrganisationAPIMixin, APIView):
    """The caller's notification preferences (every role; each person their own)."""

    permission_resource = "notification"
    action = "settings"
    permission_actions = {"settings": OWN}
    serializer_class = NotificationSettingsSerializer

    def _data(self, preference):
        return NotificationSettingsSerializer(preference).data

    @extend_schema(summary="Your notification settings", responses=NotificationSettingsSerializer)
    def get(self, request):
        return Response(self._data(services.preference_for(request.user)))

    @extend_schema(
        summary="Change your notification settings",
        request=NotificationSettingsSerializer,
        responses=NotificationSettingsSerializer,
    )
    def put(self, request):
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            preference = services.save_preference(
                user=request.user,
                email_mode=data["email_mode"],
                muted_kinds=data.get("muted_kinds", []),
                language=data.get("language", ""),
            )
        except ServiceError as error:
            raise ValidationError({"language": error.messages}) from error
        return Response(self._data(preference))


__all__ = ["NotificationSettingsView", "NotificationViewSet"]
