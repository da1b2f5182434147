"""Security events (config.security.log_event) as audit rows."""

from django.contrib.auth import get_user_model

from . import chain

# The fields naming what an event was about, most specific first: (field, object type).
OBJECTS = [
    ("photo", "pledge_photo"),
    ("adjustment", "adjustment"),
    ("sheet", "score_sheet"),
    ("issued", "summary_issue"),
    ("round", "round"),
    ("pledge", "pledge"),
    ("person", "user"),
    ("office", "office"),
    ("file", "file"),
]
# Kept as columns of their own.
COLUMNS = {"time", "event", "ip", "user"}


def _object(event, fields):
    for name, kind in OBJECTS:
        if fields.get(name) is not None:
            return kind, str(fields[name])
    if (event.startswith("login") or event in {"logout", "password_changed"}) and fields.get("username"):
        return "user", str(fields["username"])
    return "", ""


def _office_id(fields):
    from inspections.models import InspectionRound
    from villages.models import Office, Pledge, Village

    office = fields.get("office")
    if isinstance(office, int):
        return office
    if isinstance(office, str) and office:
        return Office.objects.filter(name=office).values_list("pk", flat=True).first()
    if isinstance(fields.get("round"), int):
        return InspectionRound.objects.filter(pk=fields["round"]).values_list("office_id", flat=True).first()
    if isinstance(fields.get("pledge"), int):
        return Pledge.objects.filter(pk=fields["pledge"]).values_list("village__office_id", flat=True).first()
    if isinstance(fields.get("village"), int):
        return Village.objects.filter(pk=fields["village"]).values_list("office_id", flat=True).first()
    return None


def record_event(record, request=None):
    event = record["event"]
    details = {key: value for key, value in record.items() if key not in COLUMNS}
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and not user.is_authenticated:
        user = None
    if user is None and record.get("by"):  # a command acting for a named person
        user = get_user_model().objects.filter(username=record["by"]).first()
    username = user.get_username() if user is not None else (record.get("username") or record.get("by") or "")
    object_type, object_id = _object(event, record)
    chain.append(
        event,
        user=user,
        username=username,
        address=record.get("ip", ""),
        object_type=object_type,
        object_id=object_id,
        office_id=_office_id(record),
        details=details,
    )
