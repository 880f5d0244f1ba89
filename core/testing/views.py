"""Generic per-role view tests for organisation-scoped models (after NetBox's ViewTestCases).

A model gets its whole matrix by declaring a class:

    class TestToolViews(ViewTestCases.AllViews):
        model = Tool
        url_prefix = "tool"                      # tool_list, tool_detail, tool_add, …
        roles = {"view": ALL_ROLES, "add": ("owner", "editor"), ...}

        def make_object(self, organisation):
            return ToolFactory(organisation=organisation)

        def form_data(self, organisation):
            return {"name": "New tool", ...}

Every test runs once per role: allowed roles succeed, the others get 403 and change
nothing, and every role gets 404 for another organisation's object. An allowed edit is
checked to have been saved: every posted value of a field the form edits is read back.
"""

from decimal import Decimal, InvalidOperation

import pytest
from django.db import models
from django.urls import resolve, reverse

from core.testing.access import ALL_ROLES, sign_in
from core.testing.factories import OrganisationFactory

role_param = pytest.mark.parametrize("role", ALL_ROLES)


class _Base:
    model = None
    url_prefix = ""
    roles: dict[str, tuple[str, ...]] = {}
    # Status codes that count as success for a valid POST.
    post_ok = (302, 303, 204)

    def make_object(self, organisation):
        raise AssertionError(f"{type(self).__name__} must define make_object()")

    def form_data(self, organisation) -> dict:
        return {}

    def url(self, action: str, obj=None) -> str:
        name = f"{self.url_prefix}_{action}"
        return reverse(name, kwargs={"pk": obj.pk}) if obj is not None else reverse(name)

    def allowed(self, verb: str, role: str) -> bool:
        return role in self.roles.get(verb, ())

    def count(self, organisation) -> int:
        return self.model.objects.for_organisation(organisation).count()

    def assert_saved(self, obj, data: dict, url: str) -> None:
        """Each posted value of a field the view's form edits is stored (compared the way
        forms clean them: case-insensitive text, numbers, ids, sets of ids)."""
        view = resolve(url).func.view_class
        form_fields = getattr(getattr(view, "form_class", None), "_meta", None)
        editable = set(getattr(form_fields, "fields", None) or getattr(view, "fields", ()) or ())
        obj = type(obj).objects.get(pk=obj.pk)
        for name, posted in data.items():
            if name not in editable or posted in ("", None):
                continue
            field = obj._meta.get_field(name)
            if isinstance(field, models.ManyToManyField):
                stored = {str(pk) for pk in getattr(obj, name).values_list("pk", flat=True)}
                assert stored == {str(v) for v in posted}, (name, stored, posted)
            elif field.is_relation:
                assert str(getattr(obj, field.attname)) == str(posted), (name, posted)
            elif isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
                try:
                    expected = Decimal(str(posted))
                except InvalidOperation:
                    continue
                assert Decimal(str(getattr(obj, name))) == expected, (name, posted)
            elif isinstance(field, models.CharField | models.TextField | models.DateField):
                stored = getattr(obj, name)
                stored = stored.isoformat() if hasattr(stored, "isoformat") else str(stored)
                assert stored.casefold() == str(posted).strip().casefold(), (name, stored, posted)


class ViewTestCases:
    class ListView(_Base):
        @role_param
        @pytest.mark.django_db
        def test_list(self, client, role):
            membership = sign_in(client, role)
            self.make_object(membership.organisation)
            response = client.get(self.url("list"))
            assert response.status_code == (200 if self.allowed("view", role) else 403)

        @pytest.mark.django_db
        def test_list_hides_other_organisations(self, client):
            sign_in(client, "owner")
            foreign = self.make_object(OrganisationFactory())
            response = client.get(self.url("list"))
            assert response.status_code == 200
            assert str(foreign) not in response.content.decode()

    class DetailView(_Base):
        @role_param
        @pytest.mark.django_db
        def test_detail(self, client, role):
            membership = sign_in(client, role)
            obj = self.make_object(membership.organisation)
            response = client.get(self.url("detail", obj))
            assert response.status_code == (200 if self.allowed("view", role) else 403)

        @role_param
        @pytest.mark.django_db
        def test_detail_of_other_organisation_is_404(self, client, role):
            sign_in(client, role)
            foreign = self.make_object(OrganisationFactory())
            assert client.get(self.url("detail", foreign)).status_code == 404

    class CreateView(_Base):
        @role_param
        @pytest.mark.django_db
        def test_create(self, client, role):
            membership = sign_in(client, role)
            organisation = membership.organisation
            before = self.count(organisation)
            page = client.get(self.url("add"))
            response = client.post(self.url("add"), self.form_data(organisation))
            if self.allowed("add", role):
                assert page.status_code == 200
                assert response.status_code in self.post_ok, response.content[:2000]
                assert self.count(organisation) == before + 1
            else:
                assert page.status_code == 403
                assert response.status_code == 403
                assert self.count(organisation) == before

    class EditView(_Base):
        @role_param
        @pytest.mark.django_db
        def test_edit(self, client, role):
            membership = sign_in(client, role)
            obj = self.make_object(membership.organisation)
            before = self.model.objects.get(pk=obj.pk).updated_at
            page = client.get(self.url("edit", obj))
            data = self.form_data(membership.organisation)
            response = client.post(self.url("edit", obj), data)
            if self.allowed("change", role):
                assert page.status_code == 200
                assert response.status_code in self.post_ok, response.content[:2000]
                self.assert_saved(obj, data, self.url("edit", obj))
            else:
                assert page.status_code == 403
                assert response.status_code == 403
                assert self.model.objects.get(pk=obj.pk).updated_at == before

        @role_param
        @pytest.mark.django_db
        def test_edit_of_other_organisation_is_404(self, client, role):
            sign_in(client, role)
            foreign = self.make_object(OrganisationFactory())
            assert client.get(self.url("edit", foreign)).status_code == 404
            response = client.post(self.url("edit", foreign), self.form_data(foreign.organisation))
            assert response.status_code == 404

    class DeleteView(_Base):
        @role_param
        @pytest.mark.django_db
        def test_delete(self, client, role):
            membership = sign_in(client, role)
            obj = self.make_object(membership.organisation)
            response = client.post(self.url("delete", obj))
            exists = self.model.objects.filter(pk=obj.pk).exists()
            if self.allowed("delete", role):
                assert response.status_code in self.post_ok
                assert not exists
            else:
                assert response.status_code == 403
                assert exists

        @role_param
        @pytest.mark.django_db
        def test_delete_of_other_organisation_is_404(self, client, role):
            sign_in(client, role)
            foreign = self.make_object(OrganisationFactory())
            assert client.post(self.url("delete", foreign)).status_code == 404
            assert self.model.objects.filter(pk=foreign.pk).exists()

    class AllViews(ListView, DetailView, CreateView, EditView, DeleteView):
        pass
