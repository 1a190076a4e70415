"""The plugin's typed configuration, as read from ``mkdocs.yml``.

Kept apart from behaviour (plugin.py) in the way mkdocs-material pairs its
config.py with its plugin.py.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PyodideConfig(base.Config):
    """A pinned Pyodide runtime and the wheels staged next to it."""

    # Leave version unset to build a site without Python in the browser.
    version = c.Optional(c.Type(str))
    sha256 = c.Type(str, default="")
    # Where in the built site the runtime lives, e.g. "pyodide" → site/pyodide/.
    target = c.Type(str, default="pyodide")
    # Pure wheels from PyPI, as exact pins ("fpdf2==2.8.9").
    packages = c.ListOfItems(c.Type(str), default=[])
    # Our own importable packages, wheeled at build time; value lists their requirements.
    wheels = c.DictOfItems(c.ListOfItems(c.Type(str), default=[]), default={})
    version_of_wheels = c.Type(str, default="0.1.0")
    # Packages the browser worker loads at start (the self-check's engine), with their
    # dependencies; the rest (e.g. PDF tools) load when first asked for.
    boot = c.ListOfItems(c.Type(str), default=[])


class IconConfig(base.Config):
    """One icon of the installed app, a file of the site (docs/), as the web app manifest lists it."""

    src = c.Type(str)
    sizes = c.Type(str)
    type = c.Type(str, default="image/png")
    # "any", or "maskable" for an icon drawn with the safe zone phones crop to.
    purpose = c.Choice(("any", "maskable", "monochrome"), default="any")


class AppConfig(base.Config):
    """The site as an installable app: its web app manifest (manifest.webmanifest)."""

    # Without icons there is no manifest: a browser will not install an app without them.
    icons = c.ListOfItems(c.SubConfig(IconConfig), default=[])
    # The app's name; the site's name (site_name) when unset.
    name = c.Optional(c.Type(str))
    short_name = c.Optional(c.Type(str))
    theme_color = c.Type(str, default="#3f51b5")
    background_color = c.Type(str, default="#ffffff")


class OfflineConfig(base.Config):
    """After one visit, the whole site (pages, assets, PDFs, the runtime) works with no network:
    the build writes a service worker (sw.js) that precaches every file it made."""

    enabled = c.Type(bool, default=True)
    # The notice a page shows when a new build is waiting, and its button.
    update_message = c.Type(str, default="A new version of this site is available.")
    update_button = c.Type(str, default="Reload")
    # Puts the notice away for this page; the new version still waits for the next visit.
    update_later = c.Type(str, default="Not now")


class ContentConfig(base.Config):
    # Off, the plugin does nothing at all: no pages from the content folder, no runtime, no
    # PDFs (as mkdocs-material's plugins do; e.g. `enabled: !ENV [CONTENT, true]`).
    enabled = c.Type(bool, default=True)
    content_dir = c.Type(str, default="content")
    # The page that lists every expert and source; quotes and citations link to it.
    sources_page = c.Type(str, default="experts-sources.md")
    # "module:callable" returning {"levels": [{id, name}], "areas": [{id, name}]}. Without it,
    # a self-check's ladder (levels and areas) is the taxonomy the cards are checked against.
    taxonomy = c.Optional(c.Type(str))
    # The self-check's folder inside content_dir (self-check.json, instruments/, ladder.json),
    # rendered by {{ self_check() }} and scored in the browser by the quiz engine. Leave it
    # unset for a site without one.
    self_check = c.Optional(c.Type(str))
    # "module:callable(payload, out_dir)", run before MkDocs writes anything, with cards.json's
    # data and an empty folder: each file it writes there joins the site at the same path (so
    # deckpdf.site:write_static_pdfs's out_dir/assets/pdf/x.pdf is the site's assets/pdf/x.pdf).
    generate = c.ListOfItems(c.Type(str), default=[])
    after_build = c.Deprecated(moved_to="generate")
    # Fragments the site cannot do without (its crisis texts, say): each must exist and hold
    # words, or check and build fail naming it. A safety text must never vanish quietly.
    required_fragments = c.ListOfItems(c.Type(str), default=[])
    # Files of the content folder the page's own scripts read as data (words a PDF made in the
    # browser prints, say), shipped as they are under assets/data/ at the same relative path.
    data_files = c.ListOfItems(c.Type(str), default=[])
    # Add a Content-Security-Policy meta tag that allows only the site's own origin.
    csp = c.Type(bool, default=True)
    # Write a .br and a .gz beside every text, WebAssembly and zip file they make smaller, for
    # hosts that send precompressed files (and for `python -m generator serve`).
    precompress = c.Type(bool, default=True)
    # Write _headers at the site's root: each page's policy as a real header (with
    # frame-ancestors), caching and types, for Netlify and Cloudflare Pages.
    headers_file = c.Type(bool, default=True)
    pyodide = c.SubConfig(PyodideConfig)
    offline = c.SubConfig(OfflineConfig)
    app = c.SubConfig(AppConfig)
