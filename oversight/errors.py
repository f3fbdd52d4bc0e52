"""The oversight package's errors (Indonesian messages)."""

from market.errors import InvalidInput


class BadYear(InvalidInput):
    code = "oversight.bad_year"
