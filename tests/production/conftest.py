"""Fixtures for the production checks: the security log as parsed JSON lines."""

import json
import logging

import pytest

from tests.inspections.conftest import RoundSetup


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def security_log():
    """The events written to the security logger during the test, each parsed from its one line."""
    logger = logging.getLogger("liangsaibi.security")
    handler = _Lines()
    logger.addHandler(handler)

    class Log:
        @property
        def lines(self):
            return handler.lines

        @property
        def events(self):
            return [json.loads(line) for line in handler.lines]

        def of(self, name):
            return [e for e in self.events if e["event"] == name]

    try:
        yield Log()
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def round_setup(zone):
    return RoundSetup(zone)
