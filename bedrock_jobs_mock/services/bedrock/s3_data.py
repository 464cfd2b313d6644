"""What Bedrock's jobs read from and write to S3, where the world can show it (moto's S3).

Without such a world every check passes and nothing is written: the mock alone
does not know S3. The messages follow the service's (docs/fidelity.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bedrock_jobs_mock.engine.world import World

#: Where a completed customization job leaves its metrics, under its output location: the
#: tree of the Bedrock user guide ("Analyze the results of a model customization job"),
#: with the ``validation/`` folder its simplified tree leaves out but the service writes
#: (read there by AWS's own notebooks and independent code: docs/fidelity.md).
TRAINING_METRICS = (
    "model-customization-job-{job_id}/training_artifacts/step_wise_training_metrics.csv"
)
VALIDATION_METRICS = (
    "model-customization-job-{job_id}/validation_artifacts/post_fine_tuning_validation/"
    "validation/validation_metrics.csv"
)


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key/prefix`` as ``("bucket", "key/prefix")``."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def missing_model_files(world: World, account: str, uri: str) -> str | None:
    """An import's failure message when its S3 location holds no object (decided wording:
    the service publishes none)."""
    bucket, prefix = split_s3_uri(uri)
    if world.has_objects(account, bucket, prefix) is False:
        return f"Could not find any model files at the Amazon S3 location {uri}."
    return None


def missing_customization_data(
    world: World, account: str, data_uris: Sequence[str], output_uri: str
) -> str | None:
    """A customization's failure message for the first training or validation file
    missing, else for an output bucket that does not exist."""
    for uri in data_uris:
        bucket, key = split_s3_uri(uri)
        if world.object_exists(account, bucket, key) is False:
            return (
                "Could not validate GetObject permissions to access Amazon S3 bucket: "
                f"{bucket} at key {key}"
            )
    bucket, prefix = split_s3_uri(output_uri)
    if world.bucket_exists(account, bucket) is False:
        return (
            "Amazon S3 perms missing (PutObject): Could not validate PutObject permissions "
            f"to access S3 bucket: {bucket} at key {prefix}.write_access_check_file.tmp"
        )
    return None


def write_metrics(
    world: World,
    account: str,
    output_uri: str,
    job_id: str,
    epochs: int,
    training_loss: float,
    validation_losses: Sequence[float],
) -> None:
    """A completed job's metrics files under ``output_uri``: one training row per epoch,
    falling to ``training_loss``; one validation row per validator, when there are any."""
    bucket, prefix = split_s3_uri(output_uri)
    folder = prefix if prefix == "" or prefix.endswith("/") else prefix + "/"
    rows = ["step_number,epoch_number,training_loss,perplexity"]
    for epoch in range(epochs):
        loss = training_loss * (1 + (epochs - 1 - epoch) / epochs)
        rows.append(f"{epoch},{epoch},{loss:.6f},{math.exp(loss):.6f}")
    key = folder + TRAINING_METRICS.format(job_id=job_id)
    world.put_object(account, bucket, key, ("\n".join(rows) + "\n").encode())
    if validation_losses:
        rows = ["step_number,epoch_number,validation_loss,perplexity"]
        last = epochs - 1
        rows += [f"{last},{last},{loss:.6f},{math.exp(loss):.6f}" for loss in validation_losses]
        key = folder + VALIDATION_METRICS.format(job_id=job_id)
        world.put_object(account, bucket, key, ("\n".join(rows) + "\n").encode())
