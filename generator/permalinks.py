"""The headings' permanent links ("¶"), adjusted after Python-Markdown's `toc` adds them.

**None inside the self-check's result.** The result section is hidden until the reader has an
outcome, and every outcome block in it is hidden unless it is theirs. A permanent link to one of
its headings opens a page on which that heading is hidden, so it leads nowhere worth sharing;
and a keyboard or screen-reader user reading their result met a link stop after every heading.
The headings keep their ids: the result's heading is focused when a result appears, and the
table of contents still lists it. For the same reason the site's search leaves the result's
sections out: each of its headings is marked `data-search-exclude`, which mkdocs-material's
search reads per heading (the section itself carries it too, for text before its first heading).

**A name instead of a tooltip on the others.** `toc` gives each link the title "Permanent
link" (the site's `permalink_title`) and the text "¶", so a screen reader announced "pilcrow"
with the title as an afterthought, and mkdocs-material's `content.tooltips` mounted a tooltip
for every titled element when a page loaded: about 8 ms of a phone's main thread per heading
(Lighthouse's 4× slowdown), 60 ms on an article. Each link now carries its name as
`aria-label`, the site's title followed by the heading's own text ("Permanent link: How it
works"), and no `title`, so the theme mounts nothing for it.

`toc` has no option for either; this tree processor runs after it. MkDocs loads it by module
name (`markdown_extensions`); the plugin adds it for every site.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

NAME = "generator.permalinks"
RESULT_ATTRIBUTE = "data-quiz-result"
# The toc extension's default class for its links (`permalink_class`), which the theme styles.
PERMALINK_CLASS = "headerlink"
# mkdocs-material's search leaves out the section of a heading that carries it.
SEARCH_EXCLUDE = "data-search-exclude"
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# After `toc` (priority 5), which adds the links.
PRIORITY = 4


def _is_permalink(element: etree.Element) -> bool:
    return element.tag == "a" and PERMALINK_CLASS in (element.get("class") or "").split()


def _drop(parent: etree.Element, child: etree.Element) -> None:
    """Remove child, keeping any text that followed it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _heading_text(heading: etree.Element, link: etree.Element) -> str:
    """The heading's words without the link's own "¶"."""
    words = [heading.text or ""]
    for child in heading:
        if child is not link:
            words.append("".join(child.itertext()))
        words.append(child.tail or "")
    return " ".join("".join(words).split())


class Permalinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for section in [element for element in root.iter() if RESULT_ATTRIBUTE in element.attrib]:
            for parent in list(section.iter()):
                for child in [child for child in parent if _is_permalink(child)]:
                    _drop(parent, child)
                if parent.tag in HEADINGS:
                    parent.set(SEARCH_EXCLUDE, "")
        for heading in [element for element in root.iter() if element.tag in HEADINGS]:
            for link in [child for child in heading if _is_permalink(child)]:
                title = link.attrib.pop("title", "")
                text = _heading_text(heading, link)
                link.set("aria-label", f"{title}: {text}" if title and text else title or text)


class PermalinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(Permalinks(md), "permalinks", PRIORITY)


def makeExtension(**kwargs: object) -> PermalinksExtension:
    return PermalinksExtension(**kwargs)
