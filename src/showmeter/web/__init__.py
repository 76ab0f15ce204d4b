"""The local dashboard (``showmeter serve``): to come."""

from __future__ import annotations
