"""`python -m generator export DIR`: a plain MkDocs project that builds without the content plugin."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from devtools.site import build_site
from generator import csp, early_links, headers_file, html_fixes, offline
from generator.precompress import is_sibling
from tests.conftest import ROOT, overlay, run_python, tree_digest

pytestmark = pytest.mark.build

# Run inside the export: our packages are made unimportable, so a build that still needed
# the generator (or the quiz, or the PDF code) fails instead of quietly finding them.
WITHOUT_OUR_PACKAGES = (
    "import sys\n"
    "for name in ('generator', 'quiz', 'deckpdf'):\n"
    "    sys.modules[name] = None\n"
    "sys.argv = ['mkdocs', 'build', '--strict']\n"
    "from mkdocs.__main__ import cli\n"
    "cli()\n"
)


def build_without_our_packages(project: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_OUR_PACKAGES],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def site_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir() if ".export-" in path.name)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Reuse the runtime already fetched by setup; the export still checks its sha256 pin.
    target = tmp_path_factory.mktemp("export") / "plain-site"
    result = run_python("-m", "generator", "export", str(target), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert leftovers(target.parent) == []
    return target


@pytest.fixture(scope="module")
def export_built(exported: Path) -> Path:
    result = build_without_our_packages(exported)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return exported / "site"


@pytest.fixture(scope="module")
def normal_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("normal") / "site")


def test_the_exported_config_names_no_plugin_of_ours(exported: Path) -> None:
    text = (exported / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert config["plugins"] == ["search"]
    assert config["docs_dir"] == "docs"
    assert config["theme"]["name"] == "material"
    assert config["theme"]["custom_dir"] == "overrides"
    assert "watch" not in config
    # Only the header comment may name the generator; no setting does.
    assert not re.search(r"\b(generator|deckpdf|content_dir|pyodide)\b", json.dumps(config))
    # The plugin's theme partial travels with the export.
    assert (exported / "overrides/partials/search.html").is_file()


def test_every_page_is_markdown_with_its_helpers_expanded(exported: Path) -> None:
    pages = sorted(path.name for path in (ROOT / "content/pages").glob("*.md"))
    assert sorted(path.name for path in (exported / "docs").glob("*.md")) == pages
    for name in pages:
        markdown = (exported / "docs" / name).read_text(encoding="utf-8")
        assert markdown.startswith("---\n{")
        assert "{{" not in markdown and "{%" not in markdown, f"{name} still holds a Jinja helper"


def test_the_export_builds_every_file_of_a_normal_build(export_built: Path, normal_built: Path) -> None:
    # Except the files for hosts the plugin writes after a build: the precompressed siblings
    # and _headers (a plain MkDocs build has no step that would keep them true). MkDocs writes
    # sitemap.xml.gz itself. Nor the service worker: its list holds the sha256 of our own
    # pages, which another engine's pages would never match.
    for_hosts = {
        name
        for name in site_files(normal_built)
        if (is_sibling(name) and name != "sitemap.xml.gz") or name in (headers_file.NAME, offline.SERVICE_WORKER)
    }
    assert headers_file.NAME in for_hosts and "index.html.br" in for_hosts and "sw.js" in for_hosts
    assert site_files(export_built) == site_files(normal_built) - for_hosts


def test_the_export_builds_the_same_pages(export_built: Path, normal_built: Path) -> None:
    """Byte for byte but for what only the plugin does to finished HTML: where the policy
    sits in <head>, the two repairs of the theme's markup (see html_fixes), the app's tags
    (the manifest link, and the notice of the offline copy, which the export does not keep),
    the head's early link rewrite (see early_links: a speed-up, not a feature), and the
    headings' permanent links, which the export keeps as toc writes them, with the result
    headings' mark for mkdocs-material's search, which another engine's search would not read
    (see permalinks)."""

    def comparable(html: str) -> list[str]:
        html = re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", html_fixes.repair(html))
        html = re.sub(r'<link rel="manifest"[^>]*>|<meta name="theme-color"[^>]*>', "", html)
        html = re.sub(r'<div class="offline-update".*?</div>', "", html, flags=re.S)
        html = html.replace(early_links.SCRIPT, "")
        html = re.sub(r'(<h[1-6]) data-search-exclude=""', r"\1", html)
        html = re.sub(
            r'<a (?:aria-label="[^"]*" )?class="headerlink" href="#[^"]*"(?: title="[^"]*")?>&para;</a>', "", html
        )
        return [line.rstrip() for line in html.splitlines() if line.strip()]

    pages = sorted(normal_built.rglob("*.html"))
    assert len(pages) >= 16
    for page in pages:
        name = page.relative_to(normal_built)
        exported = (export_built / name).read_text(encoding="utf-8")
        assert comparable(exported) == comparable(page.read_text(encoding="utf-8")), name


def test_pdfs_and_the_runtime_come_along(export_built: Path, normal_built: Path) -> None:
    pdfs = sorted((export_built / "assets/pdf").glob("*.pdf"))
    assert len(pdfs) == len(list((normal_built / "assets/pdf").glob("*.pdf"))) == 6
    for pdf in pdfs:
        assert pdf.read_bytes() == (normal_built / "assets/pdf" / pdf.name).read_bytes()
    wasm = export_built / "pyodide/pyodide.asm.wasm"
    assert wasm.read_bytes()[:4] == b"\0asm"
    for name in ("pyodide-lock.json", "boot.json", "pyodide.mjs"):
        assert (export_built / "pyodide" / name).read_bytes() == (normal_built / "pyodide" / name).read_bytes()
    assert (export_built / "assets/data/cards.json").read_bytes() == (
        normal_built / "assets/data/cards.json"
    ).read_bytes()


def test_the_self_assessment_carries_its_form(exported: Path, export_built: Path) -> None:
    form = '<form class="quiz-form" id="quiz-form"'
    assert form in (exported / "docs/self-assessment.md").read_text(encoding="utf-8")
    html = (export_built / "self-assessment/index.html").read_text(encoding="utf-8")
    assert form in html and 'name="phq9_9"' in html


def test_every_exported_page_keeps_the_policy_and_it_covers_every_inline_script(
    export_built: Path, normal_built: Path
) -> None:
    meta = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
    hashes = re.compile(r"'sha256-[^']+'")
    # The plugin lists each page's own inline scripts; the export's one template lists them all.
    shipped: set[str] = set()
    for page in normal_built.rglob("*.html"):
        found = meta.search(page.read_text(encoding="utf-8"))
        assert found is not None, page
        shipped |= set(hashes.findall(found.group(1)))
    policies = set()
    for page in export_built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = meta.search(html)
        assert found, f"{page}: no policy first in <head>"
        policies.add(found.group(1))
        allowed = set(hashes.findall(found.group(1)))
        assert allowed == shipped, page
        assert csp.template_script_hashes(html) <= allowed, f"{page}: an inline script the policy blocks"
    assert len(policies) == 1, "every exported page carries the one policy of the template"


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    before = tree_digest(tmp_path)
    result = run_python("-m", "generator", "export", str(target), cwd=ROOT)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not empty" in result.stderr and str(target) in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(tmp_path) == before


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("mine", encoding="utf-8")
    result = run_python("-m", "generator", "export", str(target), cwd=ROOT)
    assert result.returncode == 2 and "not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_broken_content_leaves_no_half_written_export(tiny_topic: Path, tmp_path: Path) -> None:
    overlay(tiny_topic, "unknown-source")
    target = tmp_path / "out"
    result = run_python("-m", "generator", "export", str(target), cwd=tiny_topic)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "quotes.yml" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == f"Error: the build failed, so nothing was written to {target}"
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_second_topic_exports_into_an_empty_folder_and_builds(tiny_topic: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    result = run_python("-m", "generator", "export", str(target), cwd=tiny_topic)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "plugins" in yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    built = build_without_our_packages(target)
    assert built.returncode == 0, built.stdout + built.stderr
    index = (target / "site/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in index
    assert (target / "site/sources/index.html").is_file()


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_an_interrupted_export_leaves_nothing_behind(tmp_path: Path, signame: str) -> None:
    import signal
    import time

    target = tmp_path / "plain-site"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    export = subprocess.Popen(
        [sys.executable, "-m", "generator", "export", str(target)], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    # Signal while the build runs: once the staging folder exists, the build has seconds of work
    # ahead (content, wheels, the PDFs). Waiting for the capture build's own site folder was
    # too late once the runtime stopped being copied: the export sometimes finished first.
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".plain-site.export-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(tmp_path.glob(".plain-site.export-*")), "the export never started"
    time.sleep(0.3)
    os.killpg(export.pid, getattr(signal, signame))
    out, err = export.communicate(timeout=60)
    assert export.returncode == 130, out + err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"Export interrupted; nothing was written to {target}."
    assert list(tmp_path.iterdir()) == []
