"""Which methods of a class decorated with a mock run inside it.

- A ``unittest.TestCase``: the mock starts before ``setUp`` and stops after the
  test's cleanups, so ``setUp``, the test, ``tearDown`` and the cleanups run inside.
- Any other class (pytest's test classes): every method whose name starts with
  ``test``, defined in the class or inherited (a plain or ``async def`` method, a
  ``@staticmethod`` or a ``@classmethod``), and pytest's ``setup_method`` and
  ``teardown_method`` (added when the class has none): the mock starts before
  ``setup_method`` and stops after ``teardown_method``, so the three share one state.
  A test called by hand, without them, runs inside a mock of its own.

A class decorated again, or a subclass of a decorated class decorated in turn, runs
inside the mock of its own (latest) decoration only.
"""

from __future__ import annotations

import inspect
import sys
from typing import TYPE_CHECKING, Any, Callable, cast

if TYPE_CHECKING:
    import unittest

    from bedrock_jobs_mock.mock import BedrockJobsMock

#: What pytest and unittest take for a test method by default.
TEST_PREFIX = "test"
#: Set on every method a class decoration put in place.
_DECORATION = "__bedrock_jobs_mock_class_decoration__"


def decorate_class(mock: BedrockJobsMock, cls: type) -> type:
    """Make the methods of ``cls`` listed in this module's docstring run inside ``mock``."""
    # A TestCase subclass exists only once unittest is imported: not imported here.
    test_case = getattr(sys.modules.get("unittest"), "TestCase", None)
    if test_case is not None and issubclass(cls, test_case):
        _start_in_set_up(mock, cls)
        return cls
    for name in _test_names(cls):
        wrapped = _wrapped(mock, inspect.getattr_static(cls, name))
        if wrapped is not None:
            setattr(cls, name, wrapped)
    _span_setup_and_teardown(mock, cls)
    return cls


def _test_names(cls: type) -> list[str]:
    """The names of the class's test methods, its own and those it inherits."""
    return sorted(
        {name for klass in cls.__mro__ for name in vars(klass) if name.startswith(TEST_PREFIX)}
    )


def _undecorated(member: Any) -> Any:
    """``member`` without the wrappers an earlier class decoration put around it."""
    while getattr(member, _DECORATION, False):
        member = member.__wrapped__
    return member


def _decoration(wrapper: Callable[..., Any], original: Any) -> Callable[..., Any]:
    setattr(wrapper, _DECORATION, True)
    wrapper.__wrapped__ = original  # type: ignore[attr-defined]
    return wrapper


def _wrapped(mock: BedrockJobsMock, member: Any) -> Any:
    """``member`` (a class attribute, as stored) running inside ``mock``; ``None`` when it is
    no method."""
    if isinstance(member, (staticmethod, classmethod)):
        function = _undecorated(member.__func__)
        return type(member)(_decoration(mock(function), function))
    if inspect.isclass(member) or not callable(member):
        return None
    function = _undecorated(member)
    return _decoration(mock(function), function)


def _span_setup_and_teardown(mock: BedrockJobsMock, cls: type) -> None:
    set_up = _undecorated(inspect.getattr_static(cls, "setup_method", None))
    tear_down = _undecorated(inspect.getattr_static(cls, "teardown_method", None))

    def setup_method(test: object, method: Any = None) -> None:
        mock.start()
        try:
            if set_up is not None:
                _call_as_pytest_does(set_up, test, method)
        except BaseException:
            mock.stop()
            raise

    def teardown_method(test: object, method: Any = None) -> None:
        try:
            if tear_down is not None:
                _call_as_pytest_does(tear_down, test, method)
        finally:
            mock.stop()

    cls.setup_method = _decoration(setup_method, set_up)  # type: ignore[attr-defined]
    cls.teardown_method = _decoration(teardown_method, tear_down)  # type: ignore[attr-defined]


def _call_as_pytest_does(member: Any, test: object, method: Any) -> None:
    """Call the user's ``setup_method``/``teardown_method`` ``member`` on ``test``, with the
    test method when it takes an argument, as pytest calls them."""
    bound = member.__get__(test, type(test))
    arguments = bound.__code__.co_argcount - (1 if inspect.ismethod(bound) else 0)
    if arguments:
        bound(method)
    else:
        bound()


def _start_in_set_up(mock: BedrockJobsMock, cls: type) -> None:
    case = cast("type[unittest.TestCase]", cls)
    original_set_up = _undecorated(inspect.getattr_static(case, "setUp"))

    def set_up(test: unittest.TestCase) -> None:
        mock.start()
        test.addCleanup(mock.stop)
        original_set_up.__get__(test, type(test))()

    case.setUp = _decoration(set_up, original_set_up)  # type: ignore[method-assign]
