"""Right and plausible wrong answers for the checks of lesson 03.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

CASES = {
    "03.1": {
        "right": [
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: 0.5 * (f(x + h) - f(x)) / h + 0.5 * (f(x) - f(x - h)) / h,
        ],
        "wrong": [
            (lambda f, x, h: (f(x + h) - f(x)) / h, "forward difference"),
            (lambda f, x, h: (f(x) - f(x - h)) / h, "backward difference"),
            (lambda f, x, h: (f(x + h) - f(x - h)) / h, "denominator is h"),
            # exact on parabolas (a third difference vanishes there) but first order
            (
                lambda f, x, h: (
                    (f(x + h) - f(x - h)) / (2 * h)
                    + (f(x + 2 * h) - 3 * f(x + h) + 3 * f(x) - f(x - h)) / h**2
                ),
                "h^2",
            ),
        ],
    },
    "03.2": {
        "right": [1e-8, 2e-8, 10**-8, 1e-7, 1e-9],
        "wrong": [
            (1e-2, "truncation"),
            (1e-14, "round-off"),
            (0.0, "positive"),
            (-1e-8, "positive"),
        ],
    },
}
