"""`python -m bench.serve SITE_DIR`: serve a built site until stdin closes.

Prints the base URL on its first line. It is the tests' server (devtools.site), which sends
the right MIME types for .mjs and .wasm and answers If-Modified-Since with 304.
"""

from __future__ import annotations

import sys
from pathlib import Path

from devtools.site import serve


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.serve SITE_DIR", file=sys.stderr)
        return 2
    with serve(Path(argv[0])) as url:
        print(url, flush=True)
        # Block until the parent closes our stdin (or dies, which closes it too).
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
