"""`python -m bench.serve SITE_DIR [--uncompressed]`: serve a built site until stdin closes.

Prints the base URL on its first line. It is the tests' server (devtools.site), which sends
the right MIME types for .mjs and .wasm, answers If-Modified-Since with 304, adds the headers
of the site's _headers, and sends the build's .br or .gz sibling to a client that accepts
it; with --uncompressed it sends every file as it is, to measure what compression saves.
"""

from __future__ import annotations

import sys
from pathlib import Path

from devtools.site import serve


def main(argv: list[str]) -> int:
    flags = [arg for arg in argv if arg.startswith("--")]
    paths = [arg for arg in argv if not arg.startswith("--")]
    if len(paths) != 1 or any(flag != "--uncompressed" for flag in flags):
        print("usage: python -m bench.serve SITE_DIR [--uncompressed]", file=sys.stderr)
        return 2
    with serve(Path(paths[0]), precompressed="--uncompressed" not in flags) as url:
        print(url, flush=True)
        # Block until the parent closes our stdin (or dies, which closes it too).
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
