"""The demo's own clock. The demo stands in 2022: every row it writes (created, submitted,
published, closed, registered, uploaded …) carries the day the step would have happened in its
round, never the day the demo was loaded. Everything goes through the ordinary services; only
django.utils.timezone.now — which auto_now fields, timezone.localdate and the services read — is
told the time while the demo writes."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


class DemoClock:
    def __init__(self, day):
        self.at(day)

    def at(self, day, hour=9):
        """Set the clock to `day` (a date) at `hour`; each reading moves it on by a second, so
        steps keep their order."""
        moment = datetime.datetime.combine(day, datetime.time(hour))
        self._now = timezone.make_aware(moment, timezone.get_default_timezone())
        return self

    def now(self):
        self._now += datetime.timedelta(seconds=1)
        return self._now.astimezone(datetime.UTC)

    def today(self):
        return timezone.localtime(self._now).date()


@contextmanager
def demo_clock(day):
    clock = DemoClock(day)
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock
