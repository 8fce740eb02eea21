"""The kernel every chapter runs in: this project's own Python, started in a private, empty folder.

- The kernel is always the interpreter running carbonpeak (``sys.executable -m ipykernel_launcher``),
  whatever kernelspec ``JUPYTER_PATH`` or the user's Jupyter folders hold under the name ``python3``: a
  foreign kernelspec would run another environment's code while the receipt reports this project's code
  fingerprint. The page keeps the template's kernelspec name, so pages stay the same bytes.
- The kernel starts in a new empty temporary folder, never in the output folder or the caller's folder,
  with ``PYTHONSAFEPATH=1`` and IPython's ``ignore_cwd`` (the working folder is not put on ``sys.path``) and
  an empty ``IPYTHONDIR`` (no profile or startup file of the user's runs): a ``carbonpeak/__init__.py`` or
  ``numpy.py`` planted next to a page is never imported.
- Every way a chapter can fail while it runs -- an exception in a cell, a kernel that dies (killed, out of
  memory), one that never starts -- becomes one ``ExecutionError`` line naming the chapter (exit 1).
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

from carbonpeak.errors import ExecutionError, one_line

# The kernel would warn "running over TCP without encryption" at every start: it talks to this process on
# localhost only, so the warning is noise; errors are still reported.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--IPKernelApp.ignore_cwd=True"]
TEMPLATE_KERNEL = "python3"  # the name templates and pages carry; the kernel behind it is always ``spec``'s
UNCHANGED = "published pages left unchanged"


def spec(ipython_dir: Path):
    """The kernelspec of this interpreter, with the safe environment described above."""
    from jupyter_client.kernelspec import KernelSpec

    return KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name="Python 3 (ipykernel)",
        language="python",
        env={"PYTHONSAFEPATH": "1", "IPYTHONDIR": str(ipython_dir)},
        metadata={},
    )


def manager_class(ipython_dir: Path, log, work: Path) -> type:
    """A kernel manager that starts ``spec(ipython_dir)`` whatever kernel name it is asked for, in the folder
    ``work``, with the kernel process's own output (not a cell's, which comes back as messages) going to the
    open file ``log``: a kernel stopped mid-run must not print its shutdown noise under the command's one-line
    message. The folder is given to the kernel process, not made this process's working folder (papermill's
    ``cwd`` would change it for every thread while chapters run side by side)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    own = spec(ipython_dir)

    class OwnSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return own

    class OwnKernel(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _own_specs(self):
            return OwnSpecs(parent=self)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            await super()._async_launch_kernel(kernel_cmd, **{**kw, "stdout": log, "stderr": log, "cwd": str(work)})

    return OwnKernel


def _last_words(log_path: Path) -> str:
    """The last line the kernel printed, if any, to explain why it failed."""
    try:
        lines = [line.strip() for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return ""
    last = next((line for line in reversed(lines) if line), "")
    return f"; the kernel's last words: {one_line(last)[:200]}" if last else ""


def execute(chapter: str, template: Path, parameters: dict):
    """Run ``template`` with ``parameters`` in a fresh kernel; returns the executed notebook (nothing is
    written anywhere). Raises ExecutionError for any failure of the chapter or its kernel."""
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    for name in ("papermill", "traitlets"):  # their log lines would come under the one-line message; the
        logger = logging.getLogger(name)  # failure itself is reported by the exception below
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    with tempfile.TemporaryDirectory(prefix="carbonpeak-kernel-") as private:
        work, log_path = Path(private) / "work", Path(private) / "kernel.log"
        work.mkdir()
        with open(log_path, "wb") as log:
            try:
                return papermill.execute_notebook(
                    str(template),
                    None,  # the page is written by the runner, once complete
                    parameters=parameters,
                    kernel_name=TEMPLATE_KERNEL,
                    progress_bar=False,
                    log_output=False,
                    extra_arguments=KERNEL_ARGUMENTS,
                    kernel_manager_class=manager_class(Path(private) / "ipython", log, work),
                )
            except PapermillExecutionError as exc:
                raise ExecutionError(
                    f"chapter '{chapter}' failed in cell {exc.exec_count}: {exc.ename}: {one_line(exc.evalue)} "
                    f"({UNCHANGED})"
                ) from None
            except DeadKernelError:
                raise ExecutionError(
                    f"chapter '{chapter}': its kernel died while the chapter ran (killed by a signal or for lack "
                    f"of memory); {UNCHANGED}{_last_words(log_path)}"
                ) from None
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:  # a kernel that never started or stopped answering, a broken template
                raise ExecutionError(
                    f"chapter '{chapter}': its kernel failed ({type(exc).__name__}: {one_line(exc) or 'no message'})"
                    f"; {UNCHANGED}{_last_words(log_path)}"
                ) from None
