"""Checks for lesson 04, Gradients.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, or a property of the right answer) at
reproducible random points.
"""
