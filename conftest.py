"""Shared test set-up: a non-interactive backend and no files left behind."""

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

# No example database in the working tree: tests write only to temporary folders.
settings.register_profile("course", database=None, deadline=None)
settings.load_profile("course")
