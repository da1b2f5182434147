"""What the round pages share: the page of the round's section, a refusal's messages, a sheet's
values as initial form data and what a stale save shows."""

from django.contrib import messages
from django.shortcuts import render

from villages.access import access_for


def round_page(request, template, rnd, context):
    """Render a page of the round's section; its content needs to know whether the user manages the office."""
    access = access_for(request)
    context.setdefault("can_manage", access.can_manage_office(rnd.office_id))
    return render(request, template, {"round": rnd, **context})


def show_errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def stale_conflict(request, error, criteria):
    """What a save refused as stale shows: whose newer sheet it met, and what this person typed."""
    return {
        "message": error.messages[0],
        "mine": [(c, request.POST.get(f"c{c.pk}", "")) for c in criteria],
    }


def sheet_initial(sheet, criteria):
    if sheet is None:
        return {"version": 0}
    initial = {f"c{cid}": value for cid, value in sheet.values.items()}
    initial.update(version=sheet.version, remark=sheet.remark)
    return initial
