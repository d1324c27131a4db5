"""Answer cases for lesson 05, Chain rule and backpropagation."""

CASES: dict = {}
