"""Two saves of one sheet at the same moment, each on its own database connection: one wins, the
other is told the sheet changed (StaleSheetError), never an integrity error or a silent overwrite.
SQLite takes one writer at a time for the whole file, so the race is run on PostgreSQL only."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from inspections import services
from inspections.models import ScoreSheet, ScoreSheetQuerySet
from tests.inspections.conftest import RoundSetup

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite serialises every writer; the race needs PostgreSQL"
    ),
]


def race(s, versions, values):
    """Run sheet_save for judge_a × 谷庄村 in two threads released together; returns their outcomes."""
    barrier = threading.Barrier(len(values))
    outcomes = [None] * len(values)

    def one(i):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = services.sheet_save(
                rnd=s.round,
                village=s.guzhuang,
                judge=s.judge_a,
                values={s.c1.pk: Decimal(values[i]), s.c2.pk: Decimal(values[i])},
                submit=True,
                actor=s.judge_a,
                version=versions[i],
            )
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(values))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.fixture(autouse=True)
def slow_find(monkeypatch):
    """Each save lingers after reading the sheet, so the other save reaches the same point while
    the first holds its locks: without them both would read the same sheet and both write."""
    find = ScoreSheetQuerySet.find

    def lingering(self, *args):
        sheet = find(self, *args)
        time.sleep(0.4)
        return sheet

    monkeypatch.setattr(ScoreSheetQuerySet, "find", lingering)


@pytest.fixture
def opened(zone):
    s = RoundSetup(zone)
    s.open()
    return s


def check_one_winner(s, outcomes, *, version):
    winners = [o for o in outcomes if isinstance(o, ScoreSheet)]
    losers = [o for o in outcomes if not isinstance(o, ScoreSheet)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], services.StaleSheetError), outcomes
    sheet = ScoreSheet.objects.get(round=s.round, village=s.guzhuang, judge=s.judge_a)
    assert sheet.version == version
    assert sheet.values == winners[0].values
    assert losers[0].sheet.values == winners[0].values
    return sheet


def test_two_first_saves_of_one_sheet_make_one_sheet_and_one_stale_refusal(opened):
    s = opened
    outcomes = race(s, versions=[0, 0], values=["6", "9"])
    sheet = check_one_winner(s, outcomes, version=1)
    assert sheet.history.count() == 1


def test_two_saves_of_the_same_version_keep_one_and_refuse_the_other(opened):
    s = opened
    s.sheet(s.judge_a, s.guzhuang, 5, 5)
    outcomes = race(s, versions=[1, 1], values=["6", "9"])
    sheet = check_one_winner(s, outcomes, version=2)
    assert sheet.history.count() == 2
