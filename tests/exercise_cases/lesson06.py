"""Answer cases for lesson 06, Critical points."""

CASES: dict = {}
