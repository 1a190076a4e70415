"""Turn a folder of expert-sourced content into MkDocs pages.

The generator is topic-agnostic: everything it knows about a subject comes from
the content folder (experts, sources, quotes, pages, cards) and from the
callables named in ``mkdocs.yml``.
"""

from generator.errors import ContentError, ContentErrors

__all__ = ["ContentError", "ContentErrors"]
