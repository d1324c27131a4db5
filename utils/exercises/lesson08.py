"""Checks for lesson 08, Capstone: a neural network from scratch.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, or a property of the right answer) at
reproducible random points.
"""

from __future__ import annotations
