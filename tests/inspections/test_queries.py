"""Page cost does not grow with the round: 2 villages × 2 judges × 2 criteria costs what 12 × 6 × 8 costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def pages(rnd, villages, judges):
    """(persona, url) for each page measured; `None` persona means office staff."""
    return {
        "round detail": (None, reverse("inspections:round-detail", args=[rnd.pk])),
        "results": (None, reverse("inspections:round-results", args=[rnd.pk])),
        "receipt": (None, reverse("inspections:score-receipt", args=[rnd.pk, villages[0].pk])),
        "keying grid": (None, reverse("inspections:keyin-grid", args=[rnd.pk, judges[0].pk])),
        "export": (None, reverse("inspections:round-export", args=[rnd.pk])),
        "judge round list": (judges[0], reverse("inspections:judge-round", args=[rnd.pk])),
        "score-sheet form": (judges[0], reverse("inspections:score-sheet", args=[rnd.pk, villages[1].pk])),
    }


def measure(client, zone, rnd, villages, judges):
    counts = {}
    for name, (persona, url) in pages(rnd, villages, judges).items():
        client.force_login(persona or zone.users["staff"])
        client.get(url)  # warm up (session, caches) so both sizes are measured alike
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.fixture
def sizes(zone, build_round):
    small = build_round(2, 2, 2, year=2023, prefix="s")
    big = build_round(12, 6, 8, year=2024, prefix="b")
    return small, big


def test_pages_cost_the_same_number_of_queries_for_a_small_and_a_big_round(
    client, zone, sizes, django_assert_max_num_queries
):
    (small, s_villages, s_judges, _), (big, b_villages, b_judges, _) = sizes
    assert big.sheets.count() == 12 * 6

    small_counts = measure(client, zone, small, s_villages, s_judges)
    big_counts = measure(client, zone, big, b_villages, b_judges)

    assert big_counts == small_counts
    for name, (persona, url) in pages(big, b_villages, b_judges).items():
        client.force_login(persona or zone.users["staff"])
        with django_assert_max_num_queries(small_counts[name]):
            client.get(url)


def test_pages_stay_within_a_fixed_budget(client, zone, sizes):
    """A ceiling, so a page that adds a per-row query to both sizes alike is still caught."""
    (_small, _v, _j, _c), (big, villages, judges, _) = sizes
    counts = measure(client, zone, big, villages, judges)
    assert max(counts.values()) <= 20, counts


def test_a_judge_request_costs_few_queries(client, sizes, django_assert_max_num_queries):
    """The judge's form and sheet POST are the requests a round makes most: each permission and
    navigation fact comes from a query the page needs anyway (bench/load.py measures them)."""
    _small, (big, villages, judges, criteria) = sizes
    client.force_login(judges[0])
    url = reverse("inspections:score-sheet", args=[big.pk, villages[1].pk])
    client.get(url)
    with django_assert_max_num_queries(9):
        page = client.get(url)
    assert page.status_code == 200
    sheet = big.sheets.get(village=villages[1], judge=judges[0])
    data = {f"c{c.pk}": "7" for c in criteria} | {"version": sheet.version, "remark": "", "submit": "1"}
    # Session, user, round, roles, village, criteria; locked round with the scoring rights, sheet,
    # its update and history row; the next village; BEGIN and COMMIT where the backend logs them.
    with django_assert_max_num_queries(13):
        response = client.post(url, data)
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.values == {str(c.pk): "7" for c in criteria}
