"""How lookups and list pages scale with the number of resources in a region.

    .venv/bin/python benchmarks/scale.py [largest]

Creates import jobs through boto3 (quotas lifted, jobs finishing at once so
each leaves an imported model), then times GetModelImportJob by name and by
ARN, GetImportedModel, and a first and a later unfiltered list page of 10,
at 10 resources and at ``largest`` (default 100,000).
"""

from __future__ import annotations

import statistics
import sys
import time
from typing import Any, Callable

import boto3

from bedrock_jobs_mock import mock_bedrock_jobs

ROLE = "arn:aws:iam::123456789012:role/BenchmarkRole"
SOURCE = {"s3DataSource": {"s3Uri": "s3://benchmark-bucket/llama/"}}


def per_call_ms(call: Callable[[], Any], repeats: int = 300) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def measure(count: int) -> dict[str, float]:
    quotas = {"concurrent_model_import_jobs": count + 1, "imported_models": count + 1}
    with mock_bedrock_jobs(quotas=quotas, durations={"model_import": 0}) as env:
        client = boto3.client("bedrock", region_name="us-east-1")
        started = time.perf_counter()
        arn = ""
        for index in range(count):
            arn = client.create_model_import_job(
                jobName=f"job-{index}",
                importedModelName=f"model-{index}",
                roleArn=ROLE,
                modelDataSource=SOURCE,
            )["jobArn"]
            if index % 1000 == 0:
                env.clock.advance(seconds=1)
        create_s = time.perf_counter() - started
        env.settle()
        token = client.list_model_import_jobs(maxResults=5)["nextToken"]
        return {
            "create (ms/call)": create_s / count * 1000,
            "GetModelImportJob by name": per_call_ms(
                lambda: client.get_model_import_job(jobIdentifier=f"job-{count // 2}")
            ),
            "GetModelImportJob by ARN": per_call_ms(
                lambda: client.get_model_import_job(jobIdentifier=arn)
            ),
            "GetImportedModel by name": per_call_ms(
                lambda: client.get_imported_model(modelIdentifier=f"model-{count // 2}")
            ),
            "ListModelImportJobs first page of 10": per_call_ms(
                lambda: client.list_model_import_jobs(maxResults=10), repeats=50
            ),
            "ListModelImportJobs later page of 10": per_call_ms(
                lambda: client.list_model_import_jobs(maxResults=10, nextToken=token), repeats=50
            ),
        }


def main() -> None:
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    small, large = measure(10), measure(largest)
    print(f"{'median ms per call':42} {'10':>10} {largest:>10,}")
    for name in small:
        print(f"{name:42} {small[name]:10.3f} {large[name]:10.3f}")


if __name__ == "__main__":
    main()
