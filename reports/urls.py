from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("rounds/<int:pk>/summary/", views.office_summary_page, name="office-summary"),
    path("rounds/<int:pk>/summary.pdf", views.office_summary_pdf, name="office-summary-pdf"),
    path("rounds/<int:pk>/summary.xlsx", views.office_summary_xlsx, name="office-summary-xlsx"),
    path("rounds/<int:pk>/brief.docx", views.office_brief, name="office-brief"),
    path("issued/<int:pk>.<str:kind>", views.issued_file, name="issued-file"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("zone/summary/<int:year>/<int:quarter>/", views.zone_summary_page, name="zone-summary"),
    path("zone/summary/<int:year>/<int:quarter>.pdf", views.zone_summary_pdf, name="zone-summary-pdf"),
]
