"""Writes of the questionnaire: frameworks, answers and notes (and copying them from a
previous assessment).

Answers use optimistic concurrency: every save names the version it was based on, and the
write is a conditional UPDATE … WHERE version = base_version (or an INSERT when nothing was
stored yet, where the unique constraint settles a race). Zero rows affected means a newer
version was saved first (by someone else, or by the same user in another tab or on another
device): `AnswerConflict` carries the stored answer so the user can choose. Every save
also locks the assessment row (as finalising does), so none lands after the snapshot.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Answer, Assessment, AssessmentStatus, FrameworkVersion
from assessment.questionnaire_core import (
    NA,
    AnswerError,
    diff_frameworks,
    load_default_framework,
    load_framework_text,
    validate_answer,
)
from assessment.questionnaire_core import cache as framework_cache
from assessment.questionnaire_core.loader import DEFAULT_FRAMEWORK_PATH
from assessment.questionnaire_core.schema import MULTIPLE_CHOICE
from core.history import recording
from core.services import ServiceError, ServiceForbidden

NOTE_MAX_LENGTH = 5000


class AnswerInvalid(ServiceError):
    """The answer does not fit its question (message for the user)."""


class AssessmentFinal(ServiceForbidden):
    """The assessment is final (read-only): the pages and the API answer 403."""


class AnswerConflict(Exception):
    """A newer version was saved since `base_version` (by anyone, the same user in another
    tab too); `current` is the stored answer."""

    def __init__(self, current: Answer | None, field: str = "value"):
        self.current = current
        self.field = field
        super().__init__(f"stale {field} save")


# -- frameworks ----------------------------------------------------------------------------


def _previous(key: str, organisation) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.for_organisation(organisation)
        .filter(key=key)
        .order_by("-version", "-pk")
        .first()
    )


@transaction.atomic
def load_framework_version(
    *, text: str, filename: str = "<upload>", organisation=None, user=None
) -> FrameworkVersion:
    """Validate and store a framework file; nothing is stored when anything is wrong.

    Raises `FrameworkError` (every issue of the file) or `ServiceError` (e.g. the version
    is not newer than the one already loaded).
    """
    framework = load_framework_text(text, filename=filename)
    previous = _previous(framework.key, organisation)
    if organisation is None:
        latest = FrameworkVersion.objects.filter(organisation__isnull=True, key=framework.key)
    else:
        latest = FrameworkVersion.objects.for_organisation(organisation).filter(key=framework.key)
    highest = latest.aggregate(v=Max("version"))["v"]
    if highest is not None and framework.version <= highest:
        raise ServiceError(
            _(
                "Version %(version)s of “%(key)s” is not newer than the version already "
                "loaded (%(highest)s). Raise `version` in the file and upload it again."
            )
            % {"version": framework.version, "key": framework.key, "highest": highest}
        )
    changes = []
    if previous is not None:
        changes = diff_frameworks(previous.framework, framework)
    version = FrameworkVersion.objects.create(
        organisation=organisation,
        key=framework.key,
        version=framework.version,
        title=framework.title.en[:300],
        source=text,
        content_hash=framework.content_hash,
        changes=changes,
        created_by=user,
    )
    framework_cache.remember(framework)
    return version


def ensure_default_framework() -> FrameworkVersion:
    """Register the built-in default framework once (idempotent, safe to call anywhere)."""
    framework = load_default_framework()
    existing = FrameworkVersion.objects.filter(
        organisation__isnull=True, key=framework.key, version=framework.version
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return load_framework_version(
                text=DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8"),
                filename=DEFAULT_FRAMEWORK_PATH.name,
            )
    except (IntegrityError, ServiceError):
        # Registered concurrently, or a newer built-in version exists already.
        return FrameworkVersion.objects.get(
            organisation__isnull=True, key=framework.key, version=framework.version
        )


def final_refused() -> AssessmentFinal:
    return AssessmentFinal(_("This assessment is final and cannot be changed."))


# -- answers -------------------------------------------------------------------------------


def _question(assessment: Assessment, question_key: str):
    try:
        return assessment.framework.question(question_key)
    except KeyError:
        raise ServiceError(_("This question is not part of the assessment.")) from None


def _ensure_open(assessment: Assessment) -> None:
    """Lock the assessment row and refuse when it is final (call inside a transaction).

    Finalising locks the same row for update, so a save either commits before finalising
    reads the answers (and is in the snapshot) or waits and then sees the final status.
    """
    if shared_status(assessment) in (None, AssessmentStatus.FINAL):
        raise final_refused()


def shared_status(assessment: Assessment) -> str | None:
    """The assessment's status, its row locked FOR SHARE until the transaction ends.

    Saves of answers (and the storing of computed results) only need the assessment not to
    be finalised under them: a shared lock keeps ``finalise`` (FOR UPDATE) out while letting
    fifty autosaves of one assessment run side by side — an exclusive lock queued them one
    behind the other, and behind every recomputation. SQLite has no row locks (one writer at
    a time), so there the status is simply read.
    """
    in_transaction = transaction.get_connection().in_atomic_block
    if connection.vendor != "postgresql" or not in_transaction:
        rows = Assessment.objects.filter(pk=assessment.pk)
        if in_transaction:
            rows = rows.select_for_update()
        return rows.values_list("status", flat=True).first()
    table = connection.ops.quote_name(Assessment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM {table} WHERE id = %s FOR SHARE", [assessment.pk])
        row = cursor.fetchone()
    return row[0] if row else None


def _current(assessment: Assessment, question_key: str) -> Answer | None:
    return (
        Answer.objects.select_related("answered_by", "note_by")
        .filter(assessment=assessment, question_key=question_key)
        .first()
    )


def clean_answer(question, raw_value, na: bool = False):
    """(stored value, is_na) for a raw answer, or AnswerInvalid with a message."""
    if na:
        if not question.allow_na:
            raise AnswerInvalid(_("This question cannot be answered “not applicable”."))
        return None, True
    if question.type == MULTIPLE_CHOICE and raw_value in ([], ()):
        return None, False
    try:
        value = validate_answer(question, raw_value)
    except AnswerError as error:
        # The framework layer raises an English template (marked with gettext_noop) and its
        # params; translate the template here and fill it in.
        raise AnswerInvalid(error.format(_(error.template))) from None
    if value is NA:
        return None, True
    return value, False


def clean_note(note: str | None) -> str:
    """The stored form of a note, or AnswerInvalid with a message."""
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise AnswerInvalid(
            _("Please keep notes to %(limit)s characters at most.") % {"limit": NOTE_MAX_LENGTH}
        )
    return note


def _conditional_write(
    *,
    assessment: Assessment,
    question_key: str,
    base_version: int,
    version_field: str,
    changes: dict,
) -> None:
    """UPDATE … WHERE version = base; INSERT when nothing is stored; else AnswerConflict.

    The UPDATE is recorded in the change history here (signals see only the INSERT): the
    row as it was at `base_version` is read first, locked, for the old values."""
    with transaction.atomic():
        stored = Answer.objects.filter(
            assessment=assessment, question_key=question_key, **{version_field: base_version}
        )
        # Only the answer row, by its key: Answer's default ordering joins the assessment,
        # and FOR UPDATE would then lock that row too, which every save holds FOR SHARE
        # (`_ensure_open`) — two saves of one question deadlocked on it.
        before = stored.order_by("pk").select_for_update(of=("self",)).first()
        updated = stored.update(
            **changes, **{version_field: F(version_field) + 1}, updated_at=timezone.now()
        )
        if updated:
            if before is not None:
                _record_update(assessment, before, changes)
            return
        if base_version != 0:
            raise AnswerConflict(None, field=version_field)
        try:
            with transaction.atomic():
                Answer.objects.create(
                    organisation_id=assessment.organisation_id,
                    assessment=assessment,
                    question_key=question_key,
                    **changes,
                    **{version_field: 1},
                )
        except IntegrityError:
            raise AnswerConflict(None, field=version_field) from None


def _record_update(assessment: Assessment, answer: Answer, changes: dict) -> None:
    """The history entry of a conditional UPDATE (value/is_na or note, old → new)."""
    old = recording.values_of(answer)
    for name, value in changes.items():
        setattr(answer, name, value)
    answer.assessment = assessment  # its name is the entry's text (no query)
    recording.record_changes(Answer, [(answer, recording.diff(old, recording.values_of(answer)))])


#: The version counter of each versioned part of an answer.
VERSION_FIELDS = {"value": "version", "note": "note_version"}


def _save_versioned(
    *, assessment: Assessment, question_key: str, base_version, field: str, changes: dict
) -> Answer:
    """Write one versioned part (`field`: "value" or "note") of an answer and return the
    stored answer; AnswerConflict carries it when a newer version was saved first."""
    _ensure_open(assessment)
    try:
        _conditional_write(
            assessment=assessment,
            question_key=question_key,
            base_version=int(base_version),
            version_field=VERSION_FIELDS[field],
            changes=changes,
        )
    except AnswerConflict:
        # Whoever wrote the newer version, this user too (another tab, another device):
        # never overwrite it silently; they choose "keep mine" or "use theirs".
        raise AnswerConflict(_current(assessment, question_key), field=field) from None
    return _current(assessment, question_key)


@transaction.atomic
def save_answer(
    *,
    assessment: Assessment,
    question_key: str,
    raw_value,
    na: bool = False,
    base_version: int,
    user,
) -> Answer:
    """Store an answer unless a newer version was saved since `base_version`
    (AnswerConflict), by anyone: the same user in another tab or on another device too."""
    question = _question(assessment, question_key)
    value, is_na = clean_answer(question, raw_value, na)
    return _save_versioned(
        assessment=assessment,
        question_key=question_key,
        base_version=base_version,
        field="value",
        changes={
            "value": value,
            "is_na": is_na,
            "answered_by": user,
            "answered_at": timezone.now(),
        },
    )


@transaction.atomic
def save_note(
    *, assessment: Assessment, question_key: str, note: str, base_version: int, user
) -> Answer:
    """Store a note with the same stale-save rule as answers (its own version counter)."""
    _question(assessment, question_key)
    note = clean_note(note)
    return _save_versioned(
        assessment=assessment,
        question_key=question_key,
        base_version=base_version,
        field="note",
        changes={"note": note, "note_by": user, "note_at": timezone.now()},
    )


@transaction.atomic
def start_from_previous(*, assessment: Assessment, previous: Assessment, user=None) -> int:
    """Copy the previous assessment's answers and notes into `assessment` — only for question
    keys its framework has; returns how many were copied. Never overwrites an answer."""
    _ensure_open(assessment)
    if previous.organisation_id != assessment.organisation_id:
        raise ServiceError(_("Pick an assessment of your organisation."))
    keys = {q.key for q in assessment.framework.questions()}
    taken = set(Answer.objects.filter(assessment=assessment).values_list("question_key", flat=True))
    now = timezone.now()
    rows = [
        Answer(
            organisation_id=assessment.organisation_id,
            assessment=assessment,
            question_key=a.question_key,
            value=a.value,
            is_na=a.is_na,
            version=1,
            answered_by=user,
            answered_at=now,
            note=a.note,
            note_version=1 if a.note else 0,
            note_by=user if a.note else None,
            note_at=now if a.note else None,
        )
        for a in Answer.objects.filter(assessment=previous).order_by("question_key")
        if a.question_key in keys and a.question_key not in taken and a.has_answer
    ]
    Answer.objects.bulk_create(rows)
    if rows and rows[0].pk is None:  # a database that returns no ids from a bulk insert
        ids = dict(
            Answer.objects.filter(
                assessment=assessment, question_key__in=[r.question_key for r in rows]
            ).values_list("question_key", "pk")
        )
        for row in rows:
            row.pk = ids[row.question_key]
    recording.record_created(Answer, rows)  # bulk_create sends no signals
    return len(rows)


# -- many answers at once (the API's bulk upsert) ------------------------------------------

MAX_BATCH = 500


@dataclass(frozen=True)
class AnswerRow:
    """One row of a batch. `has_value`: the row writes the answer (value or N/A);
    `note` None: the row leaves the note alone."""

    question_key: str
    value: object = None
    na: bool = False
    has_value: bool = True
    base_version: int = 0
    note: str | None = None
    note_base_version: int = 0


@dataclass(frozen=True)
class RowProblem:
    index: int  # 0-based position in the batch
    field: str
    message: str
    current: Answer | None = None  # the stored answer, for conflicts


class AnswerBatchError(Exception):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} row(s) refused")


class AnswerBatchInvalid(AnswerBatchError):
    """Some rows are invalid (unknown question, value, note, duplicate): nothing written."""


class AnswerBatchConflict(AnswerBatchError):
    """Some rows are based on a stale version: nothing written; `current` on each problem."""


def check_answer_rows(*, assessment: Assessment, rows: list[AnswerRow]) -> list[RowProblem]:
    """Every problem of every row, without writing anything."""
    problems: list[RowProblem] = []
    if len(rows) > MAX_BATCH:
        return [RowProblem(MAX_BATCH, "question_key", _too_many_rows())]
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        try:
            question = assessment.framework.question(row.question_key)
        except KeyError:
            problems.append(
                RowProblem(index, "question_key", _("This question is not part of the assessment."))
            )
            continue
        if row.question_key in seen:
            problems.append(
                RowProblem(
                    index,
                    "question_key",
                    _("This question is already in the batch (index %(index)d).")
                    % {"index": seen[row.question_key]},
                )
            )
            continue
        seen[row.question_key] = index
        if row.has_value:
            try:
                clean_answer(question, row.value, row.na)
            except AnswerInvalid as error:
                problems.append(RowProblem(index, "value", " ".join(error.messages)))
        if row.note is not None:
            try:
                clean_note(row.note)
            except AnswerInvalid as error:
                problems.append(RowProblem(index, "note", " ".join(error.messages)))
    return problems


def _too_many_rows() -> str:
    return _("A batch holds at most %(limit)d answers.") % {"limit": MAX_BATCH}


@contextmanager
def _collect_conflict(conflicts: list[RowProblem], index: int, field: str):
    """A stale row of a batch is noted, not raised, so every stale row is reported."""
    try:
        yield
    except AnswerConflict as conflict:
        conflicts.append(_conflict(index, field, conflict))


def save_answers(*, assessment: Assessment, rows: list[AnswerRow], user) -> list[Answer]:
    """All rows or none, each through `save_answer`/`save_note` (the same stale-version rule).

    Raises AnswerBatchInvalid (every invalid row) before writing anything, and
    AnswerBatchConflict (every stale row, with the stored answer) after rolling back.
    """
    problems = check_answer_rows(assessment=assessment, rows=rows)
    if problems:
        raise AnswerBatchInvalid(problems)
    conflicts: list[RowProblem] = []
    with transaction.atomic():
        _ensure_open(assessment)
        for index, row in enumerate(rows):
            common = {"assessment": assessment, "question_key": row.question_key, "user": user}
            if row.has_value:
                with _collect_conflict(conflicts, index, "base_version"):
                    save_answer(
                        **common, raw_value=row.value, na=row.na, base_version=row.base_version
                    )
            if row.note is not None:
                with _collect_conflict(conflicts, index, "note_base_version"):
                    save_note(**common, note=row.note, base_version=row.note_base_version)
        if conflicts:
            raise AnswerBatchConflict(conflicts)  # leaving the block rolls everything back
    keys = [row.question_key for row in rows]
    stored = Answer.objects.select_related("answered_by", "note_by").filter(
        assessment=assessment, question_key__in=keys
    )
    by_key = {answer.question_key: answer for answer in stored}
    return [by_key[key] for key in keys if key in by_key]


def _conflict(index: int, field: str, conflict: AnswerConflict) -> RowProblem:
    current = conflict.current
    version = 0
    if current is not None:
        version = current.version if field == "base_version" else current.note_version
    return RowProblem(
        index,
        field,
        _("Someone else saved this since the version you started from; it is now version %(v)d.")
        % {"v": version},
        current=current,
    )
