"""Command line: `python -m quiz items | assess FILE|- | cutoffs`.

The library raises precise errors; this boundary turns every failure into one readable
message on stderr and exit code 2, never a traceback, because the people running it (and
the build) need to know what to fix, not where in our code it was noticed.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from quiz import cutoffs, definition
from quiz.catalogue import questionnaire
from quiz.errors import AnswerError, DataError
from quiz.triage import assess_json

USAGE_ERROR = 2
# Real answers are under 1 kB; reading more than this would only let a bad file eat memory.
MAX_INPUT_BYTES = 1_000_000


class TooLarge(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m quiz", description="A topic's self-check, from its data.")
    parser.add_argument(
        "--definition",
        metavar="DIR",
        help=f"the self-check folder (default: ${definition.ENV_VAR}, else {definition.DEFAULT_FOLDER} here)",
    )
    parser.add_argument(
        "--instruments",
        action="append",
        default=[],
        metavar="DIR",
        help="extra folder of instrument *.json files (for example a licensed instrument); repeatable",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("items", help="print every section and question as JSON")
    run = commands.add_parser("assess", help="assess answers JSON from FILE, or from stdin with '-'")
    run.add_argument("file", metavar="FILE")
    commands.add_parser("cutoffs", help="print every cut-off with its source as JSON")
    return parser


def _read(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise TooLarge
    return data.decode("utf-8")


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2) + "\n")


def _fail(lines: Sequence[str]) -> int:
    sys.stderr.write("\n".join(lines) + "\n")
    return USAGE_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    dirs = args.instruments
    try:
        if args.definition:
            definition.use(args.definition)
        if args.command == "items":
            _print(questionnaire(instrument_dirs=dirs))
        elif args.command == "cutoffs":
            _print(cutoffs.describe(instrument_dirs=dirs))
        else:
            try:
                text = _read(args.file)
            except TooLarge:
                limit = MAX_INPUT_BYTES // 1_000_000
                return _fail([f"quiz: the answers are larger than {limit} MB; real answers are under 1 kB."])
            except (OSError, UnicodeDecodeError) as exc:
                return _fail([f"quiz: cannot read the answers from {args.file!r}: {exc}"])
            _print(assess_json(text, instrument_dirs=dirs))
    except AnswerError as exc:
        lines = [f"quiz: cannot assess these answers. {exc}"]
        if exc.crisis_reasons:
            lines.append("Even so, the answers given already call for crisis help first:")
            lines += [f"- {reason}" for reason in exc.crisis_reasons]
        return _fail(lines)
    except DataError as exc:
        return _fail([f"quiz: a data file is invalid: {exc}"])
    except Exception as exc:  # the CLI promises a message, never a traceback
        return _fail([f"quiz: unexpected error ({type(exc).__name__}): {exc}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
