"""A batch inference job's records beside moto's S3: the mock's own work per record, and
its peak memory against the largest input file.

A job of ``records`` Claude records (the quota: 50,000) reads its input from
moto's S3 and writes its output there, answered by the default responder.
The clock is moved to the end of Validating, then to the end of InProgress,
and the request that applies each transition is timed, in CPU time of the
process (other load on the machine does not count). Every call the job makes
to the world (moto's S3: listing, reading each chunk, writing) is timed apart,
through a proxy of the mock's world, so what remains is the mock's own work:
splitting lines, parsing, answering, encoding.

Memory: the peak tracemalloc sees over the job's two passes, for the job as
one file and as five files of the same records; beside moto's S3 (moto's own
copies of the objects included), and beside an S3 of plain bytes in memory
(``BytesWorld``, which keeps no output), where the peak is the mock's own.
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import boto3

from bedrock_jobs_mock import mock_bedrock_jobs
from bedrock_jobs_mock.engine.world import NoWorld, StoredObject
from benchmarks.contenders import LIFTED_QUOTAS
from benchmarks.tables import markdown_table

BUCKET = "bench-batch-records"
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
ROLE = "arn:aws:iam::123456789012:role/BenchBatchRole"
#: The default job's run: Validating ends at minute 5, InProgress at minute 20.
VALIDATED_AT = timedelta(minutes=5)
ENDED_AT = timedelta(minutes=20)


class TimedWorld:
    """The mock's world, with the time spent in it (moto's S3 and EventBridge) counted."""

    def __init__(self, world: Any) -> None:
        self._world = world
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._world, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                result = method(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - started
            return self._timed_chunks(result) if isinstance(result, Iterator) else result

        return timed

    def _timed_chunks(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        while True:
            started = time.process_time()
            chunk = next(chunks, None)
            self.seconds += time.process_time() - started
            if chunk is None:
                return
            yield chunk


class BytesWorld(NoWorld):
    """An S3 of one bucket, its input objects plain bytes in a dict, read in 1 MiB chunks;
    what it is given to write it only measures. What is traced beside it is the mock's
    own working memory."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.written: dict[str, int] = {}

    def bucket_exists(self, account: str, bucket: str) -> bool | None:
        return bucket == BUCKET

    def list_objects(self, account: str, bucket: str, prefix: str) -> list[StoredObject] | None:
        return [
            StoredObject(key, len(body), "")
            for key, body in sorted(self.objects.items())
            if key.startswith(prefix)
        ]

    def read_object(self, account: str, bucket: str, key: str) -> Iterator[bytes] | None:
        body = self.objects.get(key)
        if body is None:
            return None
        return (body[start : start + 2**20] for start in range(0, len(body), 2**20))

    def put_object(self, account: str, bucket: str, key: str, body: bytes | bytearray) -> None:
        self.written[key] = len(body)

    def put_event(
        self,
        account: str,
        region: str,
        *,
        source: str,
        detail_type: str,
        detail: Mapping[str, Any],
        resources: Sequence[str],
        time: Any,
    ) -> None:
        return None


class _BytesS3:
    """``put_object`` of a boto3 S3 client, into a :class:`BytesWorld`."""

    def __init__(self, world: BytesWorld) -> None:
        self.world = world

    def put_object(self, Bucket: str, Key: str, Body: bytes) -> None:
        self.world.objects[Key] = Body


@dataclass(frozen=True)
class Pass:
    """One of the job's passes over its records."""

    name: str
    records: int
    total_seconds: float
    world_seconds: float

    @property
    def own_us_per_record(self) -> float:
        return (self.total_seconds - self.world_seconds) / self.records * 1e6

    @property
    def world_us_per_record(self) -> float:
        return self.world_seconds / self.records * 1e6


@dataclass(frozen=True)
class Peak:
    beside: str
    files: int
    largest_file: int
    job_bytes: int
    peak_bytes: int


def _record(number: int) -> bytes:
    model_input = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 256,
        "messages": [
            {
                "role": "user",
                "content": f"Summarise ticket {number} in one sentence: the customer reports "
                "that the export button does nothing on the billing page since yesterday.",
            }
        ],
    }
    return json.dumps({"recordId": f"T{number:010d}", "modelInput": model_input}).encode()


def _put_input(s3: Any, records: int, files: int) -> tuple[int, int]:
    """``records`` records in ``files`` files under ``input/``; the largest file's size and
    the total."""
    sizes = []
    per_file = -(-records // files)
    for index in range(files):
        numbers = range(index * per_file, min(records, (index + 1) * per_file))
        body = b"\n".join(_record(number) for number in numbers) + b"\n"
        s3.put_object(Bucket=BUCKET, Key=f"input/part-{index}.jsonl", Body=body)
        sizes.append(len(body))
        del body
    return max(sizes), sum(sizes)


def _job(env: Any, bedrock: Any, name: str) -> str:
    arn: str = bedrock.create_model_invocation_job(
        jobName=name,
        modelId=MODEL,
        roleArn=ROLE,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": f"s3://{BUCKET}/input/"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{BUCKET}/output/{name}/"}},
    )["jobArn"]
    return arn


def _quotas(records: int) -> dict[str, int | None]:
    return {
        **LIFTED_QUOTAS,
        "min_records_per_model_invocation_job": 1,
        "records_per_model_invocation_file": max(records, 50_000),
        "records_per_model_invocation_job": max(records, 50_000),
    }


def time_passes(records: int) -> list[Pass]:
    """The two passes of a job of ``records`` records in one file, timed."""
    from moto import mock_aws

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        _put_input(s3, records, files=1)
        with mock_bedrock_jobs(quotas=_quotas(records)) as env:
            bedrock = boto3.client("bedrock", region_name="us-east-1")
            world = TimedWorld(env.backend.world)
            env.backend.world = world  # type: ignore[assignment]
            arn = _job(env, bedrock, "timed")
            start = env.clock.now()
            passes = []
            for name, at, status in (
                ("validate (read, parse, check)", VALIDATED_AT, "Scheduled"),
                ("answer (read, parse, respond, encode, write)", ENDED_AT, "Completed"),
            ):
                env.clock.set(start + at)
                world.seconds = 0.0
                gc.collect()
                started = time.process_time()
                job = bedrock.get_model_invocation_job(jobIdentifier=arn)
                total = time.process_time() - started
                if job["status"] != status:
                    raise RuntimeError(f"the job is {job['status']}, not {status}: {job}")
                passes.append(Pass(name, records, total, world.seconds))
    return passes


def peak_memory(records: int, files: int, *, with_moto: bool) -> Peak:
    """The peak tracemalloc sees while a job of ``records`` records in ``files`` files is
    validated and answered, beside moto's S3 or beside a :class:`BytesWorld`."""
    if not with_moto:
        world = BytesWorld()
        largest, total = _put_input(_BytesS3(world), records, files)
        with mock_bedrock_jobs(quotas=_quotas(records)) as env:
            env.backend.world = world
            return Peak("S3 of plain bytes", files, largest, total, _traced_run(env))
    from moto import mock_aws

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        largest, total = _put_input(s3, records, files)
        with mock_bedrock_jobs(quotas=_quotas(records)) as env:
            return Peak("moto's S3", files, largest, total, _traced_run(env))


def _traced_run(env: Any) -> int:
    """The peak traced memory of a job's run, after a first job that loads what any job
    needs (clients, their service models)."""
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    _job(env, bedrock, "warm")
    env.settle()
    arn = _job(env, bedrock, "traced")
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        env.settle()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    status = bedrock.get_model_invocation_job(jobIdentifier=arn)["status"]
    if status != "Completed":
        raise RuntimeError(f"the traced job is {status}")
    return peak


def table(passes: list[Pass], peaks: list[Peak]) -> str:
    records = passes[0].records
    timing = markdown_table(
        ("pass", "records", "mock's own µs/record", "moto's S3 µs/record", "CPU s"),
        [
            (
                item.name,
                f"{item.records:,}",
                f"{item.own_us_per_record:.1f}",
                f"{item.world_us_per_record:.1f}",
                f"{item.total_seconds:.2f}",
            )
            for item in passes
        ],
        align="lrrrr",
    )
    own = sum(item.own_us_per_record for item in passes)
    memory = markdown_table(
        ("beside", "input", "largest file", "job", "peak traced", "peak / largest file"),
        [
            (
                peak.beside,
                f"{peak.files} file{'s' if peak.files > 1 else ''}",
                f"{peak.largest_file / 2**20:.1f} MiB",
                f"{peak.job_bytes / 2**20:.1f} MiB",
                f"{peak.peak_bytes / 2**20:.1f} MiB",
                f"{peak.peak_bytes / peak.largest_file:.1f}x",
            )
            for peak in peaks
        ],
        align="llrrrr",
    )
    return "\n".join(
        [
            timing,
            "",
            f"Both passes: {own:.1f} µs of the mock's own work a record ({records:,} records).",
            "",
            memory,
        ]
    )


def run(records: int) -> str:
    """The tables of a job of ``records`` records (moto is needed)."""
    passes = time_passes(records)
    peaks = [
        peak_memory(records, files, with_moto=with_moto)
        for with_moto in (True, False)
        for files in (1, 5)
    ]
    return table(passes, peaks)
