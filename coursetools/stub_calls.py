"""Which cells of a solved lesson call code that the student version stubs.

In the student version (`coursetools.student`), a solution block inside a
function becomes ``raise NotImplementedError``. A cell that reaches such a
block, other than through `check`, stops Run All there until the learner has
solved that exercise. Code that needs an answer is shown to the learner as a
markdown code block instead, to run once the answer passes.

`watch` runs in the kernel of a solved lesson, before its first cell (the
test plugin `coursetools.nbval_grading` calls it). From then on the kernel
puts a call to `reached` on each indented ``### BEGIN SOLUTION`` line it
runs, where the stub would raise (the marker is a comment, so no line number
changes), and notes which of the lesson's cells is running. `reached` records
the function it is called from if that cell runs whole in the student version
(the plugin says which do) and the call is not made by `check`. `show_found`
displays the records.

This module runs in the kernel, so it imports nothing beyond the standard
library: the lesson's own imports are all the kernel loads.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FOUND_MIME", "add_probes", "reached", "show_found", "watch"]

#: The MIME type under which `show_found` displays its records.
FOUND_MIME = "application/vnd.course.stub-calls+json"

_INDENTED_BEGIN = re.compile(r"^([ \t]+)(### BEGIN SOLUTION)")
_PROBE = "__import__('coursetools.stub_calls').stub_calls.reached(); "
# Where `check` (and the grader) call a learner's answer; a stub there is
# reported as "not attempted".
_CHECK_MODULE, _CHECK_FUNCTION = "utils.exercises._core", "evaluate"


@dataclass
class _Watch:
    cells: list[tuple[str, bool]] = field(default_factory=list)
    next: int = 0  # the first of `cells` that has not started yet
    running: int | None = None  # the code cell running, if it runs whole
    found: dict[tuple[int, str], None] = field(default_factory=dict)


_watch = _Watch()


def add_probes(lines: list[str]) -> list[str]:
    """Put a call to `reached` on each indented solution marker (an IPython transformer).

    Examples
    --------
    >>> add_probes(["def df(x):\\n", "    ### BEGIN SOLUTION\\n"])[1]
    "    __import__('coursetools.stub_calls').stub_calls.reached(); ### BEGIN SOLUTION\\n"
    >>> add_probes(["### BEGIN SOLUTION\\n"])  # at the top level the stub is `name = ...`
    ['### BEGIN SOLUTION\\n']
    """
    return [_INDENTED_BEGIN.sub(rf"\g<1>{_PROBE}\g<2>", line) for line in lines]


def watch(shell: Any, cells: list[tuple[str, bool]]) -> None:
    """From now on, record the stub calls of a lesson in IPython `shell`.

    `cells` gives each code cell of the lesson, in order, as its source and
    whether it runs whole in the student version.
    """
    global _watch
    _watch = _Watch(list(cells))
    shell.input_transformers_post.append(add_probes)
    shell.events.register("pre_run_cell", _note_cell)


def _note_cell(info: Any) -> None:
    """Note which lesson cell starts, if it is one (the next with this source)."""
    _watch.running = None
    for number in range(_watch.next, len(_watch.cells)):
        source, whole = _watch.cells[number]
        if source == info.raw_cell:
            _watch.next = number + 1
            _watch.running = number if whole else None
            return


def reached() -> None:
    """Record the calling function if a cell that runs whole called it, not `check`."""
    if _watch.running is None:
        return
    caller = sys._getframe(1)
    frame = caller
    while frame is not None:
        code = frame.f_code
        if (
            code.co_name == _CHECK_FUNCTION
            and frame.f_globals.get("__name__") == _CHECK_MODULE
        ):
            return
        frame = frame.f_back
    _watch.found[(_watch.running, caller.f_code.co_qualname)] = None


def show_found() -> None:
    """Display the records: the code cell's number (nbval's), its first line, the function."""
    from IPython.display import display

    found = [
        {"cell": number, "line": _watch.cells[number][0].split("\n")[0], "stub": name}
        for number, name in _watch.found
    ]
    display({FOUND_MIME: found}, raw=True)
