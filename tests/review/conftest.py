"""Fixtures for the review tests: the rounds fixture of tests/inspections, reused."""

import pytest

from tests.inspections.conftest import RoundSetup


@pytest.fixture
def round_setup(zone):
    return RoundSetup(zone)
