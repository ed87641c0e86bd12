"""What every kernel would otherwise do on its first notebook, done once by the warm-kernel
server (:mod:`ita_audit.run.kernel_server`) before it forks kernels: pythainlp's word
dictionary, the criteria and document kinds of every year (or of the years the server was
told it will audit) and, for the years it was told, what each audit kind does first for
such a year (the OIT chart's fixed parts, :func:`ita_audit.oit.charts.warm_up`, a fifth of a
second each), the installed packages' versions, the Thai chart font and its glyph cache.

Nothing here changes a result: each piece is a memo that a notebook's first call would fill
with the same values (the criteria memo is keyed on the file's bytes, so an edited file is
read again). A year left out is read by the notebook that needs it.
"""
from __future__ import annotations

from collections.abc import Iterable

from pythainlp.tokenize import word_tokenize

from ita_audit.criteria.document_kinds import load_document_kinds
from ita_audit.criteria.files import available_years, load_criteria
from ita_audit.errors import InputError
from ita_audit.kinds import KINDS
from ita_audit.records.provenance import package_versions
from ita_audit.view.charts import Chart, use_thai_font


def warm_up(years: Iterable[int] = ()) -> None:
    """Fill the memos a notebook's first call would fill; criteria of ``years`` only, if
    given (and available), else of every year."""
    word_tokenize("การเปิดเผยข้อมูลสาธารณะ", engine="newmm", keep_whitespace=False)
    wanted = set(years)
    use_thai_font()
    for year in available_years():
        if wanted and year not in wanted:
            continue
        try:
            load_criteria(year)
            load_document_kinds(year)
        except InputError:            # a broken criteria file fails in the notebook that uses it
            continue
        for kind in KINDS if wanted else ():      # a kind's warm-up only for a year asked for
            try:
                kind.warm_up(year)
            except Exception:         # the kind's notebook meets it, in its own record
                continue
    package_versions()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.subplots().set_title("ผ่าน รอตรวจ ไม่ผ่าน 0123456789")
    Chart(figure, "warm-up").png()
