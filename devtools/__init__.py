"""Development tools that the tests and the benchmark share: building the real site, serving
it, and the Chromium they drive. Not shipped (pyproject.toml packages only generator, quiz and
deckpdf), and importing nothing from tests/ or bench/, so either can use it without the other.
"""
