"""The showmeter benchmark harness: showmeter against hand-written baselines, side by side.

``python -m benchmarks`` (or ``showmeter bench``) simulates worlds, ingests them, times every
implementation of every metric in fresh processes, checks that they all give the same numbers
and writes ``benchmarks/RESULTS.md``. See ``python -m benchmarks --help``.
"""
