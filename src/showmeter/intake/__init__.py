"""Ingest: canonical schemas, readers, rules, quarantine and the load into a store."""

from __future__ import annotations
