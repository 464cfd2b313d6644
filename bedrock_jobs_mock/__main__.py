"""Command line: ``python -m bedrock_jobs_mock demo`` and ``... coverage``."""

from __future__ import annotations

import argparse
import sys

from bedrock_jobs_mock.coverage import coverage_markdown
from bedrock_jobs_mock.demo import run_demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bedrock_jobs_mock")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk jobs through their lifecycle on the mock clock")
    commands.add_parser("coverage", help="print the operation-coverage table (Markdown)")
    arguments = parser.parse_args(argv)
    if arguments.command == "demo":
        run_demo()
    else:
        sys.stdout.write(coverage_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
