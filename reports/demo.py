"""The demo's issued 通报: 郑港办事处's first-quarter 通报 issued (签发) with its 文号 a few days after
the round was published, then corrected by a 更正通报 that names it — the first had gone out
without its 审核人. Both go through reports.issuing, as the page issues them, on the demo's clock
(villages.demo_clock). The second quarter is left for staff to issue themselves.

Seeding twice changes nothing; where no PDF can be built (WeasyPrint missing) nothing is issued."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from inspections.models import InspectionRound
from villages.demo_clock import demo_clock

from . import issuing
from .documents.pdf import PdfUnavailable
from .models import IssuedSummary, SummaryHeading

OFFICE = "郑港办事处"
ISSUER, REVIEWER = "朱永立", "刘倩"
ISSUED, CORRECTED = datetime.date(2022, 3, 28), datetime.date(2022, 4, 1)
REASON = "原通报漏印审核人，现予更正。"
PATTERN = (
    "{office}党工〔{year}〕{n}号"  # the register's pattern, as in the 2022 report (郑港党工〔2022〕12号)
)


@transaction.atomic
def seed():
    rnd = InspectionRound.objects.filter(
        office__name=OFFICE, year=2022, quarter=1, status=InspectionRound.Status.PUBLISHED
    ).first()
    if rnd is None or IssuedSummary.objects.filter(round=rnd).exists():
        return
    staff = get_user_model().objects.filter(username="zg_staff").first()
    try:
        with demo_clock(ISSUED) as clock:
            office = rnd.office
            if not office.document_number_pattern:
                office.document_number_pattern = PATTERN
                office.save()
            first = issuing.issue_summary(rnd=rnd, user=staff, issuer=ISSUER, issued_on=ISSUED)
            clock.at(CORRECTED)
            SummaryHeading.objects.update_or_create(
                round=rnd, defaults={"reviewer": REVIEWER, "issuer": ISSUER, "updated_by": staff}
            )
            issuing.issue_summary(
                rnd=rnd, user=staff, issuer=ISSUER, issued_on=CORRECTED, corrects=first, reason=REASON
            )
    except PdfUnavailable:
        return
