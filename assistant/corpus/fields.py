"""Field readers shared by the corpus files' models (models.py) and their loaders (editions.py): dates, clause ids."""

from __future__ import annotations

import re
from datetime import date

from ..errors import CorpusError

CLAUSE_ID = re.compile(r"^[a-z][a-z0-9-]*:\S+$")  # 'policy:4.1(2)', 'kcsie:part2-online-safety'


def parse_date(value, what: str, where: str) -> date | None:
    """A YAML date (or ISO text) for `what`; empty is None; anything else is a CorpusError naming `where`."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CorpusError(f"{what} must be a date like 2026-09-01, not {value!r}", where) from None
