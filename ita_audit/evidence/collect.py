"""Collect the evidence of a disclosure index: fetch every linked document into an archive,
read its text, and write ``evidence.tsv``.

Each URL is fetched once even when several items list it; a URL already archived as ``ok``
is not fetched again; ``offline`` uses the archive only: every row stays as collected, every
document must be present and match its SHA-256 (an archive kept outside git and restored is
checked this way), and a link not in it is an ``error`` row saying so. Fetching runs on a few threads, at most two requests at a time per host.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ita_audit.evidence.archive import Archive, Fetched, new_archive
from ita_audit.evidence.extract import Extractor, read_archived
from ita_audit.evidence.fetch import HostLimits, Policy, Response, fetch, new_client

THREADS = 8


@dataclass(frozen=True)
class Link:
    """A document link of the index, with the item that lists it."""

    item: str
    url: str


def collect(links: Sequence[Link], out: str | Path, policy: Policy | None = None, *,
            offline: bool = False, progress: bool | None = None) -> Archive:
    """Fetch (or look up) every link, store the documents, read their text and write the
    table; returns the archive."""
    policy = policy or Policy()
    archive = new_archive(out)
    if offline:                          # every row as collected; its documents must be there
        archive.check()
        known = {r.url: r for r in archive.records}
    else:
        # a document archived intact is not fetched again; a missing or altered one is
        known = {r.url: r for r in archive.records if r.ok and archive.intact(r.sha256 or "")}
    urls = list(dict.fromkeys(link.url for link in links))
    todo = [u for u in urls if u not in known]
    fetched: dict[str, Fetched] = {}
    if offline:
        for url in todo:
            fetched[url] = Fetched(item="", url=url, status="error",
                                   message="not in the archive (collected offline)")
    else:
        bar = _bar(len(todo), progress)
        limits = HostLimits()
        with new_client() as client, ThreadPoolExecutor(THREADS) as pool:
            for response in pool.map(lambda u: fetch(u, client, policy, limits), todo):
                fetched[response.url] = _stored(archive, response)
                if bar is not None:
                    bar.update(1)
        if bar is not None:
            bar.close()
    fetched.update(known)
    archive.records = [replace(fetched[link.url], item=link.item)
                       for link in dict.fromkeys(links)]
    with Extractor() as extractor:
        for sha in sorted({r.sha256 for r in archive.records if r.ok and r.sha256}):
            read_archived(archive, sha, extractor)
    archive.write_table()
    return archive


def _stored(archive: Archive, response: Response) -> Fetched:
    """The table row of a response, its body stored when there is one."""
    sha = archive.store(response.body) if response.status == "ok" and response.body is not None \
        else None
    return Fetched(item="", url=response.url, status=response.status,
                   final_url=response.final_url, http_status=response.http_status,
                   content_type=response.content_type,
                   bytes=len(response.body) if response.body is not None else None,
                   sha256=sha, message=response.message)


def _bar(total: int, progress: bool | None):
    """A tqdm bar on a terminal (or when asked), else None."""
    if not total or (progress is None and not sys.stderr.isatty()) or progress is False:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="document", file=sys.stderr, dynamic_ncols=True)


def links_of(documents: Iterable[object]) -> list[Link]:
    """The (item, URL) of every document of an index that has a URL."""
    return [Link(doc.item, doc.url) for doc in documents  # type: ignore[attr-defined]
            if getattr(doc, "url", None)]
