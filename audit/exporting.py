"""One audit row as CSV or as a JSON line (the page's export and `manage.py audit_export`)."""

import json
from datetime import UTC

CSV_HEADER = [
    "seq",
    "time",
    "user_id",
    "username",
    "address",
    "event",
    "object_type",
    "object_id",
    "office_id",
    "details",
    "prev_hash",
    "hash",
]


def as_dict(row):
    return {
        "seq": row.seq,
        "time": row.time.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": row.user_id,
        "username": row.username,
        "address": row.address,
        "event": row.event,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "office_id": row.office_id,
        "details": row.details,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def _cell(value):
    """Text a spreadsheet shows as text: no formula from a user name such as =HYPERLINK(…)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_row(row):
    values = as_dict(row)
    values["details"] = json.dumps(row.details, ensure_ascii=False, sort_keys=True)
    return [_cell(values[name]) for name in CSV_HEADER]


def json_line(row):
    return json.dumps(as_dict(row), ensure_ascii=False, sort_keys=True)
