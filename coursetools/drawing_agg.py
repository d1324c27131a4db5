"""Matplotlib's Agg backend for the kernels that test the lessons: every figure drawn, none encoded.

In a notebook, the inline backend draws each figure twice (once to find its
tight bounding box), encodes it as a PNG and sends it to the client; that
was a quarter to a third of a lesson's kernel CPU under test, where nobody
looks at the picture. Here `show`, and the end of every cell (as with the
inline backend), draw each open figure once with Agg, in memory, and close
it, so that an error that only drawing reveals (a mathtext label that does
not parse, data of the wrong shape) still fails the cell.

The test plugin `coursetools.nbval_grading` starts nbval's kernels with
``MPLBACKEND=module://coursetools.drawing_agg``. The website and the browser
tests keep the inline backend (real pictures).
"""

from __future__ import annotations

from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["BACKEND", "FigureCanvas", "show"]

#: The value of ``MPLBACKEND`` that selects this backend.
BACKEND = "module://coursetools.drawing_agg"

FigureCanvas = FigureCanvasAgg


def show(*args: Any, **kwargs: Any) -> None:
    """Draw every open figure with Agg, then close them all (even if one fails to draw)."""
    import matplotlib.pyplot as plt

    try:
        for number in plt.get_fignums():
            plt.figure(number).canvas.draw()
    finally:
        plt.close("all")


def _draw_after_each_cell() -> None:
    """Draw the figures a cell left open, as the inline backend shows them."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_execute", show)


_draw_after_each_cell()
