"""Our browser wheels: reproducible, and renamed whenever their content changes."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.wheels import build_wheel


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    source = tmp_path / "src" / "tinypkg"
    source.mkdir(parents=True)
    (source / "__init__.py").write_text("VALUE = 1\n")
    sys.path.insert(0, str(source.parent))
    yield source
    sys.path.remove(str(source.parent))
    sys.modules.pop("tinypkg", None)


def test_same_content_same_wheel_and_changed_content_new_name(package: Path, tmp_path: Path) -> None:
    first = build_wheel("tinypkg", "0.1.0", tmp_path / "out")
    first_bytes = first.read_bytes()
    again = build_wheel("tinypkg", "0.1.0", tmp_path / "out")
    assert again.name == first.name and again.read_bytes() == first_bytes

    (package / "__init__.py").write_text("VALUE = 2\n")
    changed = build_wheel("tinypkg", "0.1.0", tmp_path / "out")
    assert changed.name != first.name and changed.name.startswith("tinypkg-0.1.0+")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [changed.name], "old wheels are removed"

    with zipfile.ZipFile(changed) as wheel:
        names = wheel.namelist()
        assert "tinypkg/__init__.py" in names
        version = changed.name.split("-")[1]
        assert f"Version: {version}" in wheel.read(f"tinypkg-{version}.dist-info/METADATA").decode()


def test_two_builds_more_than_two_seconds_apart_are_byte_identical(package: Path, tmp_path: Path) -> None:
    """Zip keeps time in 2-second ticks: a wheel stamped with the clock changes bytes after one."""
    import time

    first = build_wheel("tinypkg", "0.1.0", tmp_path / "one").read_bytes()
    time.sleep(2.2)
    second = build_wheel("tinypkg", "0.1.0", tmp_path / "two").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "two" / next((tmp_path / "two").iterdir()).name) as wheel:
        record = next(name for name in wheel.namelist() if name.endswith("RECORD"))
        assert "tinypkg/__init__.py,sha256=" in wheel.read(record).decode()
