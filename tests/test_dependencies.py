"""The dependency list in pyproject.toml and the hash-pinned lock that set-up installs agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def _lock(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text()
    assert "--hash=sha256:" in text
    return {canonicalize_name(m[1]): m[2] for m in PIN.finditer(text)}


def _declared(*extras: str) -> list[Requirement]:
    lines = list(PYPROJECT["dependencies"])
    for extra in extras:
        lines += PYPROJECT["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(("lock", "extras"), [("base.txt", ()), ("dev.txt", ("dev",))])
def test_every_declared_dependency_is_locked_at_a_version_its_range_allows(lock, extras):
    pins = _lock(lock)
    for requirement in _declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is declared in pyproject.toml but not in requirements/{lock}"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={pins[name]}, outside pyproject.toml's {requirement}"
        )


def test_every_declared_extra_of_a_dependency_is_locked_too():
    pins = _lock("base.txt")
    # psycopg[binary,pool] → psycopg-binary and psycopg-pool; uvicorn[standard] → its optional servers.
    assert {"psycopg-binary", "psycopg-pool", "httptools", "uvloop", "websockets"} <= pins.keys()


def test_the_test_lock_installs_the_same_versions_as_the_run_lock():
    base, dev = _lock("base.txt"), _lock("dev.txt")
    assert base.keys() <= dev.keys()
    assert {name: dev[name] for name in base} == base


def test_set_up_installs_the_lock_as_a_lock():
    install = (ROOT / "scripts" / "install").read_text()
    assert "--require-hashes --no-deps" in install
    assert "requirements/bootstrap.txt" in install and "pip check" in install
    assert {"pip", "setuptools"} <= _lock("bootstrap.txt").keys()
