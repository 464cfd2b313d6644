"""The benchmark harness of bedrock-jobs-mock (``make bench``, or ``python -m benchmarks``).

Measurements, never tests: what a call costs through this mock, through
botocore alone (the replay floor) and through moto 5; how that cost moves
with the number of jobs in a Region; what a job costs in memory; what the
import, a mock's start and stop, and a process's first call cost. See ``docs/performance.md``.

Modules, each with one purpose:

- ``payloads``: the valid requests every benchmark sends, one vocabulary;
- ``timing``: per-call samples and their medians;
- ``floor``: recording the mock's answer and replaying it from a bare hook;
- ``contenders``: this mock, moto and the floor behind one interface;
- ``cases`` / ``compare``: the operations compared side by side, in interleaved rounds;
- ``startup``: import cost and a mock's enter and exit;
- ``first_call``: a process's first call, in fresh interpreters, against botocore's own;
- ``loader``: filling a Region with many jobs fast, through the mock's one way in;
- ``sweeps`` / ``scale``: per-call cost against jobs in the Region;
- ``memory``: bytes per completed job;
- ``plot``: the PNG of the sweep; ``tables``: Markdown tables; ``machine``: what ran it.
"""
