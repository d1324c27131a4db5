"""Talk to a live kernel from the grader: run code, collect what it displayed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["run_code"]


def run_code(
    km: Any,
    code: str,
    *,
    timeout: float,
    stdin_hook: Callable[[dict], None] | None = None,
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

    Returns
    -------
    (list of dict, str or None)
        The MIME bundles of ``display_data`` outputs, in order, and
        ``"Name: message"`` of the exception the code raised, or None.
    """
    client = km.blocking_client()
    client.start_channels()
    outputs: list[dict] = []
    errors: list[str] = []

    def collect(msg: dict) -> None:
        kind = msg["msg_type"]
        if kind in ("display_data", "execute_result"):
            outputs.append(msg["content"].get("data", {}))
        elif kind == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    try:
        client.wait_for_ready(timeout=timeout)
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
        errors.append(f"TimeoutError: no answer within {timeout:g} s")
    finally:
        client.stop_channels()
    return outputs, (errors[0] if errors else None)
