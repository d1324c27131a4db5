"""Answer cases for lesson 07, Gradient descent."""

CASES: dict = {}
