"""The benchmark: `bash scripts/bench.sh` runs it (see bench/README.md).

It measures the built site (Lighthouse, Pyodide start-up, quiz latency, deck
PDFs, bytes transferred) and the generator (build time as content grows), and
prints every figure next to its target. It is not part of the test suite.
"""
