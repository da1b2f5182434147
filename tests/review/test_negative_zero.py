"""A judge who types "-0" scored 0: the sheet and the receipt say 0, not "-0"."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from inspections.values import format_score, parse_score

CRITERION = SimpleNamespace(name="定标亮诺", maximum=Decimal("10"), decimal_places=1)


@pytest.mark.parametrize("raw", ["-0", "-0.0", "－０", -0.0])
def test_negative_zero_is_stored_and_shown_as_zero(raw):
    value = parse_score(CRITERION, raw)
    assert value == 0
    assert format_score(value) == "0"
