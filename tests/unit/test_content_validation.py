"""Broken content fails clearly: file and field named, non-zero exit, no traceback,
and an earlier build left exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentErrors
from generator.loader import Taxonomy, load_content
from generator.plugin import load_taxonomy
from tests.conftest import BROKEN, overlay, run_python, tree_digest

HELPLINE = "contact 'bakers-helpline'"

# case → (file, field, message) fragments the author must see.
EXPECTED = {
    "invalid-yaml": ("content/experts.yml", "line 3, column", "invalid YAML"),
    "missing-field": ("content/quotes.yml", "quote 'baker-patience': source", "is required but missing"),
    "unknown-expert": ("content/quotes.yml", "quote 'baker-patience': expert", "unknown expert id 'nobody'"),
    "unknown-source": ("content/quotes.yml", "quote 'baker-patience': source", "unknown source id 'no-such-book'"),
    "duplicate-id": ("content/sources.yml", "source 'bread-guide': id", "duplicate id 'bread-guide'"),
    "page-unknown-id": ("content/pages/index.md", 'cite("salt-study")', "unknown source id 'salt-study'"),
    "empty-quote": ("content/quotes.yml", "quote 'baker-patience': text", "must not be empty"),
    "card-missing-level": ("content/cards.yml", "card 'everyday-closing-time': level", "is required but missing"),
    "card-missing-area": ("content/cards.yml", "card 'everyday-closing-time': area", "is required but missing"),
    "card-duplicate-id": ("content/cards.yml", "card 'everyday-closing-time': id", "duplicate id"),
    "card-duplicate-title": ("content/cards.yml", "card 'kitchen-closing-time': title", "duplicate title"),
    "card-unknown-area": ("content/cards.yml", "card 'everyday-closing-time': area", "unknown area 'space-travel'"),
    # The topic's own lint: a card that breaks a printed rule names card, field and rule.
    "card-breaks-a-rule": ("content/cards.yml", "card 'everyday-closing-time': ask",
                           "breaks the rule 'No deception: don't pretend to get a yes.' (no-deception)"),
    "card-goal-without-label": ("content/cards.yml", "goal_label", "card 'kitchen-open-a-bakery' has 'goal: true'"),
    # The words before a card's why and respect lines come from cards.yml, never from code.
    "card-labels-missing": ("content/cards.yml", "labels", "is required: the card library and printed cards"),
    "card-label-missing-respect": ("content/cards.yml", "labels.respect", "is required but missing"),
    # Every topic needs crisis and help contacts, each number reachable and sourced.
    # (HELPLINE is the one contact of the tiny topic, see tests/fixtures/tiny-topic.)
    "contacts-missing": ("content/contacts.yml", "(whole file)", "is missing"),
    "contacts-empty": ("content/contacts.yml", "(whole file)", "is empty"),
    "contact-unknown-source": ("content/contacts.yml", f"{HELPLINE}: source", "unknown source id 'no-such-page'"),
    "contact-duplicate-id": ("content/contacts.yml", f"{HELPLINE}: id", "duplicate id 'bakers-helpline'"),
    "contact-call-without-number": ("content/contacts.yml", f"{HELPLINE}: ways.0.number", "is required"),
    "contact-text-without-keyword": ("content/contacts.yml", f"{HELPLINE}: ways.0.keyword", "is required"),
    "contact-web-not-https": ("content/contacts.yml", f"{HELPLINE}: ways.0.url", "starting with https://"),
    "contact-source-unchecked": ("content/sources.yml", "source 'bakers-help-page': checked", "is required for"),
    # Every page says who reviewed it, when, and when it is next due: real dates, in order.
    "page-review-missing": ("content/pages/index.md", "front matter: next_review", "is required but missing"),
    "page-review-not-a-date": ("content/pages/index.md", "front matter: last_reviewed", "'2026-02-30' is not a real"),
    "page-review-order": ("content/pages/index.md", "front matter: next_review", "must be after last_reviewed"),
    # We keep only the quotes we show, so an unused quote is a problem, named by its id.
    "quote-unused": ("content/quotes.yml", "quote 'baker-salt'", "is not used on any page"),
}  # fmt: skip


def test_every_broken_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_loader_names_file_and_field(case: str, tiny_topic: Path) -> None:
    overlay(tiny_topic, case)
    file, field, message = EXPECTED[case]
    with pytest.raises(ContentErrors) as caught:
        from generator.render import Renderer

        taxonomy = load_taxonomy_from(tiny_topic)
        content = load_content(tiny_topic / "content", taxonomy)
        Renderer(content, sources_page="sources.md").render_all()
    matching = [e for e in caught.value.errors if e.file == file and field in e.field and message in e.message]
    assert matching, f"no error like {file}: {field}: {message} in:\n{caught.value.report()}"


def load_taxonomy_from(topic: Path) -> Taxonomy | None:
    import sys

    sys.path.insert(0, str(topic))
    try:
        return load_taxonomy("tiny_taxonomy:taxonomy")
    finally:
        sys.path.remove(str(topic))
        sys.modules.pop("tiny_taxonomy", None)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_command_fails_clearly(case: str, tiny_topic: Path) -> None:
    overlay(tiny_topic, case)
    file, field, message = EXPECTED[case]
    result = run_python("-m", "generator", "check", cwd=tiny_topic)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert file in result.stderr and field in result.stderr and message in result.stderr, result.stderr


@pytest.mark.build
@pytest.mark.parametrize(
    "case", ["invalid-yaml", "unknown-expert", "page-unknown-id", "card-unknown-area", "contact-call-without-number"]
)
def test_failed_build_leaves_earlier_output_untouched(case: str, tiny_topic: Path) -> None:
    first = run_python("-m", "generator", "build", cwd=tiny_topic)
    assert first.returncode == 0, first.stderr
    site = tiny_topic / "site"
    before = tree_digest(site)
    assert (site / "index.html").exists()

    overlay(tiny_topic, case)
    file, field, _ = EXPECTED[case]
    for command in (["-m", "generator", "build"], ["-m", "mkdocs", "build", "--strict"]):
        result = run_python(*command, cwd=tiny_topic)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output
        assert file in output and field in output
        assert tree_digest(site) == before, f"{' '.join(command)} changed the earlier build"


def test_valid_tiny_topic_checks_clean(tiny_topic: Path) -> None:
    result = run_python("-m", "generator", "check", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    assert "Content OK: 2 pages, 1 quotes, 1 experts, 2 sources, 1 contacts, 0 cards." in result.stdout


WAY_RULES = [
    ("- kind: web", "ways.0.url", "is required"),
    ('- kind: call\n      number: "555 0100"\n      keyword: HELLO', "ways.0.keyword", "does not belong to a call way"),
    ('- kind: web\n      url: https://example.org/help\n      number: "555 0100"', "ways.0.number", "does not belong"),
    ('- kind: text\n      number: "555 0100"\n      keyword: HELLO\n      no_keyword: true', "ways.0.no_keyword",
     "contradicts 'keyword'"),
    ('- kind: call\n      number: "call us"', "ways.0.number", "must be a phone number"),
    ('- kind: text\n      number: "555 0100"\n      keyword: two words', "ways.0.keyword", "must be one word"),
    ("- kind: fax", "ways.0.kind", "Input should be"),
]  # fmt: skip


@pytest.mark.parametrize(("way", "field", "message"), WAY_RULES)
def test_each_kind_of_way_needs_its_own_fields(tiny_topic: Path, way: str, field: str, message: str) -> None:
    contacts = tiny_topic / "content" / "contacts.yml"
    text = contacts.read_text(encoding="utf-8")
    start, end = text.index("    - kind: call"), text.index("  hours:")
    contacts.write_text(text[:start] + "    " + way + "\n" + text[end:], encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_content(tiny_topic / "content")
    matching = [e for e in caught.value.errors if e.field == f"{HELPLINE}: {field}" and message in e.message]
    assert matching, caught.value.report()


def test_contacts_need_one_for_the_crisis_line(tiny_topic: Path) -> None:
    contacts = tiny_topic / "content" / "contacts.yml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace("in_line: true", "in_line: false"), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_content(tiny_topic / "content")
    assert any(e.file == "content/contacts.yml" and e.field == "in_line" for e in caught.value.errors)


def test_a_topic_page_shows_its_contacts_as_links(tiny_topic: Path) -> None:
    from generator.render import Renderer

    pages = Renderer(load_content(tiny_topic / "content"), sources_page="sources.md").render_all()
    index = pages["index.md"]
    assert "[**555 0100**](tel:5550100)" in index.markdown
    # The one-line crisis line keeps to numbers when there are any; web ways go in lists.
    assert "If a bake goes badly wrong: Anywhere: Bakers' Helpline, call [**555 0100**](tel:5550100)" in index.markdown
    assert "bakers-help-page" in index.sources, "a contact shown on a page adds its source to the page's list"


def test_contacts_list_rejects_unknown_ages(tiny_topic: Path) -> None:
    from generator.render import Renderer

    index = tiny_topic / "content" / "pages" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + '\n{{ contacts_list("adults") }}\n', encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        Renderer(load_content(tiny_topic / "content"), sources_page="sources.md").render_all()
    assert any("contacts_list" in e.field and "unknown ages 'adults'" in e.message for e in caught.value.errors)


# -- Review dates ---------------------------------------------------------------


def _set_review(topic: Path, last: str, due: str) -> None:
    index = topic / "content" / "pages" / "index.md"
    text = index.read_text(encoding="utf-8")
    text = text.replace("last_reviewed: 2026-11-26", f"last_reviewed: {last}")
    text = text.replace("next_review: 2099-11-26", f"next_review: {due}")
    index.write_text(text, encoding="utf-8")


def test_check_warns_about_a_page_past_its_review_and_strict_fails(tiny_topic: Path) -> None:
    _set_review(tiny_topic, "2019-01-01", "2020-01-01")
    result = run_python("-m", "generator", "check", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    assert "Content OK" in result.stdout
    warning = result.stderr
    assert "Warning: content/pages/index.md: front matter: next_review" in warning, warning
    assert "due for review on 2020-01-01" in warning
    assert "sources.md" not in warning, "only the overdue page is named"

    strict = run_python("-m", "generator", "check", "--strict", cwd=tiny_topic)
    output = strict.stdout + strict.stderr
    assert strict.returncode != 0, output
    assert "Traceback" not in output
    assert "content/pages/index.md: front matter: next_review" in strict.stderr
    assert "Content OK" not in strict.stdout


def test_strict_check_passes_when_every_review_is_in_date(tiny_topic: Path) -> None:
    result = run_python("-m", "generator", "check", "--strict", cwd=tiny_topic)
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr


def test_overdue_reviews_counts_from_the_given_day(tiny_topic: Path) -> None:
    import datetime as dt

    from generator.loader import overdue_reviews

    content = load_content(tiny_topic / "content")
    assert overdue_reviews(content, dt.date(2099, 11, 26)) == []
    late = overdue_reviews(content, dt.date(2099, 11, 28))
    assert [(e.file, e.field) for e in late] == [
        ("content/pages/index.md", "front matter: next_review"),
        ("content/pages/sources.md", "front matter: next_review"),
    ]
    assert "2 days ago" in late[0].message


def test_every_page_ends_with_its_review_after_its_sources(tiny_topic: Path) -> None:
    from generator.render import Renderer

    pages = Renderer(load_content(tiny_topic / "content"), sources_page="sources.md").render_all()
    for name, rendered in pages.items():
        last = rendered.markdown.rstrip().splitlines()[-1]
        assert last == (
            '<p class="page-review">Last reviewed: 26 November 2026 · Next review due: 26 November 2099 · '
            "Reviewed by: The tiny topic&#39;s bakers</p>"
        ), name
    index = pages["index.md"].markdown
    assert index.index("## Sources") < index.index("Last reviewed:")


def test_the_sources_page_lists_only_quotes_in_use(tiny_topic: Path) -> None:
    from generator.render import Renderer

    overlay(tiny_topic, "quote-unused")
    renderer = Renderer(load_content(tiny_topic / "content"), sources_page="sources.md")
    sources_page = next(p for p in renderer.content.pages if p.name == "sources.md")
    listing = renderer.render_page(sources_page).markdown
    assert "Patience is the main ingredient." in listing
    assert "Salt is not optional." not in listing
    assert "Quoted on this site: 1 quote." in listing


def test_card_lint_reports_only_what_breaks_a_rule(tiny_topic: Path) -> None:
    # "pretending" breaks the rule in the ask (a trailing * allows any ending); "never pretend"
    # in the respect line is advice, excused by `unless_after`; nothing says "for free".
    overlay(tiny_topic, "card-breaks-a-rule")
    with pytest.raises(ContentErrors) as caught:
        load_content(tiny_topic / "content", load_taxonomy_from(tiny_topic))
    assert [(e.field, e.message) for e in caught.value.errors] == [
        (
            "card 'everyday-closing-time': ask",
            "breaks the rule 'No deception: don't pretend to get a yes.' (no-deception): it says 'pretending'",
        )
    ]


def test_card_lint_reads_curly_apostrophes_and_whole_words() -> None:
    from generator.lint import check_cards
    from generator.schema import Card, CardLint

    lint = CardLint.model_validate(
        {"unless_after": ["don't"], "rules": [{"id": "r", "rule": "Rule.", "phrases": ["act as if", "fake*"]}]}
    )

    def found(ask: str) -> list[str]:
        card = Card(id="a-b", title="T", ask=ask, why="W.", respect="R.", level=1, area="a")
        return [finding.found for finding in check_cards([card], lint)]

    assert found("Act  as if you know.") == ["Act  as if"]
    assert found("Don’t act as if you know.") == []  # a curly apostrophe is still "don't"
    assert found("Don't worry. Then act as if you know.") == ["act as if"]  # a new clause
    assert found("Fakes it.") == ["Fakes"] and found("A fakery.") == ["fakery"]
    assert found("Interact as iffy.") == []  # whole words only
