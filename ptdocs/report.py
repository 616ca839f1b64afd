"""Costs and sizes that tests measure (build times, page weight, notebook and
picture runs), printed together at the end of the run. Under xdist, each
worker hands its lines to the controller when it finishes (tests/conftest.py)."""

from __future__ import annotations

MEASUREMENTS: list[str] = []


def measured(line: str) -> None:
    print(line)
    MEASUREMENTS.append(line)
