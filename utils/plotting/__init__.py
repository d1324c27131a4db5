"""Draw the course's figures, one function per kind of figure.

Every ``plot_*`` function draws on the Axes it is given (or on a new figure of
size `FIGSIZE`), labels both axes, returns the Axes and never calls
``plt.show()``: the notebook does that. Colours come from the Okabe-Ito
palette, which stays distinguishable for the common kinds of colour
blindness, and lines also differ in line style or marker, so colour is never
the only cue.

The figures of functions of one variable live in `curves`; those of functions
of two variables (surfaces, contour maps, slices, gradient fields, directional
derivatives) in `surfaces`; shared constants, the style and input checks in
`_base`. Diagrams of computational graphs (`plot_graph`, with no axes to
label) live in `graphs`, and measured series against a common x
(`plot_series`) in `series`. Optimisation figures (descent paths in one
and two variables, the learning-rate view, decision boundaries) live in
`descent`.

Call `use_course_style` once in a notebook's setup cell. Importing this module
changes nothing.
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
    plot_one_sided_slopes,
    plot_secant,
    plot_step_errors,
    plot_tangent,
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
    "plot_one_sided_slopes",
    "plot_secant",
    "plot_series",
    "plot_slice",
    "plot_slice_view",
    "plot_step_errors",
    "plot_surface",
    "plot_tangent",
    "plot_taylor",
    "use_course_style",
]
