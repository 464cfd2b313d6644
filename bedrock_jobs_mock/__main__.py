"""Command line: ``bedrock-jobs-mock serve`` (also ``python -m bedrock_jobs_mock serve``),
``... demo``, ``... coverage`` and ``... --version``."""

from __future__ import annotations

import argparse
import logging
import platform
import sys
from datetime import datetime

import botocore

from bedrock_jobs_mock._version import __version__
from bedrock_jobs_mock.coverage import coverage_markdown
from bedrock_jobs_mock.demo import run_demo
from bedrock_jobs_mock.doors.sessions import DEFAULT_SESSION_IDLE_SECONDS, DEFAULT_SESSION_LIMIT
from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT
from bedrock_jobs_mock.engine.options import DEFAULT_HANG_AFTER_READS


def _assignment(text: str) -> tuple[str, float]:
    name, separator, value = text.partition("=")
    if not separator:
        raise argparse.ArgumentTypeError(f"expected NAME=NUMBER, got {text!r}")
    try:
        return name, float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time") from None


def _add_serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the mocked services over HTTP, for any SDK or the AWS CLI",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port (5000; 0: a free one)")
    serve.add_argument("--account-id", help="account of requests whose access key names none")
    serve.add_argument(
        "--duration",
        type=_assignment,
        action="append",
        default=[],
        metavar="KIND=SECONDS",
        help="how long a kind of job runs, e.g. model_import=60 (repeatable)",
    )
    serve.add_argument(
        "--quota",
        type=_assignment,
        action="append",
        default=[],
        metavar="NAME=N",
        help="a service quota, e.g. concurrent_model_import_jobs=5 (repeatable)",
    )
    serve.add_argument("--start-time", type=_moment, help="where the mock clock starts (ISO 8601)")
    serve.add_argument(
        "--time-factor",
        type=float,
        default=0.0,
        help="mock seconds per real second (0, the default: time moves only by the controls)",
    )
    serve.add_argument(
        "--calls-kept",
        type=int,
        default=DEFAULT_CALLS_KEPT,
        metavar="N",
        help=f"how many of the latest calls the history keeps ({DEFAULT_CALLS_KEPT:,})",
    )
    serve.add_argument(
        "--no-auth",
        dest="authenticate",
        action="store_false",
        help="serve requests that are not signed (AWS refuses them; for clients that cannot sign)",
    )
    serve.add_argument(
        "--no-cors",
        dest="cors",
        action="store_false",
        help="answer no CORS preflight (by default any page may call the server)",
    )
    serve.add_argument(
        "--sessions",
        choices=["access-key"],
        help="access-key: each access key id names a session of its own (the path prefix "
        "/_session/NAME/ always does)",
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_SESSION_LIMIT,
        metavar="N",
        help=f"most sessions alive at once ({DEFAULT_SESSION_LIMIT})",
    )
    serve.add_argument(
        "--session-idle-timeout",
        type=float,
        default=DEFAULT_SESSION_IDLE_SECONDS,
        metavar="SECONDS",
        help=f"a session unused this long is dropped ({DEFAULT_SESSION_IDLE_SECONDS:.0f})",
    )
    serve.add_argument(
        "--auto-tick",
        type=float,
        metavar="SECONDS",
        help="move the mock clock this far after each request it answers (off by default)",
    )
    serve.add_argument(
        "--finish-after-reads",
        type=_assignment,
        action="append",
        default=[],
        metavar="KIND=N",
        help="jobs of a kind finish on their Nth Get/Describe, e.g. model_import=3 (repeatable)",
    )
    serve.add_argument(
        "--hang-after-reads",
        type=int,
        default=DEFAULT_HANG_AFTER_READS,
        metavar="N",
        help="reads in a row of a running job, the clock standing still, before the next is "
        f"refused as a poll that hangs ({DEFAULT_HANG_AFTER_READS:,}; 0: never)",
    )
    serve.add_argument("--quiet", action="store_true", help="no log line per request")


def _serve(arguments: argparse.Namespace) -> None:
    from bedrock_jobs_mock.doors.http_server import BedrockJobsServer
    from bedrock_jobs_mock.doors.routing import mocked_services
    from bedrock_jobs_mock.engine.errors import in_words

    logging.basicConfig(
        level=logging.WARNING if arguments.quiet else logging.INFO,
        format="%(asctime)s %(name)s %(message)s",
    )
    server = BedrockJobsServer(
        arguments.host,
        arguments.port,
        account_id=arguments.account_id,
        durations=dict(arguments.duration),
        quotas={name: int(value) for name, value in arguments.quota},
        start_time=arguments.start_time,
        time_factor=arguments.time_factor,
        calls_kept=arguments.calls_kept,
        authenticate=arguments.authenticate,
        cors=arguments.cors,
        sessions=arguments.sessions,
        session_limit=arguments.max_sessions,
        session_idle_timeout=arguments.session_idle_timeout,
        auto_tick=arguments.auto_tick,
        finish_after_reads={kind: int(n) for kind, n in arguments.finish_after_reads},
        hang_after_reads=arguments.hang_after_reads or None,
    )
    served = in_words(mocked_services())
    print(f"bedrock-jobs-mock serving {served} on {server.url}", flush=True)
    server.serve_until_signalled()
    print("bedrock-jobs-mock stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bedrock-jobs-mock")
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__} (botocore {botocore.__version__}, "
        f"Python {platform.python_version()})",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk jobs through their lifecycle on the mock clock")
    commands.add_parser("coverage", help="print the operation-coverage table (Markdown)")
    _add_serve_parser(commands)
    arguments = parser.parse_args(argv)
    if arguments.command == "demo":
        run_demo()
    elif arguments.command == "serve":
        try:
            _serve(arguments)
        except (ValueError, OSError) as error:  # an option refused, a port taken
            parser.error(str(error))
    else:
        sys.stdout.write(coverage_markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
