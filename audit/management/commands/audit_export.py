import csv
import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from audit.exporting import CSV_HEADER, csv_row, json_line
from audit.models import AuditEvent
from config.security import log_event


class Command(BaseCommand):
    help = "把审计记录写到标准输出（CSV 或每行一条 JSON），按序号排列。"

    def add_arguments(self, parser):
        parser.add_argument("--since", type=datetime.date.fromisoformat, help="YYYY-MM-DD：此日起（含）")
        parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")

    def handle(self, *args, **options):
        rows = AuditEvent.objects.order_by("seq")
        if options["since"]:
            start = timezone.make_aware(datetime.datetime.combine(options["since"], datetime.time.min))
            rows = rows.filter(time__gte=start)
        count = 0
        if options["format"] == "jsonl":
            for row in rows.iterator(chunk_size=2000):
                self.stdout.write(json_line(row))
                count += 1
        else:
            writer = csv.writer(self.stdout)
            writer.writerow(CSV_HEADER)
            for row in rows.iterator(chunk_size=2000):
                writer.writerow(csv_row(row))
                count += 1
        since = options["since"].isoformat() if options["since"] else None
        log_event("audit_exported", rows=count, since=since, format=options["format"])
