"""Course commands."""
