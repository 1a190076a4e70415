"""`python -m generator new DIR`: a new topic that builds as it is, refuses to overwrite, and
whose self-check is checked the way the engine reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from devtools.site import run_plain as run
from generator import scaffold
from tests.conftest import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("topics") / "mouth-taping"
    made = run("-m", "generator", "new", str(target), "--title", 'Mouth taping: "the facts"', cwd=ROOT)
    assert made.returncode == 0, made.stderr
    return target


@pytest.fixture(scope="module")
def built(topic: Path) -> Path:
    result = run("-m", "mkdocs", "build", "--strict", cwd=topic)
    assert result.returncode == 0, result.stderr
    return topic / "site"


def test_new_writes_a_whole_topic_that_says_it_is_an_example(topic: Path) -> None:
    files = {p.relative_to(topic).as_posix() for p in topic.rglob("*") if p.is_file()}
    for needed in (
        "mkdocs.yml",
        "content/experts.yml",
        "content/sources.yml",
        "content/quotes.yml",
        "content/contacts.yml",
        "content/pages/index.md",
        "content/pages/self-check.md",
        "content/self-check/self-check.json",
        "content/self-check/instruments/example.json",
    ):
        assert needed in files
    assert (topic / "docs").is_dir()
    config = yaml.safe_load((topic / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == 'Mouth taping: "the facts"'
    assert "example" in (topic / "content/pages/index.md").read_text(encoding="utf-8").lower()
    definition = json.loads((topic / "content/self-check/self-check.json").read_text(encoding="utf-8"))
    assert len(definition["outcomes"]) == 2
    instrument = json.loads((topic / "content/self-check/instruments/example.json").read_text(encoding="utf-8"))
    assert 2 <= len(instrument["items"]) <= 3 and len(instrument["cutoffs"]) == 1


def test_the_topic_builds_with_plain_mkdocs_strict(built: Path) -> None:
    page = (built / "self-check" / "index.html").read_text(encoding="utf-8")
    assert 'data-outcome="talk-to-someone"' in page and 'data-outcome="general"' in page
    assert "Consider talking to someone (example result)" in page
    assert "data-quiz-deck" not in page and "data-quiz-remember" not in page  # optional parts left out
    assert (built / "pyodide" / "pyodide.asm.wasm").is_file()
    bundle = json.loads((built / "assets" / "data" / "self-check.json").read_text(encoding="utf-8"))
    assert bundle["ladder"] is None
    boot = json.loads((built / "pyodide" / "boot.json").read_text(encoding="utf-8"))
    assert boot["packages"][0] == "quiz"
    assert (built / "assets" / "kit" / "site.mjs").is_file()
    assert "rejection" not in page.lower()


def test_the_topic_has_its_printed_self_check(topic: Path, built: Path) -> None:
    """Every topic with a self-check gets it on paper, though the scaffold generates nothing
    itself: its questions, its rule with its source, and its example contact."""
    import io

    import pypdf

    definition = json.loads((topic / "content/self-check/self-check.json").read_text(encoding="utf-8"))
    instrument = json.loads((topic / "content/self-check/instruments/example.json").read_text(encoding="utf-8"))
    page = (built / "self-check" / "index.html").read_text(encoding="utf-8")
    for paper in ("a4", "letter"):
        pdf = built / "assets" / "pdf" / f"self-check-on-paper-{paper}.pdf"
        assert page.count(f'href="../assets/pdf/self-check-on-paper-{paper}.pdf"') == 2  # form and failure panel
        text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
        assert definition["paper"]["words"]["title"] in text
        for item in instrument["items"]:
            assert item["text"] in text
        assert "Example score (0–9) is 5 or more" in text and instrument["cutoffs"][0]["source"] in text
        for outcome in definition["outcomes"]:
            assert definition["paper"]["meanings"][outcome["id"]] in text
        assert "555 0100" in text


def test_check_confirms_the_self_check(topic: Path) -> None:
    result = run("-m", "generator", "check", cwd=topic)
    assert result.returncode == 0, result.stderr
    assert "Content OK" in result.stdout
    assert "Self-check OK: 2 outcomes, each with its result text; 1 rule," in result.stdout


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("-m", "generator", "new", str(tmp_path), cwd=ROOT)
    assert result.returncode == 2
    assert "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_refuses_a_file_and_takes_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    refused = run("-m", "generator", "new", str(tmp_path / "a-file"), cwd=ROOT)
    assert refused.returncode == 2 and "is a file" in refused.stderr
    (tmp_path / "empty").mkdir()
    made = run("-m", "generator", "new", str(tmp_path / "empty"), cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_the_generator_starts_new_topics_on_the_pin_this_site_is_tested_with() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["content"] for p in config["plugins"] if isinstance(p, dict) and "content" in p)
    assert (plugin["pyodide"]["version"], plugin["pyodide"]["sha256"]) == (
        scaffold.PYODIDE_VERSION,
        scaffold.PYODIDE_SHA256,
    )


@pytest.mark.parametrize(
    ("breakage", "names"),
    [
        # An outcome whose result text is missing: someone would see an empty box.
        (
            lambda t: (t / "content/fragments/result-general.md").unlink(),
            ["self-check.json", "outcomes[1] ('general').result", "result-general"],
        ),
        # A rule that reads a question that does not exist.
        (
            lambda t: _edit_json(
                t / "content/self-check/instruments/example.json",
                lambda d: d["cutoffs"][0].update(when={"item": "example_9", "min": 2}),
            ),
            ["instruments/example.json", "example-high", "unknown question 'example_9'"],
        ),
        # A rule that leads to an outcome the topic does not have.
        (
            lambda t: _edit_json(
                t / "content/self-check/instruments/example.json",
                lambda d: d["cutoffs"][0].update(role="see-a-doctor"),
            ),
            ["instruments/example.json", "example-high", "'see-a-doctor' is not an outcome"],
        ),
        # A widget word left out.
        (
            lambda t: _edit_json(t / "content/self-check/self-check.json", lambda d: d["page"]["words"].pop("submit")),
            ["self-check.json", "page.words", "submit"],
        ),
    ],
    ids=["missing-result-text", "rule-reads-unknown-item", "unknown-outcome", "missing-word"],
)
def test_check_and_build_name_what_is_wrong_in_the_self_check(tmp_path: Path, breakage, names) -> None:
    target = tmp_path / "topic"
    assert run("-m", "generator", "new", str(target), cwd=ROOT).returncode == 0
    breakage(target)
    for args in (("-m", "generator", "check"), ("-m", "mkdocs", "build", "--strict")):
        result = run(*args, cwd=target)
        assert result.returncode != 0
        for name in names:
            assert name in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (target / "site").exists()


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
