"""A real `mkdocs build --strict` in a temporary folder, for our site and for a tiny second topic."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.pyodide_runtime import RuntimePin
from tests.conftest import ROOT, pinned_pyodide, run_python

pytestmark = pytest.mark.build

PAGES = [
    "index.html", "what-it-is/index.html", "vs-exposure/index.html", "benefits/index.html",
    "risks/index.html", "see-a-professional/index.html", "try-safely/index.html",
    "self-assessment/index.html", "deck/index.html", "experts-sources/index.html", "about/index.html",
    "social-anxiety/index.html", "after-a-hard-no/index.html", "worried-about-someone/index.html",
    "under-18/index.html", "experiments/index.html",
]  # fmt: skip


def plugin_pin() -> RuntimePin:
    pyodide = pinned_pyodide()
    return RuntimePin(version=pyodide["version"], sha256=pyodide["sha256"], packages=tuple(pyodide["packages"]))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "content", "docs", "generator", "quiz", "experiments", "deckpdf"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    # Reuse the runtime already fetched by setup; the build still checks its sha256 pin.
    result = run_python("-m", "mkdocs", "build", "--strict", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return project / "site"


def test_every_page_is_built(built: Path) -> None:
    for page in PAGES:
        html = (built / page).read_text(encoding="utf-8")
        assert "<h1" in html, page
        assert '<h2 id="sources">Sources' in html or page == "experts-sources/index.html", (
            f"{page} does not end with its sources"
        )


def test_every_page_shows_its_review_at_its_foot(built: Path) -> None:
    review = re.compile(
        r'<p class="page-review">Last reviewed: \d{1,2} [A-Z][a-z]+ \d{4} · Next review due: \d{1,2} [A-Z][a-z]+ \d{4}'
        r" · Reviewed by: [^<]+</p>"
    )
    for page in PAGES:
        html = (built / page).read_text(encoding="utf-8")
        found = review.search(html)
        assert found, f"{page} does not show its review dates"
        assert html.rfind("<h2", 0, found.start()) >= html.rfind('<h2 id="sources">'), page
        assert "<h2" not in html[found.end() : html.index("</article>")], f"{page}: the review is not at the foot"


def test_no_external_origins_in_html(built: Path) -> None:
    for page in PAGES:
        html = (built / page).read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
        for tag in ('<script src="http', '<link href="http', 'stylesheet" href="http'):
            assert tag not in html, f"{page} loads something from another origin"


def test_comparison_table_and_figure(built: Path) -> None:
    html = (built / "vs-exposure/index.html").read_text(encoding="utf-8")
    assert "<table>" in html and "Exposure therapy" in html
    assert '<figure class="content-figure" id="figure-fear-ladder">' in html and "<svg" in html


def test_quiz_form_rendered_from_items(built: Path) -> None:
    import json

    from quiz import questionnaire

    html = (built / "self-assessment/index.html").read_text(encoding="utf-8")
    items = [item for section in questionnaire()["sections"] for item in section["items"]]
    for item in items:
        assert f'data-item="{item["id"]}"' in html
    assert len(re.findall(r'<fieldset[^>]*class="quiz-item', html)) == len(items)
    cards = json.loads((built / "assets/data/cards.json").read_text())
    assert len(cards["cards"]) >= 60


def test_permanent_links_are_named_and_the_result_headings_have_none(built: Path) -> None:
    """The result's headings are hidden until they are the reader's, so a link to one leads
    nowhere, and each cost a keyboard user a stop; every other heading's link is named for its
    heading instead of titled, so the theme mounts no tooltip for it (generator/permalinks.py)."""
    html = (built / "self-assessment/index.html").read_text(encoding="utf-8")
    start = html.index("data-quiz-result")
    result = html[start : html.index("</section>", start)]
    assert result.count("<h3") >= 5 and 'id="quiz-result-heading"' in result
    assert "headerlink" not in result
    # The rest of the page keeps them, named for their heading rather than titled (the theme
    # mounts a tooltip for every titled element as a page loads).
    assert html.count('class="headerlink"') >= 3
    assert 'aria-label="Permanent link: How it works" class="headerlink" href="#how-it-works"' in html
    assert 'title="Permanent link"' not in html


def test_search_finds_the_self_check_but_none_of_its_hidden_results(built: Path) -> None:
    """A search hit on a result's text would lead to a section that stays hidden until it is
    the reader's result. The questions stay searchable, and crisis help is still found, on the
    pages that show it."""
    import json

    html = (built / "self-assessment/index.html").read_text(encoding="utf-8")
    start = html.index("data-quiz-result")
    result_ids = set(re.findall(r'<h[1-6][^>]* id="([^"]+)"', html[start : html.index("</section>", start)]))
    assert len(result_ids) >= 6
    docs = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    found = {doc["location"] for doc in docs}
    assert not {f"self-assessment/#{anchor}" for anchor in result_ids} & found
    assert "self-assessment/#quiz-section-phq9_item9" in found
    crisis = [doc["location"] for doc in docs if "samaritans" in doc["text"].lower()]
    assert any(not location.startswith("self-assessment/") for location in crisis), crisis


def test_the_experiments_page_and_its_data_are_built(built: Path) -> None:
    page = (built / "experiments" / "index.html").read_text(encoding="utf-8")
    assert "data-experiment-log" in page and 'id="log-predicted_no"' in page
    shipped = built / "assets" / "data" / "experiments" / "report.json"
    assert shipped.read_bytes() == (ROOT / "content" / "experiments" / "report.json").read_bytes()
    assert (built / "assets" / "kit" / "experiments.mjs").is_file()


def test_static_pdfs_built(built: Path) -> None:
    for name in (
        "complete-deck-a4",
        "complete-deck-letter",
        "fear-ladder-worksheet-a4",
        "fear-ladder-worksheet-letter",
        "self-check-on-paper-a4",
        "self-check-on-paper-letter",
    ):
        assert (built / "assets/pdf" / f"{name}.pdf").read_bytes().startswith(b"%PDF-")


def test_the_printed_self_check_is_linked_from_the_quiz_and_its_failure_panel(built: Path) -> None:
    """Both paper sizes, in the failure panel (shown when the engine cannot run) and under the
    form, as Markdown links that --strict resolved to the built files."""
    page = (built / "self-assessment" / "index.html").read_text(encoding="utf-8")
    failure = page[page.index("data-quiz-failure") : page.index("data-quiz-errors")]
    after_form = page[page.index("</form>") : page.index("data-quiz-result")]
    for part in (failure, after_form):
        for paper in ("a4", "letter"):
            link = f'href="../assets/pdf/self-check-on-paper-{paper}.pdf"'
            assert link in part, paper
            assert (built / "assets/pdf" / f"self-check-on-paper-{paper}.pdf").is_file()


def test_generated_pages_are_not_in_docs() -> None:
    assert not list((ROOT / "docs").rglob("*.md")), "pages are generated from content/, never kept in docs/"


def test_tiny_second_topic_builds(tiny_topic: Path) -> None:
    result = run_python("-m", "mkdocs", "build", "--strict", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    index = (tiny_topic / "site/index.html").read_text(encoding="utf-8")
    assert "Patience is the main ingredient." in index
    assert "Ada Crumb, MSc" in index
    assert '<a href="tel:5550100"><strong>555 0100</strong></a>' in index, "help contacts are tappable"
    sources = (tiny_topic / "site/sources/index.html").read_text(encoding="utf-8")
    assert 'id="src-bread-guide"' in sources and 'id="expert-baker"' in sources
    assert "rejection" not in (index + sources).lower()


def test_a_flipped_byte_in_the_cached_wasm_never_reaches_the_site(tmp_path: Path) -> None:
    """The cache is re-verified on every build: a damaged file is fetched again, with one note."""
    import hashlib
    import json

    from generator.precompress import CACHE_FOLDER
    from generator.pyodide_runtime import CHECKSUMS, cache_root, runtime_dir, wheels_dir

    pin = plugin_pin()
    cache = tmp_path / "cache"
    shutil.copytree(runtime_dir(pin, cache_root(ROOT)), runtime_dir(pin, cache))
    shutil.copytree(wheels_dir(pin, cache_root(ROOT)), wheels_dir(pin, cache))
    # The compressed runtime too: brotli at quality 11 on the wasm takes tens of seconds.
    if (cache_root(ROOT) / CACHE_FOLDER).is_dir():
        shutil.copytree(cache_root(ROOT) / CACHE_FOLDER, cache / CACHE_FOLDER)
    wasm = runtime_dir(pin, cache) / "pyodide.asm.wasm"
    good = json.loads((wasm.parent / CHECKSUMS).read_text())["files"]["pyodide.asm.wasm"]
    data = bytearray(wasm.read_bytes())
    data[4096] ^= 0xFF
    wasm.write_bytes(bytes(data))

    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "content", "docs", "generator", "quiz", "experiments", "deckpdf"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    previous = os.environ.get("CONTENT_SITE_CACHE")
    os.environ["CONTENT_SITE_CACHE"] = str(cache)
    try:
        result = run_python("-m", "generator", "build", cwd=project)
    finally:
        if previous is None:
            del os.environ["CONTENT_SITE_CACHE"]
        else:
            os.environ["CONTENT_SITE_CACHE"] = previous
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    notes = [line for line in result.stderr.splitlines() if "the cached Pyodide runtime in" in line]
    assert len(notes) == 1, result.stderr
    assert notes[0].startswith("INFO"), "a recovered cache is information: a warning would fail --strict"
    shipped = (project / "site" / "pyodide" / "pyodide.asm.wasm").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == good


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_an_interrupted_build_ends_its_child_and_leaves_nothing_behind(tmp_path: Path, signame: str) -> None:
    import signal
    import subprocess
    import sys
    import time

    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "content", "docs", "generator", "quiz", "experiments", "deckpdf"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("earlier site", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"], cwd=project, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(project.glob(".site-build-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(project.glob(".site-build-*")), "the build never started"
    time.sleep(0.8)  # MkDocs is running now
    # Ctrl-C in a terminal signals the whole foreground group; the build's child has its own.
    os.killpg(build.pid, getattr(signal, signame))
    out, err = build.communicate(timeout=60)
    assert build.returncode == 130, out + err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"Build interrupted; {site} was left as it was."
    assert not list(project.glob(".site-build-*")) and not (project / "site.old").exists()
    assert (site / "index.html").read_text(encoding="utf-8") == "earlier site"
    time.sleep(0.5)
    running = subprocess.run(["pgrep", "-f", "--", f"{project}/.site-build-"], capture_output=True, text=True)
    assert running.returncode in (0, 1), running.stderr  # 1: no process matched
    assert running.stdout.strip() == "", "the MkDocs child outlived the build"


def test_the_self_assessment_quotes_its_counts_from_the_quiz_data(built: Path) -> None:
    import quiz

    counts = quiz.questionnaire()["counts"]
    source = (ROOT / "content" / "pages" / "self-assessment.md").read_text(encoding="utf-8")
    assert not re.search(r"\b\d+\s+(questions|short parts|parts)\b", source), "a count is typed by hand"
    text = " ".join(re.sub(r"<[^>]+>", " ", (built / "self-assessment/index.html").read_text(encoding="utf-8")).split())
    assert f"There are {counts['questions']} questions in {counts['parts']} short parts." in text
    assert f"The first {counts['recent']} ask how often" in text


def test_the_shipped_build_keeps_the_strict_csp(built: Path) -> None:
    """Only `serve` lets inline scripts run (for live reload); a real build never does."""
    for page in PAGES:
        html = (built / page).read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy is not None, page
        script_src = next(part for part in policy.group(1).split(";") if part.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'sha256-" in script_src, script_src


def test_two_builds_more_than_two_seconds_apart_are_byte_identical(tmp_path: Path) -> None:
    """Wheels, PDFs, the lock, the sitemap and every page: the same sources, the same bytes."""
    import gzip
    import hashlib
    import time

    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "content", "docs", "generator", "quiz", "experiments", "deckpdf"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    sums = []
    for run in ("one", "two"):
        if run == "two":
            time.sleep(2.2)  # zip and gzip keep time in 2-second ticks
        result = run_python("-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / run), cwd=project)
        assert result.returncode == 0, result.stderr
        site = tmp_path / run
        sums.append({p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in sorted(site.rglob("*")) if p.is_file()})  # fmt: skip
    different = sorted(name for name in sums[0] if sums[0][name] != sums[1].get(name))
    assert sums[0].keys() == sums[1].keys() and different == [], different
    # The sitemap is dated by the content (its newest review), not by the clock.
    import yaml

    newest = max(
        str(yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])["last_reviewed"])
        for page in (project / "content" / "pages").glob("*.md")
    )
    sitemap = gzip.decompress((tmp_path / "one" / "sitemap.xml.gz").read_bytes()).decode()
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {newest}


def test_each_page_allows_exactly_the_inline_scripts_it_carries(built: Path) -> None:
    """Counted independently of generator/csp.py, with the standard library's HTML parser."""
    import base64
    import hashlib
    from html.parser import HTMLParser

    class Scripts(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.runs: list[str] = []
            self._open: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            named = dict(attrs)
            if tag == "script" and "src" not in named and named.get("type") in (None, "", "module"):
                self._open = []

        def handle_data(self, data: str) -> None:
            if self._open is not None:
                self._open.append(data)

        def handle_endtag(self, tag: str) -> None:
            if tag == "script" and self._open is not None:
                if "".join(self._open).strip():
                    self.runs.append("".join(self._open))
                self._open = None

    pages = sorted(built.rglob("*.html"))
    assert built / "404.html" in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = Scripts()
        parser.feed(html)
        expected = {f"sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}" for s in parser.runs}
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy is not None, page
        script_src = next(part for part in policy.group(1).split(";") if part.strip().startswith("script-src"))
        allowed = {token.strip("'") for token in script_src.split() if token.startswith("'sha256-")}
        assert allowed == expected, page.relative_to(built)


def test_pages_link_the_generated_files_with_links_strict_mode_checks(built: Path) -> None:
    """No hand-made relative HTML path to a PDF: a Markdown link, which --strict resolves."""
    texts = [*(ROOT / "content" / "pages").glob("*.md"), *(ROOT / "content" / "fragments").glob("*.md")]
    for text in texts:
        source = text.read_text(encoding="utf-8")
        assert not re.search(r"""href=["'][^"']*\.pdf""", source), f"{text.name} links a PDF by hand"
    deck = (built / "deck" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="md-button" download href="([^"]+\.pdf)"', deck)
    assert len(links) == 4
    for link in links:
        assert (built / "deck" / link).resolve().is_file(), link


def test_the_service_worker_lists_every_file_the_site_ships(built: Path) -> None:
    """sw.js holds every file of the built site (pages by their folder URL), each with the sha256
    of the bytes shipped: the list comes from the build, never from a hand-kept list."""
    import hashlib
    import json

    worker = (built / "sw.js").read_text(encoding="utf-8")
    listing = worker[worker.index("[") : worker.index("];") + 1]
    listed = dict(json.loads(listing.replace(",\n]", "\n]")))
    for path in built.rglob("*"):
        relative = path.relative_to(built).as_posix()
        if not path.is_file() or relative == "sw.js" or relative.endswith((".br", ".gz")):
            continue
        if relative.startswith("assets/javascripts/lunr/") or relative == "_headers" or relative.endswith(".map"):
            continue
        url = "./" if relative == "index.html" else relative.removesuffix("index.html")
        assert url in listed, relative
        assert listed[url] == hashlib.sha256(path.read_bytes()).hexdigest(), relative
    for page in PAGES:
        assert page.removesuffix("index.html") in listed or page == "index.html"
    assert "pyodide/pyodide.asm.wasm" in listed
    assert "assets/pdf/fear-ladder-worksheet-a4.pdf" in listed


def test_every_page_links_the_app_manifest_and_carries_the_update_notice(built: Path) -> None:
    import json

    manifest = json.loads((built / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert (built / icon["src"]).is_file(), icon
    for page in PAGES:
        html = (built / page).read_text(encoding="utf-8")
        href = re.search(r'<link rel="manifest" href="([^"]+)">', html)
        assert href, page
        assert ((built / page).parent / href[1]).resolve() == (built / "manifest.webmanifest").resolve(), page
        assert html.count("data-offline-update") == 1, page


def test_precompressed_siblings_decode_to_their_files_and_skip_incompressible_ones(built: Path) -> None:
    """For hosts that send .br and .gz files: every sibling is its file, encoded."""
    from generator.precompress import COMPRESSIBLE, ENCODINGS, MIN_SIZE, decodes_to

    files = [path for path in built.rglob("*") if path.is_file()]
    siblings = [path for path in files if path.suffix in ENCODINGS.values() and path.name != "sitemap.xml.gz"]
    assert len(siblings) > 2 * len(PAGES)
    for sibling in siblings:
        original = sibling.with_suffix("")
        assert original.suffix in COMPRESSIBLE and original.stat().st_size >= MIN_SIZE, sibling.name
        encoding = next(name for name, suffix in ENCODINGS.items() if suffix == sibling.suffix)
        assert decodes_to(sibling.read_bytes(), encoding, original.read_bytes()), sibling.relative_to(built)
    for page in [*PAGES, "pyodide/pyodide.asm.wasm", "pyodide/pyodide.asm.mjs", "search/search_index.json"]:
        for suffix in ENCODINGS.values():
            assert (built / f"{page}{suffix}").is_file(), f"{page}{suffix}"
    pdfs = [path for path in files if path.suffix == ".pdf"]
    assert pdfs and not [path for path in pdfs if path.with_name(path.name + ".br").exists()], "a PDF got a sibling"
    assert not [path for path in files if path.name.endswith(".partial")]


def test_headers_file_holds_every_page_s_own_policy_with_frame_ancestors(built: Path) -> None:
    """_headers is true by construction: each page's header policy is its meta policy, plus
    what a meta tag cannot carry."""
    from generator import csp, headers_file

    rules = headers_file.parse((built / headers_file.NAME).read_text(encoding="utf-8"))
    pages = sorted(built.rglob("*.html"))
    assert len(pages) == len(PAGES) + 1  # and 404.html
    for page in pages:
        policy = csp.page_policy(page.read_text(encoding="utf-8"))
        assert policy is not None, page
        name = page.relative_to(built).as_posix()
        addresses = {f"/{name}", "/" + name.removesuffix("index.html")}
        for address in addresses:
            sent = dict(rules[address])
            assert sent["Content-Security-Policy"] == f"{policy}; frame-ancestors 'none'", address
            assert sent["Cache-Control"] == "no-cache", address
    bundles = [rule for rule, headers in rules.items() if ("Cache-Control", headers_file.IMMUTABLE) in headers]
    assert any(re.fullmatch(r"/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js", rule) for rule in bundles), bundles
    assert all((built / rule.lstrip("/")).is_file() for rule in bundles)
