"""An ingestion sync over many objects in moto's S3: the mock's own work per object.

A data source over a bucket of ``objects`` small text documents in moto's S3 is synced
twice: a first sync (every document new), then, after a hundredth of the documents has
been added, a hundredth modified and a hundredth deleted, an incremental one. Each job
does its work in two requests: the one that finds it IN_PROGRESS (the scan: listing the
bucket, comparing each object with what the data source last indexed) and the one that
finds it COMPLETE (indexing the changes, counting them). The clock is moved to each
transition (which applies what is due) and the job read, timed together in CPU time of
the process, as ``benchmarks.records`` times a batch job: every call the job makes to the
world (moto's S3, through the mock's port to moto) is timed apart, and so are the same
two steps with nothing left to apply (a read's cost: botocore and the door; median of
``IDLE_READS``), so what remains is the mock's own work: comparing and indexing.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import boto3

from bedrock_jobs_mock import mock_bedrock_jobs
from benchmarks import payloads
from benchmarks.contenders import LIFTED_QUOTAS
from benchmarks.records import TimedWorld
from benchmarks.tables import markdown_table
from benchmarks.timing import median

BUCKET = payloads.DOCUMENTS_BUCKET
#: The job's run (the mock's ``ingestion_job`` duration, STARTING its first tenth).
RUN = timedelta(seconds=30)
SCANNED_AT = RUN / 10
#: The share of the documents added, modified and deleted before the incremental sync.
CHANGED_SHARE = 100
#: Reads with nothing to apply, whose median is taken off each timed one.
IDLE_READS = 5


@dataclass(frozen=True)
class Pass:
    """One request of one sync, timed."""

    sync: str
    step: str
    objects: int
    changes: int
    total_seconds: float
    world_seconds: float
    call_seconds: float

    @property
    def own_us_per_object(self) -> float:
        own = self.total_seconds - self.world_seconds - self.call_seconds
        return own / self.objects * 1e6

    @property
    def world_us_per_object(self) -> float:
        return self.world_seconds / self.objects * 1e6


def _key(number: int) -> str:
    return f"docs/document-{number:06d}.txt"


def _put(s3: Any, number: int, version: int = 0) -> None:
    body = f"Document {number}, version {version}: a page of the handbook.\n".encode()
    s3.put_object(Bucket=BUCKET, Key=_key(number), Body=body)


def _change(s3: Any, objects: int) -> tuple[int, int, int]:
    """Add, modify and delete a hundredth of ``objects`` documents each; the counts."""
    share = max(1, objects // CHANGED_SHARE)
    for number in range(objects, objects + share):
        _put(s3, number)
    for number in range(share):
        _put(s3, number, version=1)
    s3.delete_objects(
        Bucket=BUCKET,
        Delete={"Objects": [{"Key": _key(number)} for number in range(share, 2 * share)]},
    )
    return share, share, share


def _timed_request(
    env: Any, agent: Any, keys: dict[str, str], world: TimedWorld, at: datetime
) -> tuple[dict[str, Any], float]:
    """The clock moved to ``at`` (which applies what is due: moving the clock settles the
    schedule) and the job read; the job, and the CPU seconds both took."""
    world.seconds = 0.0
    gc.collect()
    started = time.process_time()
    env.clock.set(at)
    job: dict[str, Any] = agent.get_ingestion_job(**keys)["ingestionJob"]
    return job, time.process_time() - started


def _sync(
    env: Any, agent: Any, world: TimedWorld, data_source: dict[str, str], name: str
) -> tuple[list[Pass], dict[str, int]]:
    """One sync, its two requests timed; the job's statistics."""
    started = agent.start_ingestion_job(**data_source)["ingestionJob"]
    keys = {**data_source, "ingestionJobId": started["ingestionJobId"]}
    start = env.clock.now()
    timings = []
    job: dict[str, Any] = {}
    for step, at, status in (
        ("scan (list, compare)", SCANNED_AT, "IN_PROGRESS"),
        ("index (apply, count)", RUN, "COMPLETE"),
    ):
        job, total = _timed_request(env, agent, keys, world, start + at)
        world_seconds = world.seconds
        if job["status"] != status:
            raise RuntimeError(f"the job is {job['status']}, not {status}: {job}")
        # The same, with nothing left to apply: what any read costs (botocore, the door).
        idle = median(
            [_timed_request(env, agent, keys, world, start + at)[1] for _ in range(IDLE_READS)]
        )
        timings.append((step, total, world_seconds, idle))
    statistics: dict[str, int] = job["statistics"]
    changes = sum(
        statistics[member]
        for member in (
            "numberOfNewDocumentsIndexed",
            "numberOfModifiedDocumentsIndexed",
            "numberOfDocumentsDeleted",
        )
    )
    scanned = statistics["numberOfDocumentsScanned"]
    return [
        Pass(name, step, scanned, changes, total, world_seconds, idle)
        for step, total, world_seconds, idle in timings
    ], statistics


def run_syncs(objects: int) -> list[Pass]:
    """A first and an incremental sync of ``objects`` documents in moto's S3, timed; each
    job's statistics checked against what was put."""
    from moto import mock_aws

    with mock_aws():
        s3 = boto3.client("s3", region_name=payloads.REGION)
        s3.create_bucket(Bucket=BUCKET)
        for number in range(objects):
            _put(s3, number)
        with mock_bedrock_jobs(quotas=LIFTED_QUOTAS, durations={"knowledge_base": 0}) as env:
            agent = boto3.client("bedrock-agent", region_name=payloads.REGION)
            created = agent.create_knowledge_base(**payloads.knowledge_base("sync-kb"))
            knowledge_base = created["knowledgeBase"]["knowledgeBaseId"]
            source = agent.create_data_source(**payloads.data_source(knowledge_base, "docs"))
            data_source = payloads.ingestion_job(
                knowledge_base, source["dataSource"]["dataSourceId"]
            )
            world = TimedWorld(env.backend.world)
            env.backend.world = world
            first, statistics = _sync(env, agent, world, data_source, "first")
            _expect(statistics, scanned=objects, new=objects, modified=0, deleted=0)
            new, modified, deleted = _change(s3, objects)
            incremental, statistics = _sync(env, agent, world, data_source, "incremental")
            _expect(statistics, scanned=objects, new=new, modified=modified, deleted=deleted)
    return first + incremental


def _expect(statistics: dict[str, int], **expected: int) -> None:
    names = {
        "scanned": "numberOfDocumentsScanned",
        "new": "numberOfNewDocumentsIndexed",
        "modified": "numberOfModifiedDocumentsIndexed",
        "deleted": "numberOfDocumentsDeleted",
    }
    found = {short: statistics[name] for short, name in names.items()}
    if found != expected:
        raise RuntimeError(f"the sync counted {found}, not {expected}")


def table(passes: list[Pass]) -> str:
    timing = markdown_table(
        (
            "sync",
            "request",
            "objects",
            "changes",
            "mock's own µs/object",
            "moto's S3 µs/object",
            "CPU ms",
        ),
        [
            (
                item.sync,
                item.step,
                f"{item.objects:,}",
                f"{item.changes:,}",
                f"{item.own_us_per_object:.2f}",
                f"{item.world_us_per_object:.2f}",
                f"{item.total_seconds * 1000:,.1f}",
            )
            for item in passes
        ],
        align="llrrrrr",
    )
    totals: dict[str, float] = {}
    for item in passes:
        totals[item.sync] = totals.get(item.sync, 0.0) + item.own_us_per_object
    summary = "; ".join(f"{sync} sync {own:.2f} µs" for sync, own in totals.items())
    return "\n".join(
        [timing, "", f"The mock's own work an object, both requests: {summary} (goal: 10)."]
    )


def run(objects: int) -> str:
    """The table of a first and an incremental sync of ``objects`` documents (moto is
    needed)."""
    return table(run_syncs(objects))
