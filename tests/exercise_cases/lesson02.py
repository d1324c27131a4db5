"""Right and plausible wrong answers for the checks of lesson 02.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

CASES = {}
