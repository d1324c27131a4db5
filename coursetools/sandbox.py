"""Where a submission's kernel runs: inside bubblewrap, or as a plain process.

With bubblewrap (``bwrap``, Linux), the kernel sees the operating system, the
Python installation, the course's virtual environment and its ``utils``
package, all read-only; a private, empty home in memory; and its own work
folder, the only place it can write. It sees neither ``solutions/``, nor the
submissions, nor the gradebook, nor the instructor's home; it has no network,
and every process it starts lives in its own PID namespace, which ends with
the kernel.

Without bubblewrap the kernel runs as the instructor, in its own work folder
and session, with a temporary home; whatever it started is ended with it, but
it could read and change the instructor's files.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import psutil

from .lessons import ROOT

__all__ = [
    "MODES",
    "Sandbox",
    "become_subreaper",
    "choose_sandbox",
    "end_processes",
    "limit_memory_command",
]

#: The values of ``--sandbox``.
MODES = ("auto", "bwrap", "none")

#: The home folder a sandboxed kernel sees (an empty folder in memory).
SANDBOX_HOME = "/home/learner"

_NOT_ISOLATED = (
    "WARNING: submissions are not isolated: each notebook runs as you, in its own "
    "temporary folder, but it can read and change your files and its classmates' "
    "submissions (install bubblewrap to isolate them: apt-get install bubblewrap)."
)


@dataclass(frozen=True)
class Sandbox:
    """How kernels are launched: ``name`` is ``"bwrap"`` or ``"none"``.

    Attributes
    ----------
    name : str
        The isolation used.
    executable : str or None
        The ``bwrap`` executable, when ``name`` is ``"bwrap"``.
    """

    name: str
    executable: str | None = None

    def describe(self) -> str:
        """Return one line for the instructor: which isolation is used."""
        if self.name == "bwrap":
            return (
                "isolation: bubblewrap (each kernel read-only on the course, "
                "no network, no view of other submissions or of your files)"
            )
        return _NOT_ISOLATED

    def home(self, workdir: Path) -> str:
        """Return the home folder the kernel is given."""
        return SANDBOX_HOME if self.name == "bwrap" else str(workdir / "home")

    def wrap(self, command: list[str], workdir: Path) -> list[str]:
        """Return ``command`` made to run inside this sandbox, in ``workdir``.

        Parameters
        ----------
        command : list of str
            The kernel's command line.
        workdir : Path
            The submission's own folder: the only writable place.

        Returns
        -------
        list of str
            The command to launch.
        """
        if self.name != "bwrap":
            return list(command)
        return [str(self.executable), *bwrap_arguments(Path(workdir)), "--", *command]


def bwrap_arguments(workdir: Path) -> list[str]:
    """Return the bubblewrap options that confine a kernel to ``workdir``."""
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), top]
        elif path.is_dir():
            args += ["--ro-bind", top, top]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    args += ["--tmpfs", SANDBOX_HOME]
    # The instructor's home, if Python or the course lives in it, is an empty
    # folder in memory with only those parts mounted (read-only) inside it.
    home = Path.home()
    if home != Path("/") and not str(home).startswith("/usr"):
        args += ["--tmpfs", str(home)]
    for path in _read_only_paths():
        args += ["--ro-bind", path, path]
    args += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir)]
    args += [
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--die-with-parent",
        "--new-session",
        # The kernel would watch for its parent by process id, which it cannot
        # see from its own PID namespace; --die-with-parent does that job.
        "--unsetenv",
        "JPY_PARENT_PID",
    ]
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]
    return args


def _read_only_paths() -> list[str]:
    """The Python installation, the virtual environment and ``utils``: read-only."""
    paths = {
        os.path.realpath(sys.base_prefix),
        os.path.realpath(sys.prefix),
        str(ROOT / "utils"),
    }
    # Skip what /usr already holds, and anything inside another listed path.
    chosen = sorted(p for p in paths if not p.startswith("/usr/") and p != "/usr")
    return [p for p in chosen if not any(p.startswith(q + "/") for q in chosen)]


def choose_sandbox(mode: str = "auto") -> Sandbox:
    """Return the sandbox for ``mode``.

    Parameters
    ----------
    mode : {"auto", "bwrap", "none"}
        ``"auto"`` uses bubblewrap where it is installed and works, else none.

    Returns
    -------
    Sandbox

    Raises
    ------
    ValueError
        If ``mode`` is not one of `MODES`.
    RuntimeError
        If ``mode`` is ``"bwrap"`` and bubblewrap is missing or does not work here.
    """
    if mode not in MODES:
        raise ValueError(f"sandbox must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "none":
        return Sandbox("none")
    executable = shutil.which("bwrap") if sys.platform.startswith("linux") else None
    problem = (
        "bubblewrap (bwrap) is not installed"
        if executable is None
        else _bwrap_problem(executable)
    )
    if problem is None:
        return Sandbox("bwrap", executable)
    if mode == "bwrap":
        raise RuntimeError(f"sandbox 'bwrap' cannot be used: {problem}")
    return Sandbox("none")


def _bwrap_problem(executable: str) -> str | None:
    """Try bubblewrap once with the grader's options; return why it fails, or None."""
    with contextlib.suppress(OSError):
        import tempfile

        with tempfile.TemporaryDirectory(prefix="bwrap-check-") as workdir:
            done = subprocess.run(
                [
                    executable,
                    *bwrap_arguments(Path(workdir)),
                    "--",
                    sys.executable,
                    "-c",
                    "pass",
                ],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            if done.returncode == 0:
                return None
            return done.stderr.strip() or f"exit status {done.returncode}"
    return "it could not be started"


def limit_memory_command(command: list[str], megabytes: int | None) -> list[str]:
    """Return ``command`` prefixed so that it runs with at most ``megabytes`` of memory.

    The limit is on address space (``RLIMIT_AS``), inherited by everything the
    command starts; it applies on POSIX systems only, and ``None`` means none.

    Raises
    ------
    ValueError
        If ``megabytes`` is not a positive integer or None.
    """
    if megabytes is None or os.name != "posix":
        return list(command)
    if isinstance(megabytes, bool) or not isinstance(megabytes, int) or megabytes < 1:
        raise ValueError(
            f"megabytes must be a positive integer or None, got {megabytes!r}"
        )
    code = (
        "import os, resource, sys; n = int(sys.argv[1]) * 1024 * 1024; "
        "resource.setrlimit(resource.RLIMIT_AS, (n, n)); "
        "os.execvp(sys.argv[2], sys.argv[2:])"
    )
    # -S: without the site module this step starts in a quarter of the time.
    return [sys.executable, "-S", "-c", code, str(megabytes), *command]


def become_subreaper() -> bool:
    """Adopt this process's orphaned descendants (Linux), so none escapes `end_processes`.

    Returns
    -------
    bool
        True where the operating system allowed it.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_child_subreaper = 36
        return libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def end_processes(keep: set[int], also: Iterable[psutil.Process] = ()) -> int:
    """Kill every descendant of this process whose id is not in ``keep``, and ``also``.

    Parameters
    ----------
    keep : set of int
        Process ids that were already there before the notebook ran.
    also : iterable of psutil.Process
        Processes to end as well, wherever they now are (descendants seen
        earlier, which may since have been adopted by another process; psutil
        does not kill a process whose id has since been reused).

    Returns
    -------
    int
        How many processes were ended.
    """
    victims = {
        p.pid: p for p in psutil.Process().children(recursive=True) if p.pid not in keep
    }
    for process in also:
        victims.setdefault(process.pid, process)
    for process in victims.values():
        with contextlib.suppress(psutil.Error):
            process.kill()
    # Wait until each has exited. A zombie has: it runs nothing and holds no
    # memory, and its parent (init, outside the sandbox) reaps it when it will,
    # which can take a second; the zombies that are ours are reaped here.
    deadline = time.monotonic() + 5
    alive = list(victims.values())
    while alive and time.monotonic() < deadline:
        _, alive = psutil.wait_procs(alive, timeout=0)
        alive = [p for p in alive if not _exited(p)]
        if alive:
            time.sleep(0.01)
    psutil.wait_procs(list(victims.values()), timeout=0)
    return len(victims)


def _exited(process: psutil.Process) -> bool:
    """Whether the process has ended (it may be left as a zombie until reaped)."""
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
