"""Command line: `python -m experiments summary FILE|- [--cards CARDS.json]` and
`python -m experiments export-csv FILE|-`.

Bad input (not JSON, the wrong shape, a value out of range, a bad date, an unknown version,
a missing file) exits 2 with one line on stderr naming what to fix, never a traceback;
Ctrl-C exits 130.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from experiments import store
from experiments.errors import LogError
from experiments.levels import levels_from
from experiments.parse import parse, parse_json, shown
from experiments.schema import MAX_TEXT_BYTES
from experiments.summary import summarise

USAGE_ERROR = 2
INTERRUPTED = 130
PROG = "experiments"
# One line should stay readable: the first few problems, then how many more there are.
SHOWN_PROBLEMS = 5


class _Refused(Exception):
    """Bad input: the one line to print."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the usage and the error on two or more lines; one is the promise.
        raise _Refused(f"{message} (see python -m {PROG} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=f"python -m {PROG}", description="A log of experiments: its summary and exports.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    summary = commands.add_parser("summary", help="print the log's summary as JSON")
    summary.add_argument("file", metavar="FILE", help="the log (contract version 1), or '-' for stdin")
    summary.add_argument(
        "--cards",
        metavar="PATH",
        help="levels of the cards, for the by-level breakdown: the site's cards.json "
        "(site/assets/data/cards.json after a build) or a JSON object of card id -> level",
    )
    csv_command = commands.add_parser("export-csv", help="print the log as CSV, one row per entry")
    csv_command.add_argument("file", metavar="FILE", help="the log (contract version 1), or '-' for stdin")
    return parser


def _name(path: str, what: str) -> str:
    return f"{what} on stdin" if path == "-" else f"{what} {shown(path)}"


def _read(path: str, what: str) -> str:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise _Refused(f"cannot read {_name(path, what)}: {exc.strerror or exc}") from exc
    if len(data) > MAX_TEXT_BYTES:
        raise _Refused(f"{_name(path, what)} is larger than {MAX_TEXT_BYTES // 1_000_000} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Refused(f"{_name(path, what)} is not UTF-8 text (byte {exc.start + 1})") from exc


def _problems(path: str, error: LogError) -> str:
    messages = [problem.message for problem in error.problems]
    more = len(messages) - SHOWN_PROBLEMS
    listed = " ".join(messages[:SHOWN_PROBLEMS]) + (f" (and {more} more)" if more > 0 else "")
    count = len(messages)
    return f"cannot read {_name(path, 'the log')}: {count} {'problem' if count == 1 else 'problems'}: {listed}"


def _run(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    text = _read(args.file, "the log")
    try:
        log = parse(text)
    except LogError as error:
        raise _Refused(_problems(args.file, error)) from error
    if args.command == "export-csv":
        sys.stdout.write(store.export_csv(log))
        return 0
    levels = None
    if args.cards:
        try:
            levels = levels_from(parse_json(_read(args.cards, "the cards file")))
        except (LogError, ValueError) as exc:
            raise _Refused(f"cannot use {_name(args.cards, 'the cards file')}: {exc}") from exc
    sys.stdout.write(json.dumps(summarise(log.entries, levels), indent=2, ensure_ascii=False) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except _Refused as refused:
        sys.stderr.write(f"{PROG}: {refused}\n")
        return USAGE_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(f"{PROG}: interrupted\n")
        return INTERRUPTED
    except Exception as exc:  # the CLI promises one line, never a traceback
        sys.stderr.write(f"{PROG}: unexpected error ({type(exc).__name__}): {shown(str(exc))}\n")
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
