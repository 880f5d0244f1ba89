"""Where a report's content comes from: the live assessment, or a final one's snapshot.

The ORM is read here (and only here) to build the pure report data dict
(`assessment.report.data.build_report_data`). A final assessment is built from its
frozen snapshot — input facts, answers and roadmap — so its report never changes when the
inventory or the answers change afterwards.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation

from assessment.models import Answer, RoadmapItem
from assessment.report.changes import changes_data
from assessment.report.data import AnswerMeta, ReportMeta, RoadmapRow, build_report_data
from assessment.report.render import CHANGES_SECTION, normalise_sections
from assessment.results import inputs, services


def _period(start, end, language: str) -> str:
    """ "Jan. 2026 – Dec. 2026", with the month names of the report's language."""
    start, end = _date(start), _date(end)
    with translation.override(language):
        if start and end:
            return f"{formats.date_format(start, 'N Y')} – {formats.date_format(end, 'N Y')}"
        if start or end:
            return formats.date_format(start or end, "N Y")
    return ""


def _date(value) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _row(values: dict) -> RoadmapRow:
    savings = values.get("savings")
    return RoadmapRow(
        key=values["key"],
        title=values.get("title", ""),
        description=values.get("description", ""),
        step=values.get("step", ""),
        impact=int(values.get("impact") or 2),
        effort=values.get("effort") or "medium",
        priority=int(values.get("priority") or 0),
        horizon=values.get("horizon") or "next",
        status=values.get("status") or "open",
        owner=values.get("owner") or "",
        due_date=_date(values.get("due_date")),
        savings=Decimal(str(savings)) if savings not in (None, "") else None,
        currency=values.get("currency") or None,
        finding_keys=tuple(values.get("finding_keys") or ()),
        messages=values.get("messages") or {},
        edited_fields=tuple(values.get("edited_fields") or ()),
    )


ROW_FIELDS = (
    "key", "title", "description", "step", "impact", "effort", "priority", "horizon",
    "status", "owner", "due_date", "savings", "currency", "finding_keys", "messages",
    "edited_fields",
)  # fmt: skip


def _user_names(ids) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in={i for i in ids if i})
    return {user.pk: user.display_name for user in users}


def _live_parts(assessment, computed=None):
    if computed is None:
        computed = services.ensure_results(assessment)
    items = RoadmapItem.objects.filter(assessment=assessment).order_by("position", "pk")
    roadmap = [_row({name: getattr(item, name) for name in ROW_FIELDS}) for item in items]
    answers = list(
        Answer.objects.filter(assessment=assessment).values(
            "question_key", "note", "answered_by_id", "answered_at"
        )
    )
    names = _user_names(a["answered_by_id"] for a in answers)
    meta = {
        a["question_key"]: AnswerMeta(
            note=a["note"] or "",
            answered_by=names.get(a["answered_by_id"], ""),
            answered_at=a["answered_at"],
        )
        for a in answers
    }
    return computed, roadmap, meta, timezone.localdate()


def _frozen_parts(assessment, snapshot):
    computed = services.evaluate_assessment(assessment)  # the result frozen at finalising
    roadmap = [_row(values) for values in snapshot.data.get("roadmap", [])]
    answers = snapshot.data.get("answers", {})
    if "people" in snapshot.data:  # names as they were when it was finalised
        names = {int(pk): name for pk, name in snapshot.data["people"].items()}
    else:
        names = _user_names(a.get("answered_by") for a in answers.values())
    meta = {
        key: AnswerMeta(
            note=a.get("note") or "",
            answered_by=names.get(a.get("answered_by"), ""),
            answered_at=_date(a.get("answered_at")),
        )
        for key, a in answers.items()
    }
    return computed, roadmap, meta, timezone.localdate(snapshot.created_at)


def report_data_for(assessment, *, language: str = "en", computed=None, sections=None) -> dict:
    """The report content for an assessment, in `language` (JSON-ready dict). `computed`:
    its results, when the caller has just ensured them (`ready.prepare`). With the
    ``changes`` section among `sections`, the data also holds the appendix "Changes since
    the last final assessment" (``changes``), read from the history."""
    snapshot = inputs.snapshot_of(assessment) if assessment.is_final else None
    if snapshot is not None:
        computed, roadmap, answers_meta, generated_on = _frozen_parts(assessment, snapshot)
    else:
        computed, roadmap, answers_meta, generated_on = _live_parts(assessment, computed)
    framework = assessment.framework_version
    # A final assessment prints as it was finalised: its title, period and organisation name.
    frozen = (snapshot.data.get("assessment") or {}) if snapshot is not None else {}
    meta = ReportMeta(
        organisation=frozen.get("organisation") or assessment.organisation.name,
        title=frozen.get("title") or assessment.title,
        period=_period(
            frozen.get("period_start", assessment.period_start),
            frozen.get("period_end", assessment.period_end),
            language,
        ),
        status=assessment.status,
        # The framework's own title in the report's language (the database keeps one).
        framework_title=computed.data.framework.title.get(language) or framework.title,
        framework_version=framework.version,
        generated_on=generated_on,
    )
    report = build_report_data(
        meta=meta,
        data=computed.data,
        result=computed.result,
        roadmap=roadmap,
        answers_meta=answers_meta,
        language=language,
    )
    if CHANGES_SECTION in normalise_sections(sections):
        report["changes"] = changes_data(assessment, language=language)
    return report
