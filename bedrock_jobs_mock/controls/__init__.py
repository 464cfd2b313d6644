"""The test controls: what ``env`` offers a test, in-process.

- ``mixin``: :class:`Controls`, the clock, settle/complete/fail, fail_next,
  set_duration, inject_error, share_model, calls and state, acting on a ``Backend``
  (``BedrockJobsMock`` and the server's hosted controls mix it in);
- ``inspection``: the read-only snapshots ``env.state()`` returns;
- ``virtual_sleep``: ``time.sleep`` and ``asyncio.sleep`` that move the mock clock;
- ``sleeping_threads``: how sleeps in several threads overlap on that clock.
"""

from bedrock_jobs_mock.controls.mixin import Controls

__all__ = ["Controls"]
