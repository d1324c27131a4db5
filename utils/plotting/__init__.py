"""Draw the course's figures, one function per kind of figure.

Every figure function takes ``ax=None`` (a new figure if None), labels every
axis, returns the Axes and never calls ``plt.show()``. A function ``f`` may
take NumPy arrays or numbers; one that is not callable, or a reversed or
non-finite range, raises an error that names it. Colours come from the
Okabe-Ito palette, and lines differ in style or marker as well.

Call `use_course_style` once in a notebook's setup cell; importing changes nothing.
"""

from ._base import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    COLOR_CYCLE,
    FIGSIZE,
    FIGSIZE_TALL,
    FIGSIZE_WIDE,
    LINESTYLE_CYCLE,
    MARKERS,
    OKABE_ITO,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    YELLOW,
    NotVectorisedWarning,
    use_course_style,
)
from .curves import (
    plot_function,
    plot_function_and_derivative,
    plot_secant,
    plot_taylor,
)
from .descent import (
    plot_decision_boundary,
    plot_descent_1d,
    plot_descent_path,
    plot_learning_rate_view,
)
from .graphs import plot_graph
from .series import plot_series
from .surfaces import (
    plot_contours,
    plot_direction,
    plot_direction_view,
    plot_directional_derivatives,
    plot_gradient_field,
    plot_slice,
    plot_slice_view,
    plot_surface,
)

__all__ = [
    "BLACK",
    "BLUE",
    "BLUISH_GREEN",
    "COLOR_CYCLE",
    "FIGSIZE",
    "FIGSIZE_TALL",
    "FIGSIZE_WIDE",
    "LINESTYLE_CYCLE",
    "MARKERS",
    "OKABE_ITO",
    "ORANGE",
    "REDDISH_PURPLE",
    "SKY_BLUE",
    "VERMILLION",
    "YELLOW",
    "NotVectorisedWarning",
    "plot_contours",
    "plot_decision_boundary",
    "plot_descent_1d",
    "plot_descent_path",
    "plot_direction",
    "plot_direction_view",
    "plot_directional_derivatives",
    "plot_function",
    "plot_function_and_derivative",
    "plot_gradient_field",
    "plot_graph",
    "plot_learning_rate_view",
    "plot_secant",
    "plot_series",
    "plot_slice",
    "plot_slice_view",
    "plot_surface",
    "plot_taylor",
    "use_course_style",
]
