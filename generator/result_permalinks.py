"""No permanent links on the headings inside the self-check's result.

The result section is hidden until the reader has an outcome, and every outcome block in it
is hidden unless it is theirs. A permanent link ("¶") to one of its headings opens a page on
which that heading is hidden, so the link leads nowhere worth sharing; and a keyboard or
screen-reader user reading their result met a "Permanent link" stop after every heading.
mkdocs-material also mounts a tooltip for each of these titled links when a page loads: 13 on
the self-check page, about 60 ms of a phone's main thread (Lighthouse's 4× slowdown).

Python-Markdown's `toc` extension adds the links to every heading it sees, with no way to
leave some out; this tree processor runs after it and removes the ones inside an element that
carries the widget's `data-quiz-result` attribute. The headings keep their ids: the result's
heading is focused when a result appears, and the table of contents still lists it.

MkDocs loads it by module name (`markdown_extensions`); the plugin adds it for every site.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

NAME = "generator.result_permalinks"
RESULT_ATTRIBUTE = "data-quiz-result"
# The toc extension's default class for its links (`permalink_class`), which the theme styles.
PERMALINK_CLASS = "headerlink"
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


class ResultPermalinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for section in [element for element in root.iter() if RESULT_ATTRIBUTE in element.attrib]:
            for parent in list(section.iter()):
                for child in [child for child in parent if _is_permalink(child)]:
                    _drop(parent, child)


class ResultPermalinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ResultPermalinks(md), "result_permalinks", PRIORITY)


def makeExtension(**kwargs: object) -> ResultPermalinksExtension:
    return ResultPermalinksExtension(**kwargs)
