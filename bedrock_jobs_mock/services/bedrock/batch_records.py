"""A batch inference job's records, where the world keeps S3 (moto's): its input JSON
Lines validated, each record answered, the output files and manifest written, and its
status changes announced on EventBridge.

The job family (``batch_inference``) calls these at its transitions; without an
S3 world nothing is read or written and the counts stay absent. Each pass streams
one input file at a time: never more than one file's records are held. Messages
and layout are the mock's where the service documents none (docs/fidelity.md).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bedrock_jobs_mock.engine.protocol.base import dump_json
from bedrock_jobs_mock.engine.records import Record, RecordError, Responder, lines_of, parse_line
from bedrock_jobs_mock.engine.world import StoredObject, World
from bedrock_jobs_mock.services.bedrock.model_outputs import default_answer, token_usage
from bedrock_jobs_mock.services.bedrock.s3_data import split_s3_uri

#: What an input file's name ends with; other objects under an input folder are skipped.
INPUT_SUFFIX = ".jsonl"
#: What each output file's name adds to its input file's, and the manifest's name.
OUTPUT_SUFFIX = ".out"
MANIFEST_NAME = "manifest.json.out"
#: The EventBridge event of a status change (the Bedrock user guide, "Monitor ... using
#: EventBridge").
EVENT_SOURCE = "aws.bedrock"
EVENT_DETAIL_TYPE = "Batch Inference Job State Change"
#: The characters and length of the ids given to records without one (as the user guide's
#: examples: ``3223593EFGH``).
_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ID_LENGTH = 11

# The failure messages of a job whose input Validating refuses (decided: the service
# publishes none). Each names what to fix.
_PREFIX = "Input validation failed: "
NO_BUCKET = _PREFIX + "the S3 bucket {bucket} does not exist."
NO_INPUT = _PREFIX + "no .jsonl object found at {uri}."
NOT_JSONL = _PREFIX + "{uri} is not a .jsonl file."
FILE_TOO_BIG = _PREFIX + "{uri} is {size} bytes, over the quota of {limit} bytes per file."
JOB_TOO_BIG = _PREFIX + "the input is {size} bytes, over the quota of {limit} bytes per job."
NOT_JSON = _PREFIX + "line {line} of {uri} is not valid JSON."
NOT_AN_OBJECT = _PREFIX + "line {line} of {uri} is not a JSON object."
NO_MODEL_INPUT = _PREFIX + "line {line} of {uri} has no modelInput object."
BAD_RECORD_ID = _PREFIX + "line {line} of {uri} has a recordId that is not a string."
FILE_TOO_MANY = _PREFIX + "{uri} holds over {limit} records, the quota per file."
JOB_TOO_MANY = _PREFIX + "the input holds over {limit} records, the quota per job."
JOB_TOO_FEW = (
    _PREFIX + "the input holds {count} records, under the minimum of {limit} records per job."
)
#: The failure message of a job whose output bucket is missing when it writes (decided).
NO_OUTPUT_BUCKET = "Output failed: the S3 bucket {bucket} does not exist."


@dataclass(frozen=True)
class RecordLimits:
    """The input quotas a job's Validating checks."""

    min_records: int
    records_per_file: int
    records_per_job: int
    file_bytes: int
    job_bytes: int


@dataclass(frozen=True)
class InputFile:
    """One ``.jsonl`` object of a job's input, as Validating found it."""

    bucket: str
    key: str
    size: int
    records: int

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}"

    @property
    def output_name(self) -> str:
        """Its output file's name: ``<basename>.out``."""
        return self.key.rsplit("/", 1)[-1] + OUTPUT_SUFFIX


@dataclass(frozen=True)
class BatchInput:
    """What Validating found: the input files, in key order, and their records."""

    files: tuple[InputFile, ...]

    @property
    def total_records(self) -> int:
        return sum(file.records for file in self.files)


@dataclass(frozen=True)
class RecordCounts:
    """What a job's run did with its records: its manifest, and the counts Get reports."""

    total: int
    processed: int
    success: int
    error: int
    input_tokens: int
    output_tokens: int

    def manifest(self) -> dict[str, int]:
        """``manifest.json.out``, its keys in the order the service writes them."""
        return {
            "totalRecordCount": self.total,
            "processedRecordCount": self.processed,
            "successRecordCount": self.success,
            "errorRecordCount": self.error,
            "inputTokenCount": self.input_tokens,
            "outputTokenCount": self.output_tokens,
        }


def inspect_input(
    world: World, account: str, input_s3_uri: str, limits: RecordLimits
) -> BatchInput | str | None:
    """Validate a job's input: the files ``input_s3_uri`` names (one ``.jsonl`` object, or
    each ``.jsonl`` object directly in the folder it names), their sizes, every line
    a JSON object with a ``modelInput`` object, and the record quotas.

    Returns what it found, or the job's failure message, or None when the world
    keeps no S3 (nothing is read).
    """
    bucket, key = split_s3_uri(input_s3_uri)
    exists = world.bucket_exists(account, bucket)
    if exists is None:
        return None
    if not exists:
        return NO_BUCKET.format(bucket=bucket)
    objects = _input_objects(world, account, bucket, key, input_s3_uri)
    if isinstance(objects, str):
        return objects
    if not objects:
        return NO_INPUT.format(uri=input_s3_uri)
    for found in objects:
        if found.size > limits.file_bytes:
            uri = f"s3://{bucket}/{found.key}"
            return FILE_TOO_BIG.format(uri=uri, size=found.size, limit=limits.file_bytes)
    size = sum(found.size for found in objects)
    if size > limits.job_bytes:
        return JOB_TOO_BIG.format(size=size, limit=limits.job_bytes)
    files: list[InputFile] = []
    total = 0
    for found in objects:
        uri = f"s3://{bucket}/{found.key}"
        count = _count_records(world, account, bucket, found.key, uri, limits.records_per_file)
        if isinstance(count, str):
            return count
        total += count
        if total > limits.records_per_job:
            return JOB_TOO_MANY.format(limit=limits.records_per_job)
        files.append(InputFile(bucket, found.key, found.size, count))
    if total < limits.min_records:
        return JOB_TOO_FEW.format(count=total, limit=limits.min_records)
    return BatchInput(tuple(files))


def _input_objects(
    world: World, account: str, bucket: str, key: str, uri: str
) -> list[StoredObject] | str:
    """The objects a job reads: the one ``key`` names exactly, else the ``.jsonl`` objects
    directly in the folder ``key`` names (sub-folders and other objects are skipped)."""
    listed = world.list_objects(account, bucket, key) or []
    exact = [found for found in listed if found.key == key and key]
    if exact:
        return exact if key.endswith(INPUT_SUFFIX) else NOT_JSONL.format(uri=uri)
    folder = key if key == "" or key.endswith("/") else key + "/"
    return [
        found
        for found in listed
        if found.key.startswith(folder)
        and "/" not in found.key[len(folder) :]
        and found.key.endswith(INPUT_SUFFIX)
    ]


def _count_records(
    world: World, account: str, bucket: str, key: str, uri: str, most: int
) -> int | str:
    """The records of one input file, or the failure message of its first bad line (or of
    one record too many)."""
    count = 0
    for number, document in _documents(world, account, bucket, key):
        problem = _problem(document)
        if problem is not None:
            return problem.format(line=number, uri=uri)
        count += 1
        if count > most:
            return FILE_TOO_MANY.format(uri=uri, limit=most)
    return count


def _documents(world: World, account: str, bucket: str, key: str) -> Iterator[tuple[int, Any]]:
    """Each non-blank line of an object, by its number (from 1), parsed (``ValueError`` as
    the value of a line that is not JSON); nothing for an object gone."""
    chunks = world.read_object(account, bucket, key)
    if chunks is None:
        return
    for number, line in enumerate(lines_of(chunks), 1):
        if line.strip():
            try:
                yield number, parse_line(line)
            except ValueError as error:
                yield number, error


def _problem(document: Any) -> str | None:
    """The message template for a line that is no record, or None."""
    if isinstance(document, ValueError):
        return NOT_JSON
    if not isinstance(document, dict):
        return NOT_AN_OBJECT
    if not isinstance(document.get("modelInput"), dict):
        return NO_MODEL_INPUT
    if not isinstance(document.get("recordId", ""), str):
        return BAD_RECORD_ID
    return None


def process_records(
    world: World,
    account: str,
    batch_input: BatchInput,
    *,
    output_s3_uri: str,
    job_id: str,
    model_id: str,
    invocation_type: str,
    responder: Responder | None,
    share: float,
) -> RecordCounts | str:
    """Answer the first ``share`` (0 to 1) of the records, in input order, and write
    ``<output s3Uri>/<job_id>/<input basename>.out`` for each input file reached and
    ``manifest.json.out`` beside them. Returns the counts, or the job's failure
    message when the output bucket is missing.

    ``responder`` answers each record (None: the family's default answer); a
    :class:`RecordError` it raises becomes the record's error line, and any other
    exception reaches the caller unchanged, with the files written so far left.
    """
    bucket, prefix = split_s3_uri(output_s3_uri)
    if world.bucket_exists(account, bucket) is False:
        return NO_OUTPUT_BUCKET.format(bucket=bucket)
    folder = (prefix if prefix == "" or prefix.endswith("/") else prefix + "/") + job_id + "/"
    total = batch_input.total_records
    tally = _Tally(math.floor(total * min(max(share, 0.0), 1.0)))
    answer = _Answerer(model_id, invocation_type, responder, job_id)
    for file in batch_input.files:
        if tally.left == 0:
            break
        output = bytearray()  # one file's output, grown in place: no list of lines to join
        for number, document in _documents(world, account, file.bucket, file.key):
            if tally.left == 0:
                break
            if _problem(document) is not None:  # changed since Validating: not a record
                continue
            output += answer(document, file.key, number, tally)
            output += b"\n"
        world.put_object(account, bucket, folder + file.output_name, output)
    counts = tally.counts(total)
    world.put_object(account, bucket, folder + MANIFEST_NAME, dump_json(counts.manifest()))
    return counts


class _Tally:
    """The counts of a run, as its records are answered."""

    def __init__(self, quota: int) -> None:
        self.left = quota
        self.success = self.error = self.input_tokens = self.output_tokens = 0

    def counts(self, total: int) -> RecordCounts:
        processed = self.success + self.error
        return RecordCounts(
            total, processed, self.success, self.error, self.input_tokens, self.output_tokens
        )


class _Answerer:
    """One job's way of turning an input record into its output line."""

    def __init__(
        self, model_id: str, invocation_type: str, responder: Responder | None, job: str
    ) -> None:
        self.model_id = model_id
        self.invocation_type = invocation_type
        self.responder = responder
        self.job = job

    def __call__(self, document: dict[str, Any], key: str, line: int, tally: _Tally) -> bytes:
        record_id = document.get("recordId") or _record_id(self.job, key, line)
        model_input = document["modelInput"]
        record = Record(self.model_id, self.invocation_type, model_input, record_id)
        tally.left -= 1
        answered: dict[str, Any] = {"recordId": record_id, "modelInput": model_input}
        try:
            output: Mapping[str, Any]
            if self.responder is None:
                output, tokens_in, tokens_out = default_answer(record)
            else:
                output = self.responder(record)
                if not isinstance(output, Mapping):
                    raise TypeError(
                        f"the record responder answered record {record_id} with {output!r}; "
                        "it must return the modelOutput, a mapping (or raise RecordError)"
                    )
                tokens_in, tokens_out = token_usage(record, output)
        except RecordError as error:
            tally.error += 1
            answered["error"] = {"errorCode": error.code, "errorMessage": error.message}
            return dump_json(answered)
        tally.success += 1
        tally.input_tokens += tokens_in
        tally.output_tokens += tokens_out
        answered["modelOutput"] = output if isinstance(output, dict) else dict(output)
        return dump_json(answered)


def _record_id(job_id: str, key: str, line: int) -> str:
    """The id of a record given without one: 11 upper-case letters and digits, the same
    for the same line of the same input file in the same job."""
    digest = hashlib.blake2b(f"{job_id}/{key}:{line}".encode(), digest_size=8).digest()
    number = int.from_bytes(digest, "big")
    characters = []
    for _ in range(_ID_LENGTH):
        number, digit = divmod(number, len(_ID_ALPHABET))
        characters.append(_ID_ALPHABET[digit])
    return "".join(characters)


def announce_state_change(
    world: World,
    account: str,
    region: str,
    detail: Mapping[str, Any],
    *,
    when: datetime | None = None,
) -> None:
    """Put a ``Batch Inference Job State Change`` event (source ``aws.bedrock``) with
    ``detail`` on the default EventBridge bus of ``account`` in ``region``, where the
    world has one, timed ``when`` (the mock clock's time of the change; default now),
    its resources the job's ARN (``detail["batchJobArn"]``)."""
    arn = detail.get("batchJobArn")
    world.put_event(
        account,
        region,
        source=EVENT_SOURCE,
        detail_type=EVENT_DETAIL_TYPE,
        detail=detail,
        resources=[arn] if isinstance(arn, str) else [],
        time=when if when is not None else datetime.now(timezone.utc),
    )
