"""The narrow interface the OIT audit reads evidence through: what a link returned and what
was read from it, from a collected archive, offline. Nothing here fetches."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ita_audit.evidence.archive import Archive, Fetched, load_archive
from ita_audit.evidence.extract import DocumentText, Extractor, read_archived


@dataclass
class EvidenceArchive:
    """A collected archive, read-only for judging; texts are read once and kept."""

    archive: Archive
    _texts: dict[str, DocumentText] = field(default_factory=dict, repr=False)
    _extractor: Extractor | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        return self.archive.root

    def fetched(self, url: str) -> Fetched | None:
        """What the link returned, or None when the archive does not have it."""
        return self.archive.by_url(url)

    def text(self, fetched: Fetched) -> DocumentText | None:
        """What was read from a fetched document (None for a link that failed)."""
        if not fetched.ok or fetched.sha256 is None:
            return None
        if fetched.sha256 not in self._texts:
            if self._extractor is None:
                self._extractor = Extractor()
            self._texts[fetched.sha256] = read_archived(
                self.archive, fetched.sha256, self._extractor, fetched.content_type,
                fetched.final_url or fetched.url)
        return self._texts[fetched.sha256]

    def hashes(self) -> list[tuple[str, str]]:
        """(path in the archive, SHA-256) of the table and every file: what a record rests on."""
        return self.archive.hashes()

    def close(self) -> None:
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None


def open_evidence(path: str | Path) -> EvidenceArchive:
    """An archive collected by ``ita-audit collect``, every document checked against the
    SHA-256 it is named by (a text read before is no proof of the bytes it came from); a
    folder without ``evidence.tsv``, a missing or an altered document is an InputError naming
    it."""
    archive = load_archive(path)
    archive.check()
    return EvidenceArchive(archive)
