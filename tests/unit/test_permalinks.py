"""The self-check's result headings carry no permanent links (generator/permalinks.py)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown

from generator import permalinks

PAGE = """\
# Self-check

<section class="quiz-result" data-quiz-result hidden markdown="1">

<h2 id="quiz-result-heading" tabindex="-1">Your result</h2>

<div data-outcome="calm" hidden markdown="1">

### Your starter deck

Text of the outcome.

</div>

</section>

## How it works
"""


def _render(text: str) -> str:
    return markdown.markdown(
        text,
        extensions=["toc", "md_in_html", permalinks.NAME],
        extension_configs={"toc": {"permalink": True}},
    )


def test_headings_inside_the_result_lose_their_permanent_links_and_keep_their_ids() -> None:
    html = _render(PAGE)
    result = html[html.index("data-quiz-result") : html.index("</section>")]
    assert "headerlink" not in result
    assert 'id="quiz-result-heading"' in result and 'id="your-starter-deck"' in result
    assert "Your starter deck</h3>" in result and "Text of the outcome." in result


def test_headings_outside_the_result_keep_theirs_named_by_the_site_title_and_the_heading() -> None:
    html = _render(PAGE)
    # Python-Markdown writes attributes in alphabetical order.
    assert '<a aria-label="Permanent link: Self-check" class="headerlink" href="#self-check">' in html
    assert '<a aria-label="Permanent link: How it works" class="headerlink" href="#how-it-works">' in html
    # No title left: the theme mounts a tooltip for every titled element.
    assert "title=" not in html


def test_the_name_follows_the_sites_own_title_and_the_headings_inline_markup() -> None:
    html = markdown.markdown(
        "## Why *this* `works`\n",
        extensions=["toc", permalinks.NAME],
        extension_configs={"toc": {"permalink": True, "permalink_title": "Lien permanent"}},
    )
    assert 'aria-label="Lien permanent: Why this works"' in html


def test_text_after_a_removed_link_stays() -> None:
    section = etree.fromstring(
        '<section data-quiz-result=""><h3>Title<a class="headerlink">x</a> after</h3>'
        '<p><a class="headerlink">x</a> lead <b>bold</b></p></section>'
    )
    permalinks.Permalinks(markdown.Markdown()).run(section)
    assert etree.tostring(section, encoding="unicode") == (
        '<section data-quiz-result=""><h3 data-search-exclude="">Title after</h3><p> lead <b>bold</b></p></section>'
    )


def test_the_results_headings_and_no_others_are_left_out_of_search() -> None:
    """mkdocs-material's search reads data-search-exclude per heading: a result section is
    hidden until it is the reader's, so a search hit on one would lead to nothing."""
    root = etree.fromstring(
        '<div><h2 id="a">Questions</h2><section data-quiz-result=""><h2 id="b">Result</h2>'
        '<div><h3 id="c">Your deck</h3></div></section><h2 id="d">How it works</h2></div>'
    )
    permalinks.Permalinks(markdown.Markdown()).run(root)
    marked = {heading.get("id") for heading in root.iter() if "data-search-exclude" in heading.attrib}
    assert marked == {"b", "c"}
