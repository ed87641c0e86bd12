"""Execute one notebook with papermill in memory and scrub what varies between runs.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError

from ita_audit.errors import ExecutionError
from ita_audit.run.warm_kernels import WarmKernelManager
from ita_audit.util.atomic import atomic_write_text

KERNEL = "python3"
# The kernel's own log (its "running over TCP without encryption" warning, and the
# "KeyboardInterrupt caught" that jupyter_client's interrupt-before-shutdown provokes) is noise
# on a batch's stderr; cell errors and a dead kernel still reach papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def _register_thai_translator() -> None:
    """Make papermill write Thai parameter strings as Thai (``repr``), not ``\\u0e2a`` escapes."""
    from papermill.translators import PythonTranslator, papermill_translators

    class ThaiPythonTranslator(PythonTranslator):
        @classmethod
        def translate_str(cls, val: str) -> str:
            return repr(val)

    papermill_translators.register("python", ThaiPythonTranslator)


def execute_notebook(template: Path, parameters: dict, cwd: Path, *,
                     warm: bool = True) -> nbformat.NotebookNode:
    """Execute a notebook in memory with papermill and return it.

    No output path is given, so papermill does not re-serialise the whole notebook before and
    after every cell; the caller writes it once. The kernel is a fresh process either way:
    forked from this process's warm kernel server (:mod:`ita_audit.run.warm_kernels`), or with
    ``warm=False`` launched the ordinary way. Raises ExecutionError naming the cell,
    or saying that the kernel died.
    """
    import papermill

    _register_thai_translator()
    options = {"kernel_manager_class": WarmKernelManager} if warm else {}
    # The kernel starts in ``cwd`` (nbclient's resources); papermill's own ``cwd`` would
    # change this whole process's folder while the notebook runs, under other threads' feet.
    resources = {"metadata": {"path": str(cwd)}}
    try:
        return papermill.execute_notebook(str(template), None, parameters=parameters,
                                          kernel_name=KERNEL, progress_bar=False,
                                          log_output=False, resources=resources,
                                          extra_arguments=KERNEL_ARGUMENTS, **options)
    except papermill.PapermillExecutionError as err:
        raise ExecutionError(f"{template.name} failed in cell {err.exec_count}: {err.ename}: "
                             f"{err.evalue}") from None
    except DeadKernelError:
        raise ExecutionError(f"{template.name}: its kernel died while running it (killed, "
                             "or out of memory)") from None


def scrub(notebook: nbformat.NotebookNode) -> None:
    """Drop wall-clock times, absolute paths and random ids that papermill and nbclient add,
    and join the pieces of a cell's printed text that arrived in separate messages (where the
    kernel's output thread cuts them depends on timing: ``print`` may arrive as its text and
    then its newline; nbconvert's ``CoalesceStreamsPreprocessor``, as nbval does before
    comparing), so that re-running unchanged inputs writes a byte-identical record."""
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    coalesce = CoalesceStreamsPreprocessor()
    notebook.metadata.pop("papermill", None)
    for index, cell in enumerate(notebook.cells):
        coalesce.preprocess_cell(cell, {}, index)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"


def prepare_notebook(template: Path, parameters: dict, target: Path) -> Path:
    """Write ``template`` with ``parameters`` injected and nothing executed (papermill's
    prepare-only step), scrubbed like a record, to ``target``."""
    import papermill

    _register_thai_translator()
    notebook = papermill.execute_notebook(str(template), None, parameters=parameters,
                                          prepare_only=True, kernel_name=KERNEL,
                                          progress_bar=False, log_output=False)
    scrub(notebook)
    atomic_write_text(target, nbformat.writes(notebook) + "\n")
    return target
