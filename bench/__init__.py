"""negobot's benchmark harness: `make bench` (or `python -m bench`) measures, it never asserts.

Fact bases of increasing size are built from articles whose sentences are recombined from
the shared news corpus (read at run time, never stored in the repository), through
negobot's own ingestion, and the same questions are put to negobot and to two baselines
(a brute-force rapidfuzz scan and bare FTS5 bm25). The figures go to `bench/results.json`
and `docs/benchmarks.md`, each next to the target issue 6 sets for it.

Modules, in the order a run uses them: `synthetic` (corpus → sentences → articles),
`bases` (building the bases within a time budget), `questions`, `methods` and `retrieval`
(latency and accuracy), `serving` (`negobot serve` against the fake Bot API), `report`.
"""
