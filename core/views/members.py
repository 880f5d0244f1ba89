"""Members and invitations: owners invite, change roles and remove; anyone may leave."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import selectors, services
from core.forms import InvitationForm
from core.htmx import HtmxPartialMixin
from core.models import Invitation, Membership, Role
from core.views.mixins import PermissionRequiredMixin, ScopedObjectMixin


class MemberListView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "member.view"
    template_name = "core/members.html"
    htmx_partial = "member_table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        context.update(
            members=selectors.members_of(organisation),
            invitations=selectors.pending_invitations(organisation),
            invite_form=kwargs.get("invite_form") or InvitationForm(),
            roles=Role.choices,
            role_help=[(role.label, role.description) for role in Role],
            new_invitation=kwargs.get("new_invitation"),
        )
        return context


class InviteView(MemberListView):
    permission_required = "invitation.add"
    http_method_names = ["post"]
    htmx_partial = "invite_panel"

    def post(self, request):
        form = InvitationForm(request.POST)
        new_invitation = None
        if form.is_valid():
            try:
                new_invitation = services.invite(
                    organisation=request.organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                    request=request,
                )
            except services.ServiceError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _(
                        "Invitation created for %(email)s. Copy the link below or let the e-mail "
                        "reach them."
                    )
                    % {"email": new_invitation.email},
                )
                form = InvitationForm()
        context = self.get_context_data(invite_form=form, new_invitation=new_invitation)
        if new_invitation is not None:
            context["new_invitation_url"] = services.invitation_url(new_invitation, request)
        status = 400 if form.errors else 200
        return self.render_to_response(context, status=status)


class _OrganisationObjectMixin(ScopedObjectMixin):
    """Members and invitations are not OrganisationScopedModels, so scope them by hand; an
    object of another organisation is then a 404 for every role, before the role check."""

    def get_queryset(self):
        return self.model.objects.filter(organisation=self.request.organisation)


class InvitationRevokeView(_OrganisationObjectMixin, View):
    model = Invitation
    permission_required = "invitation.delete"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        invitation = get_object_or_404(self.get_queryset(), pk=pk)
        services.revoke_invitation(invitation=invitation, user=self.request.user)
        messages.info(
            request, _("Invitation for %(email)s withdrawn.") % {"email": invitation.email}
        )
        return redirect("members")


class MemberRoleView(_OrganisationObjectMixin, View):
    model = Membership
    permission_required = "member.change"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            services.change_role(membership=membership, role=request.POST.get("role", ""))
        except services.ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": membership.user, "role": Role(request.POST["role"]).label},
            )
        return redirect("members")


class MemberRemoveView(_OrganisationObjectMixin, View):
    model = Membership
    permission_required = "member.delete"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        membership = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            services.remove_member(membership=membership)
        except services.ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Removed %(user)s.") % {"user": membership.user})
        return redirect("members")


class LeaveOrganisationView(PermissionRequiredMixin, View):
    """Every member may leave, except the last owner."""

    permission_required = "organisation.view"
    http_method_names = ["post"]

    def post(self, request):
        organisation = request.organisation
        try:
            services.remove_member(membership=request.membership)
        except services.ServiceError as error:
            messages.error(request, error.message)
            return redirect("members")
        messages.info(request, _("You left %(org)s.") % {"org": organisation})
        return redirect("dashboard")


class InvitationAcceptView(View):
    """Shows an invitation; a signed-in user with the invited address accepts it."""

    template_name = "core/invitation_accept.html"

    def get_invitation(self, token: str) -> Invitation:
        return get_object_or_404(Invitation.objects.select_related("organisation"), token=token)

    def render(self, request, invitation, error=None, status=200):
        return render(
            request,
            self.template_name,
            {"invitation": invitation, "error": error},
            status=status,
        )

    def get(self, request, token: str):
        invitation = self.get_invitation(token)
        user = request.user if request.user.is_authenticated else None
        try:
            services.check_invitation(invitation, user)
        except services.ServiceError as error:
            return self.render(request, invitation, error.message, status=400)
        return self.render(request, invitation)

    def post(self, request, token: str):
        invitation = self.get_invitation(token)
        if not request.user.is_authenticated:
            return redirect(f"{invitation.get_absolute_url()}")
        try:
            membership = services.accept_invitation(invitation=invitation, user=request.user)
        except services.ServiceError as error:
            return self.render(request, invitation, error.message, status=400)
        services.switch_organisation(
            session=request.session, user=request.user, organisation_id=membership.organisation_id
        )
        messages.success(request, _("Welcome to %(org)s.") % {"org": membership.organisation})
        return redirect("dashboard")
