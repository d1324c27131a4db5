"""Ask a live kernel for answers as plain data, so that checks run in the grader.

The kernel that ran a submission is only an oracle: `KernelOracle.fetch`
returns an answer as data (JSON; NumPy arrays as ``.npy`` bytes read with
``allow_pickle=False``; never pickle), and a function answer becomes a
`KernelFunction`, a callable that sends its arguments to the kernel as data
and returns the kernel's result as data (many calls a request, for a check
that calls it at many points: `KernelFunction.call_each`). A function that a
check passes in (such as the function whose slope the learner's
``secant_slope`` computes) stays in the grader: the kernel gets a stand-in
that sends each call back through the kernel's ``input()`` request, which
the grader answers. So the check's code, its reference values and the
libraries it uses are never in the kernel, and nothing the notebook did to
them there changes a grade.

What cannot travel as data (an object of the learner's own class, a
``Value`` of ``utils.autodiff``) marks the oracle `needs_kernel`; the grader
then checks that exercise beside the learner's code (`coursetools.integrity`).
"""

from __future__ import annotations

import base64
import builtins
import io
import json
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from jupyter_core.utils import run_sync

from .runner import until_listening

__all__ = [
    "BRIDGE_MIME",
    "CannotTravel",
    "KernelFunction",
    "KernelOracle",
    "decode",
    "encode",
    "run_code",
]

#: What a function has and its stand-in here does not: its code, its globals.
_FUNCTION_INSIDES = frozenset({"__code__", "__globals__", "__closure__"})
#: The MIME type under which the kernel side hands back its answer.
BRIDGE_MIME = "application/vnd.derivatives-course.bridge+json"

# The kernel side: installed once, after the notebook ran. It encodes values
# with the same rules as `encode` and `decode` below.
_KERNEL_SIDE = r"""
def _course_bridge():
    import base64, io, json, sys, types
    import numpy as np
    from IPython.core.display_functions import publish_display_data

    functions = {}

    def encode(value):
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if value is Ellipsis:
            return {"ellipsis": True}
        if isinstance(value, complex):
            return {"complex": [value.real, value.imag]}
        if isinstance(value, (np.ndarray, np.generic)):
            array = np.asarray(value)
            if array.dtype.hasobject:
                return {"list": [encode(v) for v in array.tolist()]} if array.ndim else encode(array.item())
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            key = "ndarray" if isinstance(value, np.ndarray) else "scalar"
            return {key: base64.b64encode(buffer.getvalue()).decode()}
        if type(value) in (list, tuple):
            return {type(value).__name__: [encode(v) for v in value]}
        if type(value) is dict:
            return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
        if type(value) in (set, frozenset):
            return {type(value).__name__: [encode(v) for v in value]}
        if callable(value) and not isinstance(value, type):
            handle = str(len(functions))
            functions[handle] = value
            return {"function": handle}
        return {"opaque": type(value).__name__}

    def decode(data):
        if not isinstance(data, dict):
            return data
        if "callback" in data:
            handle = data["callback"]
            def from_grader(*args):
                reply = json.loads(input(json.dumps({"callback": handle, "args": [encode(a) for a in args]})))
                if "raise" in reply:
                    raise ValueError(reply["raise"])
                return decode(reply["value"])
            return from_grader
        if "ndarray" in data or "scalar" in data:
            array = np.load(io.BytesIO(base64.b64decode(data.get("ndarray") or data["scalar"])), allow_pickle=False)
            return array if "ndarray" in data else array[()]
        if "list" in data:
            return [decode(v) for v in data["list"]]
        if "tuple" in data:
            return tuple(decode(v) for v in data["tuple"])
        if "dict" in data:
            return {decode(k): decode(v) for k, v in data["dict"]}
        if "set" in data or "frozenset" in data:
            return set(decode(v) for v in data.get("set", data.get("frozenset")))
        if "complex" in data:
            return complex(*data["complex"])
        if "ellipsis" in data:
            return Ellipsis
        raise ValueError("unknown data")

    def reply(message):
        publish_display_data({"__MIME__": json.dumps(message)})

    def fetch(name, namespace):
        if name not in namespace:
            return reply({"missing": True})
        reply({"value": encode(namespace[name])})

    def call_each(handle, rows):
        values = []
        for args in json.loads(rows):
            try:
                result = functions[handle](*[decode(a) for a in args])
            except BaseException as exc:
                try:
                    text = str(exc)
                except BaseException:
                    text = "<a message that cannot be shown>"
                return reply({"values": values, "raise": type(exc).__name__, "message": text})
            values.append(encode(result))
        reply({"values": values})

    return types.SimpleNamespace(fetch=fetch, call_each=call_each)

import sys as _course_sys
_course_sys.modules["__course_bridge__"] = _course_bridge()
del _course_bridge, _course_sys
""".replace("__MIME__", BRIDGE_MIME)


class CannotTravel(Exception):
    """A value that the bridge cannot carry as data (the check must run beside the code)."""


def encode(value: Any, callbacks: list[Callable[..., Any]] | None = None) -> Any:
    """Return ``value`` as JSON-ready data; a function becomes a callback number.

    Parameters
    ----------
    value : object
        None, bool, int, float, str, complex, Ellipsis, NumPy arrays and
        scalars of a plain dtype, and lists, tuples, sets and dicts of these.
    callbacks : list, optional
        Where functions are collected; each is sent as its index in the list.

    Raises
    ------
    CannotTravel
        For anything else, or a function when ``callbacks`` is None.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if value is Ellipsis:
        return {"ellipsis": True}
    if isinstance(value, complex):
        return {"complex": [value.real, value.imag]}
    if isinstance(value, np.ndarray | np.generic):
        array = np.asarray(value)
        if array.dtype.hasobject:
            raise CannotTravel(f"an array of Python objects ({type(value).__name__})")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        key = "ndarray" if isinstance(value, np.ndarray) else "scalar"
        return {key: base64.b64encode(buffer.getvalue()).decode()}
    if type(value) in (list, tuple):
        return {type(value).__name__: [encode(v, callbacks) for v in value]}
    if type(value) is dict:
        return {
            "dict": [
                [encode(k, callbacks), encode(v, callbacks)] for k, v in value.items()
            ]
        }
    if type(value) in (set, frozenset):
        return {type(value).__name__: [encode(v, callbacks) for v in value]}
    if callable(value) and callbacks is not None:
        callbacks.append(value)
        return {"callback": str(len(callbacks) - 1)}
    raise CannotTravel(f"a {type(value).__name__}")


def decode(data: Any, oracle: KernelOracle | None = None) -> Any:
    """Rebuild a value sent by the kernel (a function becomes a `KernelFunction`).

    Raises
    ------
    CannotTravel
        If the kernel sent an object it could not encode.
    ValueError
        If ``data`` is not of the bridge's format.
    """
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if not isinstance(data, dict) or len(data) != 1:
        raise ValueError(f"data must be a value of the bridge's format, got {data!r}")
    ((key, content),) = data.items()
    if key in ("ndarray", "scalar"):
        array = np.load(io.BytesIO(base64.b64decode(content)), allow_pickle=False)
        return array if key == "ndarray" else array[()]
    if key == "list":
        return [decode(v, oracle) for v in content]
    if key == "tuple":
        return tuple(decode(v, oracle) for v in content)
    if key == "dict":
        return {decode(k, oracle): decode(v, oracle) for k, v in content}
    if key == "set":
        return {decode(v, oracle) for v in content}
    if key == "frozenset":
        return frozenset(decode(v, oracle) for v in content)
    if key == "complex":
        return complex(*content)
    if key == "ellipsis":
        return Ellipsis
    if key == "function" and oracle is not None:
        return KernelFunction(oracle, str(content))
    if key == "opaque":
        raise CannotTravel(f"a {content}")
    raise ValueError(f"data must be a value of the bridge's format, got {data!r}")


class KernelFunction:
    """The learner's function, called in its kernel with arguments sent as data."""

    def __init__(self, oracle: KernelOracle, handle: str) -> None:
        self._oracle = oracle
        self._handle = handle

    def __call__(self, *args: Any) -> Any:
        """Call the function in the kernel; return its result or raise what it raised."""
        values, error = self._oracle.call_each(self._handle, [args])
        if error is not None:
            raise error
        return values[0]

    def call_each(
        self, rows: list[tuple[Any, ...]]
    ) -> tuple[list[Any], Exception | None]:
        """Call the function once per row of arguments, in order, many calls a request.

        The calls stop at the first that raises. Returns the results of the
        calls before it, and what it raised (None if none did). A check that
        calls the learner's function at many points (`utils.exercises`'s
        ``values_at``) makes two or three requests instead of one per point.
        """
        return self._oracle.call_each(self._handle, rows)

    def __repr__(self) -> str:
        return "<the learner's function>"

    def __getattr__(self, name: str) -> Any:
        """A check that reads the function's code or namespace (to see what it
        calls) needs the function itself: mark the oracle `needs_kernel`, so
        the grader checks the answer beside the learner's code."""
        if name in _FUNCTION_INSIDES:
            self._oracle.needs_kernel = True
        raise AttributeError(name)


class KernelOracle:
    """Plain data from a live kernel: its answers, and calls of its functions.

    Parameters
    ----------
    km : KernelManager
        The manager of the kernel that ran the notebook.
    call_seconds : float
        Seconds one call of a learner's function may take in the kernel.

    Attributes
    ----------
    needs_kernel : bool
        Set when a value could not travel as data since it was last cleared.
    """

    def __init__(self, km: Any, *, call_seconds: float = 10.0) -> None:
        self.km = km
        self.call_seconds = call_seconds
        self.needs_kernel = False
        self.stuck = False
        self._client = connected_client(km, timeout=60)
        self._request(_KERNEL_SIDE, None)

    def close(self) -> None:
        """Stop talking to the kernel."""
        self._client.stop_channels()

    def fetch(self, name: str) -> tuple[bool, Any]:
        """Return (found, value) for the global variable ``name`` of the notebook."""
        code = (
            f"__import__('sys').modules['__course_bridge__'].fetch({name!r}, globals())"
        )
        message = self._request(code, None)
        if message.get("missing"):
            return False, None
        return True, self._decode(message["value"])

    def call_each(
        self, handle: str, rows: list[tuple[Any, ...]]
    ) -> tuple[list[Any], Exception | None]:
        """Call the kernel's function ``handle`` once per row of arguments, in order,
        stopping at the first call that raises; return the results before it and
        what it raised (None if no call did).

        The first call goes alone; then as many calls at a time as would take a
        tenth of `call_seconds` at the pace measured so far. So a fast function
        answers 25 points in two requests, and a function that hangs is
        stopped after `call_seconds`, as a single call would be.
        """
        results: list[Any] = []
        size = 1
        while len(results) < len(rows):
            chunk = rows[len(results) : len(results) + size]
            start = time.perf_counter()
            try:
                values, error = self._call_chunk(handle, chunk)
            except Exception as exc:  # too slow, or cannot travel: from this call on
                return results, exc
            results += values
            if error is not None:
                return results, error
            pace = max((time.perf_counter() - start) / len(chunk), 1e-3)
            size = max(1, int(self.call_seconds / 10 / pace))
        return results, None

    def _call_chunk(
        self, handle: str, rows: list[tuple[Any, ...]]
    ) -> tuple[list[Any], Exception | None]:
        callbacks: list[Callable[..., Any]] = []
        try:
            sent = json.dumps([[encode(a, callbacks) for a in args] for args in rows])
        except CannotTravel:
            self.needs_kernel = True
            raise
        code = (
            "__import__('sys').modules['__course_bridge__']"
            f".call_each({handle!r}, {sent!r})"
        )
        message = self._request(code, callbacks)
        values = message.get("values")
        if not isinstance(values, list) or len(values) > len(rows):
            raise RuntimeError("the kernel's answer is not of the bridge's format")
        error = None
        if "raise" in message:
            error = _learner_exception(message["raise"], message.get("message", ""))
        elif len(values) < len(rows):
            raise RuntimeError("the kernel answered fewer calls than it was asked")
        return [self._decode(v) for v in values], error

    def _decode(self, data: Any) -> Any:
        try:
            return decode(data, self)
        except CannotTravel:
            self.needs_kernel = True
            raise

    def _request(self, code: str, callbacks: list[Callable[..., Any]] | None) -> dict:
        if self.stuck:
            raise TimeoutError(
                f"an earlier call did not return within {self.call_seconds:g} s"
            )

        def answer_callback(msg: dict) -> None:
            reply: dict[str, Any]
            try:
                request = json.loads(msg["content"]["prompt"])
                function = (callbacks or [])[int(request["callback"])]
                args = [decode(a) for a in request["args"]]
                reply = {"value": encode(function(*args))}
            except Exception as exc:  # the learner called it wrongly: tell them
                reply = {"raise": f"{type(exc).__name__}: {exc}"}
            self._client.input(json.dumps(reply))

        outputs, error = run_code(
            self.km,
            code,
            timeout=self.call_seconds,
            stdin_hook=answer_callback,
            client=self._client,
        )
        if error is not None and error.startswith("TimeoutError"):
            self.stuck = True
            raise TimeoutError(f"it did not return within {self.call_seconds:g} s")
        replies = [o[BRIDGE_MIME] for o in outputs if BRIDGE_MIME in o]
        if code is _KERNEL_SIDE:
            if error is not None:
                raise RuntimeError(f"the kernel could not be asked ({error})")
            return {}
        if not replies:
            raise RuntimeError(f"the kernel gave no answer ({error or 'no output'})")
        message = json.loads(replies[-1])
        if not isinstance(message, dict):
            raise RuntimeError("the kernel's answer is not of the bridge's format")
        return message


def _learner_exception(name: str, message: str) -> Exception:
    """An exception like the one the learner's function raised in the kernel."""
    known = getattr(builtins, name, None)
    if isinstance(known, type) and issubclass(known, Exception):
        try:
            return known(message)
        except Exception:  # an exception class with other arguments
            pass
    return type(str(name), (Exception,), {})(message)


def connected_client(km: Any, *, timeout: float) -> Any:
    """Return a started blocking client of the running kernel of ``km``, listening."""
    client = km.blocking_client()
    client.start_channels()
    try:
        run_sync(until_listening)(client, timeout)
    except BaseException:
        client.stop_channels()
        raise
    return client


def run_code(
    km: Any,
    code: str,
    *,
    timeout: float,
    stdin_hook: Callable[[dict], None] | None = None,
    client: Any = None,
) -> tuple[list[dict], str | None]:
    """Run ``code`` in the kernel of ``km``; return the data it displayed and its error.

    Parameters
    ----------
    km : KernelManager
        The manager of a running kernel.
    code : str
        Python code to execute (not stored in the kernel's history).
    timeout : float
        Seconds to wait for the code to finish.
    stdin_hook : callable, optional
        Called with each ``input_request`` message (the code may ask for input).
    client : BlockingKernelClient, optional
        A started client to use (default: a new one, stopped afterwards).

    Returns
    -------
    (list of dict, str or None)
        The MIME bundles of ``display_data`` outputs, in order, and
        ``"Name: message"`` of the exception the code raised, or None.
    """
    own = client is None
    outputs: list[dict] = []
    errors: list[str] = []

    def collect(msg: dict) -> None:
        kind = msg["msg_type"]
        if kind in ("display_data", "execute_result"):
            outputs.append(msg["content"].get("data", {}))
        elif kind == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    try:
        if own:
            client = connected_client(km, timeout=timeout)
        client.execute_interactive(
            code,
            silent=False,
            store_history=False,
            allow_stdin=stdin_hook is not None,
            timeout=timeout,
            output_hook=collect,
            stdin_hook=stdin_hook,
        )
    except TimeoutError:
        errors.insert(0, f"TimeoutError: no answer within {timeout:g} s")
    finally:
        if own and client is not None:
            client.stop_channels()
    return outputs, (errors[0] if errors else None)
