"""The lock file covers every dependency, and CI's production smoke runs the README's steps."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_every_declared_dependency_is_locked_at_a_version_it_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = _locked()
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in constraints.txt (run make lock)"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"constraints.txt pins {requirement.name}=={locked[name]}, outside {requirement}"
        )


def test_the_production_smoke_runs_the_readmes_production_steps():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Production deployment", 1)[1].split("```bash", 1)[1].split("```")[0]
    script = (ROOT / "scripts" / "production-smoke").read_text()
    commands = [
        re.sub(r"\s+#.*$", "", line).strip()
        for line in block.splitlines()
        if line.strip().startswith((".venv/", "python3"))
    ]
    assert len(commands) >= 6
    for command in commands:
        program = command.split(" --bind")[0]  # the smoke binds its own port
        assert program.replace("python3.12", "$PYTHON") in script, command
