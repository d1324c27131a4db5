"""Helpers for the course "Derivatives and Gradients for Machine Learning".

Import what a lesson needs from its module; importing ``utils`` itself does
nothing else.

- `utils.numerics`: finite-difference and complex-step derivatives, gradients,
  Jacobians, Hessians, gradient checking.
- `utils.autodiff`: `Value`, scalar reverse mode (the engine of lessons 07 and 08).
- `utils.dual`: `Dual` and `forward_derivative`, forward mode with dual numbers.
- `utils.optim`: gradient descent (momentum, Nesterov) and Adam.
- `utils.plotting`: the course style and one function per kind of figure.
- `utils.widgets`: the lessons' interactive explorers.
- `utils.exercises`: `check` and the registry of exercises.
- `utils.environment`: the environment report of lesson 00.
"""
