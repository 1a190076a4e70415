"""Honest dependencies: what the code imports is declared in pyproject.toml, what is declared
is used, and requirements.txt pins exactly the declared packages and what they need."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

# Our own importable names: packages of this repository and the test fixtures' modules.
OWN = {
    "generator",
    "quiz",
    "deckpdf",
    "experiments",
    "tests",
    "bench",
    "devtools",
    "tiny_taxonomy",
    "tinypkg",
    "tiny_files",
}
SHIPPED = ("generator", "deckpdf", "quiz", "experiments")
# Declared but never imported, each for a reason that can be checked.
USED_WITHOUT_IMPORT = {
    "mkdocs-material": "theme:\n  name: material",  # mkdocs.yml's theme
    "markdown": "markdown_extensions:",  # Python-Markdown's own extensions, named in mkdocs.yml
    "pymdown-extensions": "- pymdownx.",  # named in mkdocs.yml
    "pytest-playwright": None,  # a pytest plugin: the browser, context and page fixtures
    "pytest-xdist": None,  # a pytest plugin: scripts/test.sh runs the suite on every core
    "ruff": None,  # the linter scripts/test.sh runs
}


def _imports(*folders: str) -> dict[str, set[str]]:
    """Third-party top-level modules imported under the folders, each with the files that do."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN and top != "__future__":
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _distributions(modules: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same, by the distribution that provides each module (canonical name)."""
    providers = metadata.packages_distributions()
    by_distribution: dict[str, set[str]] = {}
    for module, files in modules.items():
        names = providers.get(module)
        assert names, f"{module} (imported by {sorted(files)}) is not installed"
        by_distribution.setdefault(canonicalize_name(names[0]), set()).update(files)
    return by_distribution


@cache
def _project() -> dict[str, list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        "runtime": [Requirement(line) for line in project["dependencies"]],
        "test": [Requirement(line) for line in project["optional-dependencies"]["test"]],
    }


def _names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(requirement.name) for requirement in requirements}


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: {line!r} is not an exact pin"
            pins[canonicalize_name(name)] = version
    return pins


def test_the_shipped_packages_import_only_what_they_declare() -> None:
    undeclared = {
        name: sorted(files)
        for name, files in _distributions(_imports(*SHIPPED)).items()
        if name not in _names(_project()["runtime"])
    }
    assert undeclared == {}, "imported but not in [project] dependencies"


@pytest.mark.parametrize("package", ["quiz", "experiments"])
def test_browser_packages_need_nothing_but_the_standard_library(package: str) -> None:
    """They run in the browser's Python too, where only their own wheels are installed."""
    assert _imports(package) == {}


def test_tests_and_the_benchmark_import_only_what_is_declared() -> None:
    declared = _names(_project()["runtime"]) | _names(_project()["test"])
    undeclared = {
        name: sorted(files)
        for name, files in _distributions(_imports("tests", "bench", "devtools")).items()
        if name not in declared
    }
    assert undeclared == {}, "imported but in neither [project] dependencies nor the test extra"


def test_every_declared_package_is_used() -> None:
    imported = set(_distributions(_imports(*SHIPPED, "tests", "bench", "devtools")))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in _names(_project()["runtime"]) | _names(_project()["test"]):
        if name in imported:
            continue
        assert name in USED_WITHOUT_IMPORT, f"{name} is declared but nothing imports it"
        mark = USED_WITHOUT_IMPORT[name]
        assert mark is None or mark in config, f"{name} is declared for mkdocs.yml, which no longer uses it"


def test_requirements_pin_every_declared_package_inside_its_range() -> None:
    pins = _pins()
    for requirement in _project()["runtime"] + _project()["test"]:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is declared but requirements.txt does not pin it"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} vs {requirement}"


def _closure(requirements: list[Requirement]) -> set[str]:
    """The declared packages and everything they need, from the installed packages' metadata."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = list(requirements)
    while todo:
        requirement = todo.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        for line in metadata.requires(requirement.name) or []:
            needed = Requirement(line)
            extras = requirement.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(needed)
    return {name for name, _ in seen}


def test_requirements_pin_nothing_that_is_not_needed() -> None:
    needed = _closure(_project()["runtime"] + _project()["test"])
    pinned = set(_pins())
    assert sorted(pinned - needed) == [], "pinned, but nothing declared needs it"
    assert sorted(needed - pinned) == [], "needed by a declared package, but not pinned"


def test_the_installed_versions_are_the_pinned_ones() -> None:
    """What the tests run against is what requirements.txt says (scripts/setup.sh installs it)."""
    wrong = {
        name: (version, metadata.version(name))
        for name, version in _pins().items()
        if metadata.version(name) != version
    }
    assert wrong == {}, "pinned vs installed"


def _own_imports(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_the_benchmark_and_devtools_import_nothing_from_tests() -> None:
    """What both use lives in devtools/, so bench runs without the test suite and its fixtures."""
    found = {
        str(path.relative_to(ROOT)): sorted(m for m in _own_imports(path) if m.split(".")[0] == "tests")
        for folder in ("bench", "devtools")
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    assert {file: modules for file, modules in found.items() if modules} == {}


def test_test_modules_import_no_other_test_module_and_no_conftest_of_the_browser() -> None:
    """Shared helpers live in helper modules (tests/browser/helpers.py, quizflow.py, devtools/),
    not in a test module or a conftest that other modules import: a change to one test file
    should not break another's imports."""
    found = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _own_imports(path) if m.rsplit(".", 1)[-1].startswith("test_") or m == "tests.browser.conftest"
        )
        for path in sorted((ROOT / "tests").rglob("*.py"))
    }
    assert {file: modules for file, modules in found.items() if modules} == {}
