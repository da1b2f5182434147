"""The audit page: the audit administrator (审计管理员, or a superuser) reads and exports; nobody
changes anything here."""

import csv
import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.security import log_event
from villages.models import Office

from .exporting import CSV_HEADER, csv_row
from .labels import event_label
from .models import AuditEvent

PERMISSION = "audit.view_auditevent"
PAGE_SIZE = 50
READER_KEY = "audit_reader"


def may_read(user):
    return user.is_authenticated and user.has_perm(PERMISSION)


def remember_reader(sender, request=None, user=None, **kwargs):
    """At login, whether the navigation bar links the audit page: kept in the session, so pages
    look up no permissions for it (the page itself checks the permission every time)."""
    session = getattr(request, "session", None)
    if session is not None and user is not None:
        session[READER_KEY] = may_read(user)


class AuditFilter(forms.Form):
    person = forms.CharField(label=gettext_lazy("人员"), required=False, max_length=150)
    event = forms.ChoiceField(label=gettext_lazy("事件"), required=False)
    office = forms.TypedChoiceField(
        label=gettext_lazy("办事处"), required=False, coerce=int, empty_value=None
    )
    since = forms.DateField(
        label=gettext_lazy("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = AuditEvent.objects.order_by("event").values_list("event", flat=True).distinct()
        self.fields["event"].choices = [("", _("全部"))] + [(e, event_label(e)) for e in events]
        self.offices = dict(Office.objects.order_by("sort_order", "pk").values_list("pk", "name"))
        self.fields["office"].choices = [("", _("全部"))] + list(self.offices.items())
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def filtered(self, rows):
        data = self.cleaned_data
        if data.get("person"):
            rows = rows.filter(username__icontains=data["person"])
        if data.get("event"):
            rows = rows.filter(event=data["event"])
        if data.get("office") is not None:
            rows = rows.filter(office_id=data["office"])
        if data.get("since"):
            rows = rows.filter(time__gte=_start_of(data["since"]))
        if data.get("until"):
            rows = rows.filter(time__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
        return rows


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
def audit_list(request):
    if not may_read(request.user):
        raise PermissionDenied(_("只有审计管理员可以查看审计记录。"))
    form = AuditFilter(request.GET or None)
    rows = AuditEvent.objects.order_by("-seq")
    if form.is_bound and form.is_valid():
        rows = form.filtered(rows)
    elif form.is_bound:
        rows = rows.none()
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        response.write("\ufeff")  # Excel reads the Chinese as UTF-8
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        count = 0
        for row in rows.order_by("seq").iterator(chunk_size=2000):
            writer.writerow(csv_row(row))
            count += 1
        log_event("audit_exported", request=request, rows=count, query=request.GET.urlencode())
        return response
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row.event_label = event_label(row.event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "offices": form.offices,
            "query": query.urlencode(),
        },
    )
