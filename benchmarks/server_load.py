"""The server under load, beside moto's server in the same run: a burst of N fresh
connections at once, and N client processes at steady load.

Both servers run in processes of their own on 127.0.0.1 and answer the same request,
``ListModelCustomizationJobs`` (``GET /model-customization-jobs``, signed in form),
built once as raw bytes, so the clients cost little and the servers are what is
measured. Every load is bounded in count and time; nothing leaves the loopback.
"""

from __future__ import annotations

import http.client
import multiprocessing
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.tables import markdown_table

HOST = "127.0.0.1"
PATH = "/model-customization-jobs"
#: The same signed-in-form headers every request carries (neither server checks signatures).
HEADERS = {
    "Host": HOST,
    "Authorization": "AWS4-HMAC-SHA256 Credential=123456789012/20250106/us-east-1/bedrock/"
    "aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef",
    "X-Amz-Date": "20250106T090000Z",
}
#: A request that takes a second or more waited for a SYN retry (the kernel's first is 1 s).
SYN_RETRY_SECONDS = 1.0
#: The longest any one request may take before it counts as an error.
REQUEST_TIMEOUT_SECONDS = 10.0
#: The longest a server may take to start.
START_TIMEOUT_SECONDS = 60.0
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Load:
    """One measured load against one server."""

    load: str
    server: str
    seconds: float
    latencies: list[float]
    errors: int

    def row(self) -> list[str]:
        done = sorted(self.latencies)

        def quantile(fraction: float) -> str:
            return (
                f"{done[min(len(done) - 1, int(fraction * len(done)))] * 1000:.1f}" if done else "-"
            )

        slow = sum(latency >= SYN_RETRY_SECONDS for latency in done)
        return [
            self.load,
            self.server,
            f"{len(done):,}",
            f"{len(done) / self.seconds:,.0f}",
            quantile(0.5),
            quantile(0.99),
            f"{done[-1] * 1000:.1f}" if done else "-",
            str(self.errors),
            str(slow),
        ]


def _raw_request(keep_alive: bool) -> bytes:
    lines = [f"GET {PATH} HTTP/1.1", *(f"{name}: {value}" for name, value in HEADERS.items())]
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            _one(port, _raw_request(keep_alive=False))
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"no server answered on port {port}")


@contextmanager
def served(server: str) -> Iterator[int]:
    """``server`` ("bedrock-jobs-mock" or "moto") serving in a process of its own: its port."""
    port = _free_port()
    command = {
        "bedrock-jobs-mock": ["-m", "bedrock_jobs_mock", "serve", "--quiet", "--port"],
        "moto": ["-m", "moto.server", "-H", HOST, "-p"],
    }[server]
    process = subprocess.Popen(
        [sys.executable, *command, str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process)
        for _ in range(20):  # warm up: first requests load models and backends
            _one(port, _raw_request(keep_alive=False))
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _one(port: int, request: bytes) -> int:
    """Send ``request`` on a fresh connection; the answer's status."""
    with socket.create_connection((HOST, port), timeout=REQUEST_TIMEOUT_SECONDS) as connection:
        connection.sendall(request)
        response = http.client.HTTPResponse(connection)
        response.begin()
        response.read()
        return response.status


def burst(server: str, port: int, connections: int) -> Load:
    """``connections`` fresh connections opened at once, one request each."""
    request = _raw_request(keep_alive=False)
    ready = threading.Barrier(connections + 1)

    def one() -> tuple[float, bool]:
        ready.wait()
        started = time.perf_counter()
        try:
            ok = _one(port, request) == 200
        except OSError:
            ok = False
        return time.perf_counter() - started, ok

    with ThreadPoolExecutor(connections) as pool:
        futures = [pool.submit(one) for _ in range(connections)]
        ready.wait()
        started = time.perf_counter()
        results = [future.result() for future in futures]
        seconds = time.perf_counter() - started
    latencies = [latency for latency, ok in results if ok]
    return Load(
        f"burst of {connections} connections",
        server,
        seconds,
        latencies,
        connections - len(latencies),
    )


def _steady_client(port: int, start_at: float, seconds: float) -> tuple[list[float], int]:
    """One client process: requests back to back on a keep-alive connection (reopened when
    the server closes it) from ``start_at`` for ``seconds``; its latencies and errors."""
    time.sleep(max(0.0, start_at - time.time()))
    deadline = time.perf_counter() + seconds
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_SECONDS)
    latencies: list[float] = []
    errors = 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", PATH, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
    connection.close()
    return latencies, errors


def steady(server: str, port: int, clients: int, seconds: float) -> Load:
    """``clients`` processes, each at steady load for ``seconds``."""
    context = multiprocessing.get_context("spawn")
    start_at = time.time() + 2.0  # every process started and waiting
    with context.Pool(clients) as pool:
        results = pool.starmap(_steady_client, [(port, start_at, seconds)] * clients)
    latencies = [latency for each, _ in results for latency in each]
    errors = sum(errors for _, errors in results)
    return Load(f"{clients} client processes, {seconds:g} s", server, seconds, latencies, errors)


def run(connections: int, clients: int, seconds: float, *, with_moto: bool) -> list[Load]:
    """Both loads against each server, this mock's first."""
    loads = []
    for server in ("bedrock-jobs-mock", *(("moto",) if with_moto else ())):
        with served(server) as port:
            loads.append(burst(server, port, connections))
        with served(server) as port:
            loads.append(steady(server, port, clients, seconds))
    return loads


def table(loads: list[Load]) -> str:
    header = ("load", "server", "requests", "requests/s", "p50 ms", "p99 ms", "max ms")
    return markdown_table(
        (*header, "errors", "≥ 1 s"),
        (load.row() for load in loads),
        align="llrrrrrrr",
    )


def moto_server_installed() -> bool:
    """Whether moto's server can run (it needs flask and flask-cors beside moto)."""
    import importlib.util

    return all(importlib.util.find_spec(name) for name in ("moto", "flask", "flask_cors"))


def summary(loads: list[Load]) -> list[str]:
    """The two goals, as sentences: no burst request waited for a SYN retry, and this
    mock's steady throughput against moto's server."""
    lines = []
    for load in loads:
        slow = sum(latency >= SYN_RETRY_SECONDS for latency in load.latencies)
        if load.load.startswith("burst"):
            lines.append(f"- {load.server}, {load.load}: {slow} waited a second or more.")
    steady_loads = {load.server: load for load in loads if not load.load.startswith("burst")}
    if len(steady_loads) == 2:
        ours, moto = steady_loads["bedrock-jobs-mock"], steady_loads["moto"]
        ratio = (len(ours.latencies) / ours.seconds) / max(len(moto.latencies) / moto.seconds, 1e-9)
        lines.append(f"- Steady throughput against moto's server: {ratio:.2f}x.")
    return lines
