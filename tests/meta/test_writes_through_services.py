"""Every write a person or token makes goes through a service (docs/architecture.md):
views, API views and serializers parse, call a service and render. This test reads their
source and fails on a model write made there directly."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Calls that write a row whatever they are called on (a model instance or a ModelForm).
ALWAYS = {"save", "delete"}
#: Calls that write when made on a manager or a queryset (`dict.update` is not a write).
ON_QUERYSETS = {"create", "update", "bulk_create", "bulk_update", "get_or_create",
                "update_or_create", "delete", "create_user", "create_superuser"}  # fmt: skip
QUERYSET_HINTS = ("objects", "queryset", "filter(", "for_organisation(", "_set", "exclude(")
#: `serializer.save()` dispatches to the serializer's create/update, which this test reads;
#: `self.save(form)` is a generic view's hook, whose body this test reads too.
DISPATCHERS = {"super()", "serializer", "self"}


def http_modules(root: Path) -> list[Path]:
    """View and API modules of every app (tests, migrations and testing helpers aside)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] not in {"core", "assessment"} or {"migrations", "testing"} & set(parts):
            continue
        if "views" in parts or path.stem == "views" or "api" in parts:
            found.append(path)
    return found


def direct_writes(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        name = node.func.attr
        if receiver in DISPATCHERS:
            continue
        is_write = name in ALWAYS or (
            name in ON_QUERYSETS and any(hint in receiver for hint in QUERYSET_HINTS)
        )
        if is_write:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {receiver}.{name}()")
    return found


def test_views_and_api_modules_write_only_through_services():
    writes = [w for path in http_modules(ROOT) for w in direct_writes(path)]
    assert writes == [], "call a service instead:\n" + "\n".join(writes)


def test_the_check_finds_direct_writes(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def post(request, form, tool):\n"
        "    form.save()\n"
        "    Tool.objects.create(name='x')\n"
        "    User.objects.create_user(email='x')\n"
        "    Tool.objects.filter(pk=1).update(name='y')\n"
        "    context.update(a=1)\n"
        "    tool.delete()\n"
        "    super().save()\n"
        "    services.create_tool(name='x')\n"
    )
    assert [w.split(": ", 1)[1] for w in direct_writes(module, tmp_path)] == [
        "form.save()",
        "Tool.objects.create()",
        "User.objects.create_user()",
        "Tool.objects.filter(pk=1).update()",
        "tool.delete()",
    ]
