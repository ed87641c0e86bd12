"""The disclosure index of one agency: the documents it lists under each OIT item, normalised
into one table (``item, title, url, context, level, line``) whatever format it came in.

Only the table needs pandas (:meth:`DisclosureIndex.to_frame` imports it): reading and auditing
an index, and the registry of kinds that names this module's :data:`DOCUMENT`, do not.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ita_audit.util.atomic import atomic_write_text
from ita_audit.util.text import one_line

if TYPE_CHECKING:
    import pandas as pd

#: What a disclosure index is called in messages about a file of another kind.
DOCUMENT = "an OIT disclosure index"
INDEX_FIX = ("export the index with its oN. headings, or use a TSV with columns item, title, url, "
             "or save the agency's OIT web page")

TABLE_COLUMNS = ["item", "title", "url", "context", "level", "line"]
SHARED_COLUMN = "shared_with"

_ITEM_ID = re.compile(r"^\s*(?:OIT|O)\s*[-_.]?\s*0*([1-9][0-9]*)\s*$", re.IGNORECASE)
CONTEXT_LINE = re.compile(r"^(?:ปี\s*(?:งบประมาณ\s*)?(?:พ\.ศ\.\s*)?\d{2,4}\b.*|\(\d+\)\s*\S.*)$")


@dataclass(frozen=True)
class Document:
    """One disclosed document (or a bare item heading when ``title`` is empty)."""

    item: str
    title: str
    url: str | None
    context: str
    line: int
    level: int = 1        # 2 for an attachment listed under the preceding document (``*`` bullet)
    # the other items whose headings stood right above the same list ("o19." and "o20."
    # together over one list): the list is theirs too, and each document goes to the item
    # whose kind it is (ita_audit.oit.engine.share_grouped_lists)
    shared_with: tuple[str, ...] = ()

    @property
    def is_heading_only(self) -> bool:
        """True for a row that lists the item heading without any document under it."""
        return not self.title


@dataclass
class DisclosureIndex:
    """The normalised disclosure index of one agency."""

    path: Path
    format: str
    encoding: str
    sha256: str
    documents: list[Document]
    labels: dict[str, str] = field(default_factory=dict)   # item -> the agency's own heading text
    heading_lines: dict[str, int] = field(default_factory=dict)  # item -> line of its heading
    warnings: list[str] = field(default_factory=list)
    captured: str | None = None                               # capture date stated in the file, ISO

    def items(self) -> list[str]:
        """Item ids in the order they appear."""
        seen: dict[str, None] = {}
        for doc in self.documents:
            seen.setdefault(doc.item, None)
        return list(seen)

    def for_item(self, item: str) -> list[Document]:
        """Documents listed under an item, heading-only rows included."""
        return [doc for doc in self.documents if doc.item == item]

    def to_frame(self) -> pd.DataFrame:
        """The canonical table (columns: item, title, url, context, level, line; and
        shared_with, the grouped headings, when the index has any)."""
        import pandas as pd

        rows = [[d.item, d.title, d.url or "", d.context, d.level, d.line] for d in self.documents]
        frame = pd.DataFrame(rows, columns=TABLE_COLUMNS)
        if any(d.shared_with for d in self.documents):
            frame[SHARED_COLUMN] = [",".join(d.shared_with) for d in self.documents]
        return frame


# --- seed text format --------------------------------------------------------------------

def clean_text(text: str) -> str:
    """A title, URL or heading as one line, as judged and shown (:func:`one_line`)."""
    return one_line(text)


def table_text(index: DisclosureIndex) -> str:
    """The normalised table as TSV text."""
    buffer = io.StringIO()
    index.to_frame().to_csv(buffer, sep="\t", index=False, lineterminator="\n")
    return buffer.getvalue()


def write_table(index: DisclosureIndex, path: str | Path) -> Path:
    """Write the normalised table as TSV (atomically)."""
    return atomic_write_text(Path(path), table_text(index))
