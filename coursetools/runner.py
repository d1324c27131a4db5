"""Run one notebook on a fresh kernel in its own folder, then end everything it started.

`running_notebook` copies nothing of the course: the notebook's cells are
sent to a kernel that starts in an empty temporary folder (inside the chosen
`coursetools.sandbox.Sandbox`), with a time limit on the whole notebook.
While the context is open the kernel is still alive, so that the grader can
ask it for the answers (`coursetools.bridge`); on leaving it, the kernel is
shut down and every process the notebook started is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
import psutil
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from traitlets import DottedObjectName, Type

from .sandbox import Sandbox, end_processes, limit_memory_command

__all__ = [
    "ONE_THREAD",
    "NotebookRun",
    "PollingKernelClient",
    "SandboxedKernelManager",
    "font_cache",
    "hide_debugger",
    "patient",
    "running_notebook",
    "until_listening",
]

#: An environment variable passed on to kernels, so that a benchmark can tell
#: the processes of its own grading run from any other.
RUN_LABEL = "COURSE_GRADING_RUN"
#: The environment that keeps a kernel's linear algebra to one thread. Kernels
#: run side by side, one per core; more threads each only wait for one another
#: (OpenBLAS's wait for work to do is itself busy).
ONE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
#: Memory (address space) a kernel may use, in megabytes, unless told otherwise.
DEFAULT_MEMORY_MB = 4096
#: The longest single wait for a kernel's message before looking again.
_POLL_SECONDS = 1.0
#: Seconds nbclient waits for a cell's last outputs once its reply has come.
_IOPUB_SECONDS = 5
#: Seconds a kernel may take to start (a sandbox and NumPy's import included).
_STARTUP_SECONDS = 60
#: The folder, in a kernel's own, that keeps ipykernel's debugger out (`hide_debugger`).
_NO_DEBUGGER = "no-debugger"
#: How long a killed kernel may take to end, and how often to look.
_END_SECONDS = 5.0
_END_POLL_SECONDS = 0.005
#: The kernel's traceback mode: the grade keeps only an error's name, and
#: IPython's default mode spends seconds on the context of a deep traceback.
_KERNEL_ARGUMENTS = ["--InteractiveShell.xmode=Plain"]


class PollingChannel(AsyncZMQSocketChannel):
    """A kernel channel whose every wait for a message looks again each second.

    A wait can miss the wake-up of a message that has come (widget cells,
    several kernels at once). Without a limit the notebook stopped for good
    (6 of 36 grading runs; 0 of 60 with polling). nbclient's own limits end
    such a wait only at the notebook's time limit, which grades it "did not
    finish" (1 of 108 runs; 0 of 72 with polling); nbclient has no setting
    that looks again sooner. A wait with a limit still ends at its limit.
    """

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        """Return the next message, polling at most `_POLL_SECONDS` at a time."""
        return await patient(super().get_msg)(timeout)


class PollingKernelClient(AsyncKernelClient):
    """jupyter_client's asynchronous kernel client, with `PollingChannel` for
    the shell and IOPub channels (the ones nbclient waits on), ready as soon
    as the kernel answers (`until_listening`)."""

    shell_channel_class = Type(PollingChannel)  # type: ignore[assignment]
    iopub_channel_class = Type(PollingChannel)  # type: ignore[assignment]

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel answers and IOPub listens (`until_listening`)."""
        await until_listening(self, _STARTUP_SECONDS if timeout is None else timeout)


async def until_listening(client: Any, timeout: float) -> None:
    """Return once the kernel of ``client`` answers and the client's IOPub listens.

    As jupyter_client's ``wait_for_ready``, ask for the kernel's info until an
    answer comes on IOPub as well as on the shell channel (a new listener
    misses what was sent before it joined), but do not then wait for 0.2 s
    of silence on IOPub: nbclient and the grader read only the messages that
    answer their own requests. Works for blocking and asynchronous clients.

    Raises
    ------
    RuntimeError
        If the kernel dies, or does not answer within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        client.kernel_info()
        with contextlib.suppress(Empty):
            await ensure_async(client.get_shell_msg(timeout=1))
            await ensure_async(client.get_iopub_msg(timeout=0.2))
            return
        if not await ensure_async(client.is_alive()):
            raise RuntimeError("the kernel died before it answered")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not answer within {timeout:g} s")


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs inside a sandbox, talking over Unix sockets.

    Kernels normally talk over TCP ports picked as "free" a moment before the
    kernel binds them, so kernels started at once by different processes can
    collide. On POSIX systems the kernel uses Unix sockets in its work folder
    instead (the only folder a sandboxed kernel can see to write). Its clients
    are `PollingKernelClient` (jupyter_client's ``client_class`` setting).
    """

    client_class = DottedObjectName("coursetools.runner.PollingKernelClient")
    client_factory = Type(PollingKernelClient, klass=AsyncKernelClient)

    def configure(
        self, workdir: Path, sandbox: Sandbox, memory_mb: int | None
    ) -> SandboxedKernelManager:
        """Set where the kernel lives, its sandbox and its memory limit; return self."""
        self._workdir = Path(workdir)
        self._sandbox = sandbox
        self._memory_mb = memory_mb
        if os.name == "posix":
            self.transport = "ipc"
            self.ip = str(self._workdir / "kernel")
        self.connection_file = str(self._workdir / "kernel.json")
        return self

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """Return the kernel's command line, wrapped in the sandbox and the memory limit."""
        command = super().format_kernel_cmd(extra_arguments)
        return limit_memory_command(
            self._sandbox.wrap(command, self._workdir), self._memory_mb
        )


def hide_debugger(folder: Path) -> Path:
    """Write into ``folder`` a stand-in ``debugpy`` that fails to import; return ``folder``.

    ipykernel imports debugpy as it starts (0.2 s of the kernel's CPU) and starts
    without a debugger when that import fails. A kernel with ``folder`` first on
    its ``PYTHONPATH`` is one that nobody debugs: a grading or a test kernel.
    """
    package = Path(folder) / "debugpy"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(
        'raise ImportError("no debugger in a grading or test kernel")\n',
        encoding="utf-8",
    )
    return Path(folder)


def patient(get_msg: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a channel's ``get_msg`` so that each wait polls at most `_POLL_SECONDS` at a time."""

    async def get_msg_patiently(timeout: float | None = None) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = _POLL_SECONDS if deadline is None else deadline - time.monotonic()
            try:
                return await get_msg(timeout=max(0.0, min(_POLL_SECONDS, left)))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_patiently


@dataclass
class NotebookRun:
    """What happened while a notebook ran.

    Attributes
    ----------
    nb : NotebookNode
        The notebook, with its outputs.
    failed_cells : str
        Cells that raised, counted from 1 (markdown included), e.g.
        ``"cell 12 (NameError)"``; empty if none did.
    stopped : str
        Why the run stopped before the end (time limit, dead kernel), or "".
    km : SandboxedKernelManager or None
        The kernel's manager, alive while the context is open and the run finished.
    processes_ended : int
        Processes still running after the kernel shut down, which were killed.
    """

    nb: nbformat.NotebookNode
    failed_cells: str = ""
    stopped: str = ""
    km: SandboxedKernelManager | None = None
    processes_ended: int = 0


def _kernel_env(workdir: Path, sandbox: Sandbox) -> dict[str, str]:
    """A small environment: no instructor's variables reach the kernel."""
    env = {
        key: os.environ[key]
        for key in ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", RUN_LABEL)
        if key in os.environ
    }
    env.update(
        HOME=sandbox.home(workdir),
        TMPDIR=str(workdir / "tmp"),
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(workdir / "matplotlib"),
        PYTHONPATH=str(workdir / _NO_DEBUGGER),
    )
    env.update(ONE_THREAD)
    return env


@contextlib.contextmanager
def running_notebook(
    nb: nbformat.NotebookNode,
    *,
    name: str,
    timeout: float,
    sandbox: Sandbox,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    font_cache: Path | None = None,
) -> Iterator[NotebookRun]:
    """Run every cell of ``nb`` on a fresh kernel; yield the run with the kernel still alive.

    Parameters
    ----------
    nb : NotebookNode
        The notebook to run (its outputs are replaced).
    name : str
        The file name the notebook gets in its own folder.
    timeout : float
        Seconds allowed for the whole notebook.
    sandbox : Sandbox
        Where the kernel runs.
    memory_mb : int or None
        The kernel's memory limit in megabytes (None: no limit).
    font_cache : Path, optional
        A Matplotlib cache folder copied into the kernel's own, so that each
        kernel need not rebuild its font list.

    Yields
    ------
    NotebookRun
        With ``km`` set while the kernel is alive (None if it has died).
    """
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        workdir = Path(tmp).resolve()
        for sub in ("tmp", "home", "matplotlib"):
            (workdir / sub).mkdir()
        hide_debugger(workdir / _NO_DEBUGGER)
        if font_cache is not None and font_cache.is_dir():
            shutil.copytree(font_cache, workdir / "matplotlib", dirs_exist_ok=True)
        nbformat.write(nb, str(workdir / name))  # the submission's own copy, alone
        km = SandboxedKernelManager(kernel_name="python3").configure(
            workdir, sandbox, memory_mb
        )
        deadline = time.monotonic() + timeout
        # nbclient's own limits: each cell may use the time left to the notebook
        # (so a stopped run names its cell), then its outputs get _IOPUB_SECONDS.
        client = NotebookClient(
            nb,
            km=km,
            timeout_func=lambda cell: max(0.1, deadline - time.monotonic()),
            startup_timeout=_STARTUP_SECONDS,
            extra_arguments=_KERNEL_ARGUMENTS,
            iopub_timeout=_IOPUB_SECONDS,
            allow_errors=True,
            resources={"metadata": {"path": str(workdir)}},
        )
        run = NotebookRun(nb)
        try:
            # The kernel's own chatter (and its complaints when stopped) stays out of the report.
            client.start_new_kernel(
                cwd=str(workdir),
                env=_kernel_env(workdir, sandbox),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            client.start_new_kernel_client()
            run.km = km
            _execute_cells(client, run, timeout, deadline)
            yield run
        finally:
            # Everything the kernel started, taken while the kernel still lives,
            # so that a process in a session of its own is found too.
            started = psutil.Process().children(recursive=True)
            with contextlib.suppress(Exception):
                if client.kc is not None:
                    client.kc.stop_channels()
            with contextlib.suppress(Exception):
                if km.has_kernel:
                    _shutdown_now(km)
            run.processes_ended = end_processes(
                before, [p for p in started if p.pid not in before]
            )


def font_cache() -> Path:
    """Return a folder holding Matplotlib's font list, made once per process.

    Each kernel starts with a copy, instead of spending seconds on building its
    own. The list is the grader's own (Matplotlib builds it once per machine
    and keeps it in its cache folder); importing Matplotlib here builds it if
    there is none yet.
    """
    global _FONT_CACHE
    if _FONT_CACHE is None:
        import matplotlib
        import matplotlib.font_manager  # reads the list, or builds it

        folder = Path(tempfile.mkdtemp(prefix="grade-fonts-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        for found in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            shutil.copyfile(found, folder / found.name)
        _FONT_CACHE = folder
    return _FONT_CACHE


_FONT_CACHE: Path | None = None


def _shutdown_now(km: SandboxedKernelManager) -> None:
    """End the kernel at once, then let jupyter_client tidy up after it.

    jupyter_client's own kill looks every 0.1 s whether the kernel has gone,
    a tenth of a second lost per notebook; here the kernel's process group is
    killed as jupyter_client would, and watched every `_END_POLL_SECONDS`.
    """
    kill = getattr(signal, "SIGKILL", None)
    if kill is not None:
        with contextlib.suppress(Exception):
            run_sync(km.signal_kernel)(kill)
            deadline = time.monotonic() + _END_SECONDS
            while run_sync(km.is_alive)() and time.monotonic() < deadline:
                time.sleep(_END_POLL_SECONDS)
    run_sync(km.shutdown_kernel)(now=True)


def _execute_cells(
    client: NotebookClient, run: NotebookRun, timeout: float, deadline: float
) -> None:
    """Execute the cells in order, recording failures and why a run stopped."""
    for index, cell in enumerate(run.nb.cells):
        if cell.cell_type != "code":
            continue
        if time.monotonic() >= deadline:
            run.stopped = (
                f"the notebook did not finish within {timeout:g} s "
                f"(cell {index + 1} had not started)"
            )
            break
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            run.stopped = (
                f"the notebook did not finish within {timeout:g} s "
                f"(cell {index + 1} was still running)"
            )
            break
        except DeadKernelError:
            run.stopped = (
                f"the kernel died while cell {index + 1} ran (out of memory, "
                "or the notebook ended its own process)"
            )
            break
    if run.stopped:
        run.km = None
    run.failed_cells = "; ".join(
        f"cell {k} ({output['ename']})"
        for k, cell in enumerate(run.nb.cells, start=1)
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    )
