"""A private log of behavioural experiments: predictions written down before a try, and what
really happened after it.

Standard library only: it runs in CPython and inside Pyodide, where the page's worker calls
:mod:`experiments.web` with JSON text.

    experiments.parse(text)              a log (JSON text) as typed entries, or LogError
    experiments.summarise(entries)       means, rates, a series over time, by level
    experiments.charts.charts(summary)   accessible SVG charts, each with its table
    experiments.store                    JSON and CSV export; merge an import
    experiments.web                      the same for the browser: JSON text in and out

The contract (version 1) is described in experiments/README.md.
"""

from experiments.errors import LogError, Problem
from experiments.parse import parse
from experiments.schema import VERSION, Entry, Log
from experiments.summary import summarise

__all__ = ["VERSION", "Entry", "Log", "LogError", "Problem", "parse", "summarise"]
