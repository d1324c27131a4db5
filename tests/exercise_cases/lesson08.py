"""Answer cases for lesson 08, Capstone: a neural network from scratch."""

CASES: dict = {}
