"""``python -m showmeter`` runs the CLI."""

from __future__ import annotations

from showmeter.cli import main

main()
