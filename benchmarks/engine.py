"""Throughput of the OIT engine on N synthetic agencies, without notebooks.

The agencies come from ``ita_audit.oit.synthetic`` (fiscal year 2566 by default, fixed seed): about
105 documents each, a third of the titles naming the agency, dates and numbers varying, so a
memo keyed on titles cannot make the run trivially fast. Steps, each timed on its own:

1. ``generate``: build the N agencies (text format) in memory;
2. ``write``: write them to a temporary folder as ``.txt`` files (not counted below);
3. ``parse``: ``load_disclosure`` on every file, as ``ita-audit oit`` reads it (read, decode,
   detect the format, parse, check item ids);
4. ``engine`` (cold): ``audit_oit`` on every parsed index, on the fiscal basis, after emptying
   every memo of the engine (``engine.clear_caches``: documents' periods, the period rules'
   outcomes, document kinds, ``ita_audit.thai``'s title tails); the memos fill during the
   run, as they would in any batch;
5. ``engine_warm``: the same again with the memos as the cold run left them (bounded LRU
   memos, so titles seen only once have been evicted again);
6. ``resident``: the first 500 agencies again, after one pass has put every title, context
   and URL of theirs in the memos (500 agencies' documents fit in every memo): the engine's
   cost with nothing left to read (evidence, item judgements, the audit). The cold run's cost
   above it is what reading titles seen for the first time costs (``new_titles_ms``);
7. with ``--workers K`` (K > 1): the cold engine, and parse + engine, on K forked processes,
   the indexes split in K contiguous chunks (wall time of the parallel part only).

The benchmark holds all N agencies and N parsed indexes in memory (a batch run holds one at a
time); so that the garbage collector does not rescan those millions of long-lived objects
during the timed phases (an artefact of the harness, which made 10,000 agencies 20–30 % slower
per agency than 2,000), each phase's inputs are moved out of its sight with ``gc.freeze()``
once built; ``--no-freeze`` shows the difference.

Every automated verdict is compared with the verdict the generator recorded; a mismatch is
reported (and makes the exit code 1). Peak memory is the process's ``ru_maxrss``
(``resource.getrusage``, resident set, the largest it has been), not tracemalloc, which
would slow the engine several-fold. Ends with one line
``RESULT agencies=… generate_s=… parse_s=… engine_s=… per_agency_ms=… engine_warm_s=…
resident_ms=… new_titles_ms=… parse_engine_s=… peak_mb=… …``.

    .venv/bin/python benchmarks/engine.py [--n 10000] [--seed 0] [--workers 2]
"""
from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ita_audit import thai
from ita_audit.criteria.files import load_criteria
from ita_audit.criteria.model import Criteria
from ita_audit.oit import engine
from ita_audit.oit.disclosure import DisclosureIndex
from ita_audit.oit.load import load_disclosure
from ita_audit.oit.synthetic import SyntheticAgency, generate

# Shared with forked workers (copy-on-write): set before the pool is created.
_STATE: dict[str, Any] = {}


def clear_memos() -> None:
    """Empty every memo the engine uses, for a cold run."""
    engine.clear_caches()


def verdicts(index: DisclosureIndex, criteria: Criteria, agency: str) -> dict[str, str]:
    """Item -> automated verdict of one agency (the audit itself is dropped)."""
    audit = engine.audit_oit(index, criteria, agency=agency, year_basis="fiscal")
    return {r.item.id: r.automated_verdict for r in audit.items}


def mismatches(agencies: Sequence[SyntheticAgency], results: Sequence[dict[str, str]]) -> int:
    """Items whose automated verdict differs from the generator's expected verdict."""
    return sum(got[item] != want
               for agency, got in zip(agencies, results, strict=True)
               for item, want in agency.expected_verdicts().items())


def _audit_chunk(bounds: tuple[int, int]) -> list[dict[str, str]]:
    """Worker: cold engine on indexes[start:end] (inherited from the parent by fork)."""
    clear_memos()
    start, end = bounds
    criteria, indexes, agencies = _STATE["criteria"], _STATE["indexes"], _STATE["agencies"]
    return [verdicts(indexes[i], criteria, agencies[i].agency) for i in range(start, end)]


def _parse_audit_chunk(bounds: tuple[int, int]) -> list[dict[str, str]]:
    """Worker: load and audit files[start:end]."""
    clear_memos()
    start, end = bounds
    criteria, paths, agencies = _STATE["criteria"], _STATE["paths"], _STATE["agencies"]
    ids = criteria.item_ids()
    return [verdicts(load_disclosure(paths[i], valid_items=ids), criteria, agencies[i].agency)
            for i in range(start, end)]


def _noop(_: int) -> int:
    return 0


def parallel(worker: Any, n: int, workers: int) -> tuple[float, list[dict[str, str]]]:
    """Wall time of ``worker`` over n items split in ``workers`` chunks on forked processes
    (the pool is started, and its processes warmed, before the clock starts)."""
    chunks = [(n * k // workers, n * (k + 1) // workers) for k in range(workers)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_noop, range(workers))
        start = time.perf_counter()
        parts = pool.map(worker, chunks)
        elapsed = time.perf_counter() - start
    return elapsed, [r for part in parts for r in part]


def _freeze() -> None:
    """Collect, then move every live object to the permanent generation (``gc.freeze``)."""
    gc.collect()
    gc.freeze()


def resident(indexes: Sequence[DisclosureIndex], agencies: Sequence[SyntheticAgency],
             criteria: Criteria, k: int = 500) -> tuple[float, int, int]:
    """(ms per agency, memo misses, agencies) of the engine on the first ``k`` agencies when
    every memo already holds their titles: cold memos, one pass to fill them (k agencies'
    documents fit in every memo), then the timed pass. What is left is the engine's cost with
    no title to read: evidence, item judgements, the audit."""
    k = min(k, len(indexes))
    clear_memos()
    for index, agency in zip(indexes[:k], agencies[:k], strict=True):
        verdicts(index, criteria, agency.agency)
    before = engine.read_periods.cache_info().misses + thai._tail_periods.cache_info().misses
    gc.collect()
    start = time.perf_counter()
    for index, agency in zip(indexes[:k], agencies[:k], strict=True):
        verdicts(index, criteria, agency.agency)
    elapsed = time.perf_counter() - start
    after = engine.read_periods.cache_info().misses + thai._tail_periods.cache_info().misses
    return elapsed / k * 1e3, after - before, k


def peak_mb() -> float:
    """The process's peak resident set (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of agencies")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fiscal-year", type=int, default=2566, dest="fiscal_year")
    parser.add_argument("--workers", type=int, default=2,
                        help="also time the engine on this many processes (1: skip)")
    parser.add_argument("--no-freeze", action="store_true", dest="no_freeze",
                        help="do not gc.freeze() the inputs of each phase")
    args = parser.parse_args(argv)
    n = args.n
    criteria = load_criteria(args.fiscal_year)
    ids = criteria.item_ids()

    start = time.perf_counter()
    agencies = generate(n, fiscal_year=args.fiscal_year, seed=args.seed, criteria=criteria)
    generate_s = time.perf_counter() - start
    docs: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    for agency in agencies:
        for document in agency.documents():
            docs["documents"] += 1
            titles[document.title] += 1
    once = sum(1 for count in titles.values() if count == 1)
    freeze = (lambda: None) if args.no_freeze else _freeze
    defects = Counter(d.kind for a in agencies for d in a.defects)
    print(f"generate: {n} agencies in {generate_s:.2f} s; {docs['documents'] / n:.1f} documents "
          f"per agency; {len(titles)} distinct titles, {once} ({once / docs['documents']:.0%} "
          f"of documents) seen only once; defects {dict(sorted(defects.items()))}")

    with tempfile.TemporaryDirectory(prefix="ita-engine-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = []
        for agency in agencies:
            path = folder / f"{agency.agency}.txt"
            path.write_text(agency.text, encoding="utf-8")
            paths.append(path)
        write_s = time.perf_counter() - start
        print(f"write:    {n} files in {write_s:.2f} s (not counted)")

        freeze()
        start = time.perf_counter()
        indexes = [load_disclosure(path, valid_items=ids) for path in paths]
        parse_s = time.perf_counter() - start
        print(f"parse:    load_disclosure x {n} in {parse_s:.2f} s "
              f"({parse_s / n * 1e3:.3f} ms per agency)")

        clear_memos()
        freeze()
        start = time.perf_counter()
        results = [verdicts(index, criteria, agency.agency)
                   for index, agency in zip(indexes, agencies, strict=True)]
        engine_s = time.perf_counter() - start
        wrong = mismatches(agencies, results)
        print(f"engine:   audit_oit x {n} (cold memos) in {engine_s:.2f} s "
              f"({engine_s / n * 1e3:.3f} ms per agency); verdicts differing from the "
              f"injected defects: {wrong}")
        docs_memo, tails = engine.read_periods.cache_info(), thai._tail_periods.cache_info()
        misses_per_agency = docs_memo.misses / n
        print(f"          memos after the run: documents {docs_memo.hits} hits, "
              f"{docs_memo.misses} misses; title tails {tails.hits} hits, {tails.misses} misses")

        gc.collect()
        start = time.perf_counter()
        warm = [verdicts(index, criteria, agency.agency)
                for index, agency in zip(indexes, agencies, strict=True)]
        engine_warm_s = time.perf_counter() - start
        wrong += mismatches(agencies, warm)
        print(f"engine:   audit_oit x {n} (memos as left) in {engine_warm_s:.2f} s "
              f"({engine_warm_s / n * 1e3:.3f} ms per agency)")
        resident_ms, resident_misses, k = resident(indexes, agencies, criteria)
        new_ms = engine_s / n * 1e3 - resident_ms
        print(f"engine:   audit_oit x {k} again, every title, context and URL already in the "
              f"memos ({resident_misses} misses): {resident_ms:.3f} ms per agency; so reading "
              f"titles seen for the first time costs {new_ms:.3f} ms of the cold run's "
              f"{engine_s / n * 1e3:.3f} ms per agency ({misses_per_agency:.1f} new title, "
              f"context and URL triples per agency, {new_ms * 1e3 / misses_per_agency:.0f} us "
              "each)")
        parse_engine_s = parse_s + engine_s
        print(f"parse + engine (cold): {parse_engine_s:.2f} s "
              f"({parse_engine_s / n * 1e3:.3f} ms per agency)")

        extra = ""
        if args.workers > 1:
            _STATE.update(criteria=criteria, indexes=indexes, agencies=agencies, paths=paths)
            par_engine_s, par = parallel(_audit_chunk, n, args.workers)
            wrong += mismatches(agencies, par)
            par_both_s, par2 = parallel(_parse_audit_chunk, n, args.workers)
            wrong += mismatches(agencies, par2)
            print(f"engine on {args.workers} processes (cold memos): {par_engine_s:.2f} s "
                  f"(x{engine_s / par_engine_s:.2f}); parse + engine on {args.workers} "
                  f"processes: {par_both_s:.2f} s (x{parse_engine_s / par_both_s:.2f})")
            extra = (f" workers={args.workers} engine_par_s={par_engine_s:.2f} "
                     f"parse_engine_par_s={par_both_s:.2f}")

    bar = 10.0 * n / 10_000
    print(f"bar: engine alone under {bar:.3g} s for {n} agencies: single process "
          f"{'met' if engine_s < bar else 'NOT met'} ({engine_s:.2f} s)"
          + (f", {args.workers} processes {'met' if par_engine_s < bar else 'NOT met'} "
             f"({par_engine_s:.2f} s)" if args.workers > 1 else "")
          + f"; parse + engine single process {'met' if parse_engine_s < bar else 'NOT met'}"
          + (f", {args.workers} processes {'met' if par_both_s < bar else 'NOT met'}"
             if args.workers > 1 else ""))
    print(f"peak memory (ru_maxrss of this process): {peak_mb():.0f} MB")
    print(f"RESULT agencies={n} generate_s={generate_s:.2f} parse_s={parse_s:.2f} "
          f"engine_s={engine_s:.2f} per_agency_ms={engine_s / n * 1e3:.3f} "
          f"engine_warm_s={engine_warm_s:.2f} resident_ms={resident_ms:.3f} "
          f"new_titles_ms={new_ms:.3f} parse_engine_s={parse_engine_s:.2f}"
          f"{extra} peak_mb={peak_mb():.0f} mismatches={wrong} "
          f"gc_freeze={'no' if args.no_freeze else 'yes'} "
          f"documents_per_agency={docs['documents'] / n:.1f}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
