"""Two writers at once on PostgreSQL: the chain stays one line (the head row is locked per append)."""

import threading

import pytest
from django.db import connection, connections

from audit import chain
from audit.models import AuditEvent

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writes one at a time")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear():
    chain.append("warmup")
    barrier = threading.Barrier(2)
    errors = []

    def writer(name):
        try:
            barrier.wait()
            for n in range(25):
                chain.append("backup", details={"writer": name, "n": n})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [row.seq for row in rows] == list(range(1, 52))
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    assert chain.verify() == (51, None)
