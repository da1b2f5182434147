"""A round's results as staff and leaders read them, a village's receipt, the workbook export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from villages.access import access_for

from .. import selectors, workbook
from ..access import receipt_round_for, results_round_for
from .common import round_page


@login_required
def round_results(request, pk):
    rnd = results_round_for(request, pk)
    criteria, rows = selectors.round_results(rnd)
    return round_page(request, "inspections/round_results.html", rnd, {"criteria": criteria, "rows": rows})


@login_required
def score_receipt(request, pk, village_pk):
    rnd, for_secretary = receipt_round_for(request, pk, village_pk)
    criteria, rows = selectors.round_results(rnd)
    row = next((r for r in rows if r.village.pk == village_pk), None)
    if row is None:
        raise Http404
    return render(
        request,
        "inspections/score_receipt.html",
        {
            "round": rnd,
            "criteria": criteria,
            "row": row,
            "formula": selectors.receipt_formula(row.result),
            "means": list(zip(criteria, row.criterion_means, strict=True)),
            "total_count": len(rows),
            "for_secretary": for_secretary,
            "can_open_sheets": access_for(request).can_manage_office(rnd.office_id) or rnd.is_published,
            # Names of judges are for the office's readers only.
            "missing_judges": [] if for_secretary else selectors.judges_without_sheet(rnd, row.village),
        },
    )


@login_required
def round_export(request, pk):
    rnd = results_round_for(request, pk)
    response = HttpResponse(
        workbook.export_round(rnd),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="round-{rnd.pk}-{rnd.year}Q{rnd.quarter}.xlsx"'
    return response
