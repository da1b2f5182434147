from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as app_urls
from inspections.models import Standing


@login_required
def floor(request, pk):
    """The cheapest page with the same rows: one query, the same base template, no domain logic."""
    rows = (
        Standing.objects.filter(round_id=pk)
        .order_by("position")
        .values_list("rank", "village__name", "secretary_name", "total", "adjustment", "criterion_means")
    )
    return render(request, "bench/floor.html", {"rows": rows})


urlpatterns = [*app_urls, path("bench/floor/<int:pk>/", floor, name="bench-floor")]
