"""Evidence: collection and extraction throughput on loopback, and what reading the documents
changes, on synthetic agencies whose sites are served on 127.0.0.1.

    .venv/bin/python benchmarks/evidence.py [--n 5] [--seed 7]

Prints per phase the documents per second, the peak memory (this process, and the reading
worker's own high-water mark from /proc), the items under review from titles alone and with
the documents read, and the verdicts that differ from the injected defects (0 expected), then
one RESULT line.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ita_audit.criteria.files import load_criteria
from ita_audit.evidence.archive import load_archive
from ita_audit.evidence.collect import Link, collect
from ita_audit.evidence.extract import Extractor, read_archived
from ita_audit.evidence.fetch import Policy
from ita_audit.oit.audit import run_oit_audit
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.served import SiteServer, serve
from ita_audit.oit.synthetic import generate
from ita_audit.policy.judge import judge_announcement_text


def peak_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_mb(pid: int | None) -> float:
    """Peak resident memory (VmHWM) of the reading worker, in MB; 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, TypeError):
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines()
                 if line.startswith("VmHWM:")), 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    criteria = load_criteria(2566)
    work = Path(tempfile.mkdtemp(prefix="ita-evidence-bench-"))
    try:
        start = time.perf_counter()
        sites = [serve(a, criteria, seed=args.seed)
                 for a in generate(args.n, 2566, seed=args.seed)]
        generate_s = time.perf_counter() - start
        files = sum(len(s.files) for s in sites)
        print(f"sites:    {args.n} agencies, {files} documents generated in {generate_s:.1f} s")
        links: dict[str, list[Link]] = {}
        for site in sites:
            index = work / f"{site.agency.agency}.tsv"
            index.write_text(site.index_tsv, encoding="utf-8")
            links[site.agency.agency] = [Link(d.item, d.url)
                                         for d in load_disclosure(index).documents if d.url]
        total_links = sum(len(v) for v in links.values())
        with SiteServer({s.host: s.files for s in sites}) as server:
            policy = Policy(allow_private=True, resolve=server.resolve())
            start = time.perf_counter()
            for name, agency_links in links.items():
                collect(agency_links, work / "ev" / name, policy, progress=False)
            collect_s = time.perf_counter() - start
        print(f"collect:  {total_links} links ({files} documents) fetched, stored and read in "
              f"{collect_s:.1f} s = {total_links / collect_s:.1f} links/s")
        for text in (work / "ev").glob("*/text/*.json"):
            text.unlink()
        start = time.perf_counter()
        read = 0
        with Extractor() as extractor:
            for name in links:
                archive = load_archive(work / "ev" / name)
                for sha in sorted({r.sha256 for r in archive.records if r.ok and r.sha256}):
                    read_archived(archive, sha, extractor)
                    read += 1
            worker = worker_peak_mb(extractor.worker_pid)
        extract_s = time.perf_counter() - start
        print(f"extract:  {read} documents read again in {extract_s:.1f} s = "
              f"{read / extract_s:.1f} documents/s (one worker process)")
        review = {False: 0, True: 0}
        mismatches = 0
        items = 0
        start = time.perf_counter()
        for site in sites:
            name = site.agency.agency
            for evidence in (False, True):
                audit = run_oit_audit(work / f"{name}.tsv", 2566, agency=name,
                                      evidence=work / "ev" / name if evidence else None,
                                      announcements=judge_announcement_text)
                got = {r.item.id: r.automated_verdict for r in audit.items}
                expected = site.expected(evidence)
                mismatches += sum(got[k] != expected[k] for k in expected)
                review[evidence] += sum(v == "review" for v in got.values())
                items += len(got) if evidence else 0
        judge_s = time.perf_counter() - start
        own = peak_mb()
        print(f"judge:    {2 * args.n} audits in {judge_s:.1f} s; items under review "
              f"{review[False]}/{items} from titles, {review[True]}/{items} with the documents "
              f"read; verdicts differing from the injected defects: {mismatches}")
        print(f"memory:   peak {own:.0f} MB in this process (generating, serving, judging), "
              f"{worker:.0f} MB in the reading worker")
        print(f"RESULT agencies={args.n} documents={files} links={total_links} "
              f"collect_s={collect_s:.2f} links_per_s={total_links / collect_s:.1f} "
              f"extract_s={extract_s:.2f} docs_per_s={read / extract_s:.1f} "
              f"review_title={review[False]} review_evidence={review[True]} items={items} "
              f"review_share_title={review[False] / items:.4f} "
              f"review_share_evidence={review[True] / items:.4f} mismatches={mismatches} "
              f"peak_mb={own:.0f} worker_peak_mb={worker:.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
