"""Property test: random malformed content never crashes the generator's loader.
Every outcome is either a clean load or ContentErrors naming a real file (and a
field where one applies) — never an unexpected exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentErrors
from generator.loader import Taxonomy, load_content
from generator.render import Renderer
from generator.schema import Area, Level
from tests.conftest import TINY_TOPIC

FILES = ["experts.yml", "sources.yml", "quotes.yml", "cards.yml", "contacts.yml", "pages/index.md", "pages/sources.md"]
FIELDS = ["id", "name", "credentials", "role", "affiliation", "title", "publication", "authors", "date", "url",
          "expert", "source", "text", "ask", "why", "respect", "level", "area", "cards", "description",
          "region", "service", "ways", "kind", "number", "keyword", "no_keyword", "hours", "ages", "in_line",
          "checked"]  # fmt: skip
TAXONOMY = Taxonomy(levels=(Level(id=1, name="Easy"),), areas=(Area(id="everyday", name="Everyday"),))

scalars = (
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", " ", "baker", "bread-guide", "x y", "{{"])
    | st.text(max_size=10) | st.dates()
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=6),
    max_leaves=15,
)


@st.composite
def broken_file(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(FILES))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        text = yaml.safe_dump(draw(values), allow_unicode=True)
    elif kind == 1:
        text = draw(st.text(max_size=80))  # anything at all, often invalid YAML
    elif kind == 2:
        text = "- " + draw(st.sampled_from(FIELDS)) + ": [unclosed\n  - : :\n"
    else:
        text = "---\n" + yaml.safe_dump(draw(values)) + "---\n# Title\n" + draw(st.text(max_size=40))
    return name, text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(broken_file(), min_size=1, max_size=3))
def test_random_broken_content_gives_clean_errors(files: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        topic = Path(tmp) / "topic"
        shutil.copytree(TINY_TOPIC / "content", topic / "content")
        for name, text in files:
            (topic / "content" / name).write_text(text, encoding="utf-8")
        outcome: Any
        try:
            content = load_content(topic / "content", TAXONOMY)
            outcome = Renderer(content, sources_page="sources.md").render_all()
        except ContentErrors as exc:
            outcome = exc
        if isinstance(outcome, ContentErrors):
            assert outcome.errors
            for error in outcome.errors:
                assert error.file.startswith("content"), error
                assert (topic / error.file).exists() or error.file.endswith("index.md"), error
                assert error.field.strip() and error.message.strip(), error
            report = outcome.report()
            assert "Traceback" not in report
        else:
            assert "index.md" in outcome
