"""Checks for lesson 07, Gradient descent.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, or a property of the right answer) at
reproducible random points.
"""

from __future__ import annotations
