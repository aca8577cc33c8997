"""Targets: stated numeric goals, with value, unit, deadline year and responsible units."""

from __future__ import annotations

from policykg.models import Target


def extract_targets(text, mentions, tasks, builder, offset) -> list[Target]:
    return []
