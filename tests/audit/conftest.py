import pytest
from django.db import connection


@pytest.fixture
def tamper():
    """Run raw SQL against the audit table as someone with database access would: on PostgreSQL
    with the append-only trigger switched off for the test's transaction."""

    def _tamper(sql, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")

    return _tamper
