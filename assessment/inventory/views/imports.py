"""Import (upload → preview with mapping and choice resolution → commit) and export."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_htmx.http import HttpResponseClientRedirect

from assessment.inventory import exporters, imports, selectors
from assessment.inventory import import_jobs as jobs
from assessment.inventory.filtersets import (
    IntegrationFilterSet,
    ToolFilterSet,
    TouchpointFilterSet,
)
from assessment.inventory.forms import ImportUploadForm
from assessment.inventory.imports.running import commit_session
from assessment.inventory_core.fields import FieldKind
from assessment.inventory_core.taxonomy import load_taxonomy
from assessment.models import ImportJobKind
from core.htmx import HtmxPartialMixin, is_htmx
from core.permissions import can
from core.services import ServiceError
from core.views.mixins import PermissionRequiredMixin

MODEL_NAMES = {"tools": "tool", "integrations": "integration", "touchpoints": "touchpoint"}
FILTERSETS = {
    "tools": ToolFilterSet,
    "integrations": IntegrationFilterSet,
    "touchpoints": TouchpointFilterSet,
}
MAX_ERRORS_SHOWN = 200
#: Known products listed in the preview's panel (the count says how many there are).
MAX_HINTS_SHOWN = 50


class InventoryMixin(PermissionRequiredMixin):
    verb = "add"

    def dispatch(self, request, *args, **kwargs):
        self.inventory = kwargs.get("inventory", "")
        if self.inventory not in imports.INVENTORIES:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self) -> str:
        return f"{MODEL_NAMES[self.inventory]}.{self.verb}"

    def common_context(self) -> dict:
        spec = imports.INVENTORIES[self.inventory]
        return {
            "inventory": self.inventory,
            "inventory_label": imports.MODELS[self.inventory]._meta.verbose_name_plural,
            "list_url": reverse(f"{MODEL_NAMES[self.inventory]}_list"),
            "spec": spec,
        }


class ImportUploadView(InventoryMixin, TemplateView):
    template_name = "assessment/inventory/import_upload.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.common_context())
        context["form"] = kwargs.get("form") or ImportUploadForm()
        context["recent_jobs"] = selectors.recent_import_jobs(
            self.request.organisation, self.inventory
        )
        return context

    def post(self, request, inventory):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        if jobs.is_large_upload(upload):
            # Reading and previewing it would take seconds: the worker does, the job page
            # follows it and leads to the preview.
            try:
                job = jobs.start_read_job(
                    upload=upload,
                    organisation=request.organisation,
                    user=request.user,
                    inventory=inventory,
                    day_first=form.cleaned_data["day_first"],
                )
            except imports.ImportFileError as error:
                form.add_error("file", error.message)
                return self.render_to_response(self.get_context_data(form=form), status=400)
            except imports.ImportStorageError as error:
                form.add_error("file", error.message)
                return self.render_to_response(self.get_context_data(form=form), status=503)
            return HttpResponseRedirect(job.get_absolute_url())
        try:
            sheet = imports.read_upload(upload)
        except ServiceError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            session = imports.start_import(
                organisation=request.organisation,
                user=request.user,
                inventory=inventory,
                filename=upload.name or "upload",
                sheet=sheet,
                day_first=form.cleaned_data["day_first"],
            )
        except imports.ImportStorageError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form), status=503)
        return HttpResponseRedirect(
            reverse(
                "inventory_import_preview",
                kwargs={"inventory": inventory, "token": session.token},
            )
        )


class ImportPreviewView(HtmxPartialMixin, InventoryMixin, TemplateView):
    template_name = "assessment/inventory/import_preview.html"
    htmx_partial = "preview"

    def dispatch(self, request, *args, **kwargs):
        # Someone else's preview (another user's or organisation's) is a 404 for every
        # role, before the role check, like any object of another organisation.
        member = request.user.is_authenticated and request.membership is not None
        if member and kwargs.get("inventory") in imports.INVENTORIES:
            self.inventory = kwargs["inventory"]
            self.get_session(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_session(self, token):
        session = imports.ImportSession.load(
            token,
            organisation=self.request.organisation,
            user=self.request.user,
            inventory=self.inventory,
        )
        if session is None:
            raise Http404
        return session

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.common_context())
        session = kwargs["session"]
        preview = kwargs.get("preview") or session.preview(self.request.organisation)
        spec = session.spec
        # The taxonomy the preview read the rows with; with a clash in the organisation's
        # taxonomy (reported in the preview's problems) the seed's lists are offered.
        taxonomy = preview.taxonomy or load_taxonomy()
        mapping = preview.mapping
        columns = [
            {
                "index": index,
                "header": header,
                "field": mapping.columns.get(index),
                "ignored": index not in mapping.columns,
            }
            for index, header in enumerate(session.headers)
        ]
        unresolved = []
        for field_key, values in preview.result.unresolved_choices.items():
            field_spec = spec.field(field_key)
            options = list(taxonomy.options(field_spec.choices).items())
            can_add = field_key in imports.TAXONOMY_FIELDS
            for value in values:
                unresolved.append(
                    {
                        "field": field_key,
                        "label": field_spec.label,
                        "value": value,
                        "options": options,
                        "can_add": can_add,
                        "groups": list(taxonomy.options("category_groups").items())
                        if field_key == "subcategory"
                        else [],
                        # A Category value may mean a subcategory ("Markting automaton").
                        "subcategories": [
                            (group.name, [(sub.key, sub.name) for sub in group.subcategories])
                            for group in taxonomy.category_groups
                        ]
                        if field_key == "category"
                        else [],
                    }
                )
        errors = preview.errors
        context.update(
            **self.remembered(session, spec, taxonomy),
            session=session,
            preview=preview,
            columns=columns,
            fields=[(f.key, f.label) for f in spec.fields],
            unknown=mapping.unknown,
            unresolved=unresolved,
            errors=errors[:MAX_ERRORS_SHOWN],
            more_errors=max(0, len(errors) - MAX_ERRORS_SHOWN),
            sample=self.sample(preview, spec, mapping, taxonomy),
            mapped_fields=self.shown_fields(preview, spec, mapping),
            choice_kinds=(FieldKind.CHOICE, FieldKind.MULTI_CHOICE),
            may_add_taxonomy=can(self.request.membership, "taxonomy.add"),
            known_products=preview.catalogue_hints[:MAX_HINTS_SHOWN],
            more_known_products=max(0, len(preview.catalogue_hints) - MAX_HINTS_SHOWN),
        )
        return context

    #: Values the importer infers without a column of their own (the currency of a money
    #: cell or its number format, the category of a subcategory): shown so they can be checked.
    INFERRED = ("category", "subcategory", "currency")

    @staticmethod
    def shown_fields(preview, spec, mapping):
        """The mapped fields, then the inferred ones some row has a value for."""
        keys = list(mapping.field_columns)
        rows = preview.result.rows[:10]
        keys += [
            k
            for k in ImportPreviewView.INFERRED
            if k not in keys and any(k in [f.key for f in spec.fields] and r.get(k) for r in rows)
        ]
        return [spec.field(k) for k in keys]

    @staticmethod
    def remembered(session, spec, taxonomy) -> dict:
        """The remembered mappings applied to this preview, as people read them."""
        labels = {f.key: _(f.label) for f in spec.fields}
        remembered = session.remembered or {}
        values = []
        for field_key, chosen in remembered.get("values", {}).items():
            choices = spec.field(field_key).choices
            names = taxonomy.options(choices) if choices else {}
            if field_key == "category":
                names = {**taxonomy.options("subcategories"), **names}
            for raw, key in chosen.items():
                values.append((labels.get(field_key, field_key), raw, names.get(key, key)))
        return {
            "remembered_columns": [
                (header, labels.get(key) if key else None)
                for header, key in remembered.get("columns", {}).items()
            ],
            "remembered_values": values,
        }

    @staticmethod
    def sample(preview, spec, mapping, taxonomy, limit: int = 10):
        """The first rows as people will see them saved: option names, lists joined."""

        def shown(field_spec, value):
            if value is None or value == "" or value == []:
                return "—"
            values = value if isinstance(value, list) else [value]
            if field_spec.choices:
                names = taxonomy.options(field_spec.choices)
                values = [names.get(v, v) for v in values]
            if isinstance(value, bool):
                return _("yes") if value else _("no")
            return ", ".join(str(v) for v in values)

        keys = ImportPreviewView.shown_fields(preview, spec, mapping)
        rows = zip(preview.result.row_numbers, preview.result.rows, strict=False)
        return [
            (number, [shown(f, row.get(f.key)) for f in keys]) for number, row in list(rows)[:limit]
        ]

    def get(self, request, inventory, token):
        session = self.get_session(token)
        return self.render_to_response(self.get_context_data(session=session))

    def post(self, request, inventory, token):
        session = self.get_session(token)
        if request.POST.get("action") == "cancel":
            imports.cancel_import(session)
            messages.info(request, _("Import cancelled; nothing was changed."))
            return HttpResponseRedirect(self.common_context()["list_url"])
        try:
            if request.POST.get("action") == "forget":  # don't use the remembered mappings
                imports.stop_using_remembered(session)
            else:
                self.update_session(session, request.POST)
        except imports.ImportStorageError as error:
            messages.error(request, error.message)
            context = self.get_context_data(session=session)
            return self.render_to_response(context, status=503)
        refused, preview = False, None
        if request.POST.get("action") == "commit" and jobs.is_large(session.rows):
            # Too long for the request: the worker commits, the job page shows progress.
            job = jobs.start_commit_job(
                session=session, organisation=request.organisation, user=request.user
            )
            return HttpResponseRedirect(job.get_absolute_url())
        if request.POST.get("action") == "commit":
            # Built once: the commit writes from it, a refused one is shown with it.
            preview = session.preview(request.organisation)
            try:
                counts = commit_session(
                    session, request.organisation, request.user, preview=preview
                )
            except ServiceError as error:
                messages.error(request, error.message)
                refused = True
            else:
                messages.success(
                    request,
                    _(
                        "Imported %(file)s: %(created)d added, %(updated)d updated, "
                        "%(unchanged)d unchanged."
                    )
                    % {"file": session.filename, **counts},
                )
                return HttpResponseRedirect(self.common_context()["list_url"])
        context = self.get_context_data(session=session, preview=preview)
        status = 200 if context["preview"].ok or request.POST.get("action") != "commit" else 400
        if refused and context["preview"].ok:
            status = 409  # clean, but another import or edit got there first
        return self.render_to_response(context, status=status)

    def update_session(self, session, data) -> None:
        """Parse the preview form's choices and hand them to the importer."""
        spec_keys = {f.key for f in session.spec.fields}
        columns = {}
        for index in range(len(session.headers)):
            value = data.get(f"column_{index}")
            if value == "":
                columns[index] = None
            elif value in spec_keys:
                columns[index] = value
        may_add = can(self.request.membership, "taxonomy.add")
        values: dict[str, dict[str, str]] = {}
        for key in data:
            if not key.startswith("resolve__"):
                continue
            _prefix, field_key, raw = key.split("__", 2)
            if field_key not in spec_keys:
                continue
            choice = data[key]
            if choice.startswith(imports.ADD) and (
                not may_add or field_key not in imports.TAXONOMY_FIELDS
            ):
                continue
            values.setdefault(field_key, {})[raw] = choice
        day_first = None
        if "day_first" in data:
            day_first = data["day_first"] == "1"
        if "switch_day_first" in data:  # the button of a date-order warning wins
            day_first = data["switch_day_first"] == "1"
        use_catalogue = None
        if "catalogue_option" in data:  # the panel was shown: an unticked box sends nothing
            use_catalogue = data.get("use_catalogue") == "1"
        imports.choose(
            session,
            columns=columns,
            values=values,
            day_first=day_first,
            use_catalogue=use_catalogue,
        )


class ImportJobView(HtmxPartialMixin, InventoryMixin, TemplateView):
    """A background import: its progress (polled by htmx while it runs), then the counts.

    Anyone of the organisation who may import into this inventory may follow it (imports
    change the shared inventory; the list of recent imports on the import page shows them
    all); another organisation's job is a 404 for every role, before the role check.
    """

    template_name = "assessment/inventory/import_job.html"
    htmx_partial = "status"

    def dispatch(self, request, *args, **kwargs):
        member = request.user.is_authenticated and request.membership is not None
        if member and kwargs.get("inventory") in imports.INVENTORIES:
            self.job = selectors.import_job(request.organisation, kwargs["inventory"], kwargs["pk"])
            if self.job is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.common_context())
        context.update(job=self.job, preview_url=self.preview_url())
        return context

    def preview_url(self) -> str | None:
        """The preview to go back to (a failed commit) or on to (a read job done): only for
        the person who started it, as previews are."""
        job = self.job
        if job.source != "web" or job.user_id != self.request.user.pk or not job.token:
            return None
        wanted = job.is_done if job.kind == ImportJobKind.READ else job.is_failed
        if not wanted:
            return None
        return reverse(
            "inventory_import_preview", kwargs={"inventory": job.inventory, "token": job.token}
        )

    def get(self, request, *args, **kwargs):
        if is_htmx(request) and self.job.kind == ImportJobKind.READ:
            url = self.preview_url()
            if url is not None:  # the polled file is read: on to its preview
                return HttpResponseClientRedirect(url)
        return super().get(request, *args, **kwargs)


class ExportView(InventoryMixin, View):
    verb = "view"
    http_method_names = ["get"]

    def get(self, request, inventory):
        file_format = request.GET.get("format", "csv")
        if file_format not in exporters.CONTENT_TYPES:
            file_format = "csv"
        queryset = exporters.queryset_for(inventory, request.organisation)
        filterset = FILTERSETS[inventory](request.GET, queryset=queryset, request=request)
        objects = filterset.qs if filterset.is_valid() else queryset
        content = exporters.export(inventory, objects, file_format)
        response = HttpResponse(content, content_type=exporters.CONTENT_TYPES[file_format])
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="{inventory}-{stamp}.{file_format}"'
        )
        return response
