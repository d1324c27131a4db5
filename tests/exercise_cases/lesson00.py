"""Right and plausible wrong answers for the checks of lesson 00.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np

CASES = {
    "00.1": {
        "right": [19.6, np.float64(19.6), np.array(19.6), 98 / 5],
        "wrong": [
            (39.2, "without dividing"),
            (44.1, "did not divide"),
            (14.7, "divided it by 3 s"),
            (9.8, "single instant"),
            (4.9, "squares are missing"),
            (24.5, "averaged the two distances"),
            (-19.6, "wrong way round"),
            ((4.9 * 1**2 - 4.9 * 3**2) / (3 - 1), "negative"),
            ((4.9 * 3**2 - 4.9 * 1**2) / (1 - 3), "wrong way round"),
            ((4.9 * 3**2 - 4.9 * 1**2) / 3, "time on the clock at the end"),
            (4.9 * 3**2 - 4.9 * 1**2 / 3 - 1, "brackets are missing"),
            (4.9 * 3**2 - 4.9 * 1**2 / (3 - 1), "brackets are missing"),
            (20, "round"),
            ("19.6", "number"),
        ],
    },
}
