"""Write a round's 通报 (.pdf, .xlsx, or the brief as .docx) or a quarter's zone summary (.pdf).

A round whose 通报 was issued (issue_summary) gets the issued files, byte for byte."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from inspections.models import InspectionRound, Quarter
from reports import services
from reports.asof import data_as_of
from reports.documents.pdf import PdfUnavailable
from villages.models import Office
from villages.text import quoted

OFFICE_FORMATS = {".pdf": services.office_pdf, ".xlsx": services.office_xlsx, ".docx": services.office_docx}


class Command(BaseCommand):
    help = (
        "导出通报:export_summary ROUND_ID -o 文件.pdf|.xlsx|.docx(按扩展名);"
        "export_summary --zone 年度 季度 -o 文件.pdf(全区通报)。"
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", nargs="?", type=int, help="轮次编号(已发布)")
        parser.add_argument(
            "--zone", nargs=2, type=int, metavar=("YEAR", "QUARTER"), help="全区通报的年度和季度"
        )
        parser.add_argument("-o", "--output", required=True, help="输出文件:.pdf、.xlsx 或 .docx")

    def handle(self, *args, round_id=None, zone=None, output, **options):
        path = Path(output)
        suffix = path.suffix.lower()
        today = timezone.localdate()
        with translation.override(settings.LANGUAGE_CODE):
            try:
                if zone:
                    data = self._zone(zone, suffix, today)
                elif round_id is not None:
                    data = self._office(round_id, suffix, today)
                else:
                    raise CommandError("请给出轮次编号,或用 --zone 年度 季度 导出全区通报。")
            except PdfUnavailable as error:
                raise CommandError(f"无法生成 PDF:缺少 WeasyPrint 所需的系统组件({error})。") from error
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(f"无法写入 {path}:{error.strerror}") from error
        self.stdout.write(f"已写入 {path}({len(data):,} 字节)")

    def _office(self, round_id, suffix, today):
        if suffix not in OFFICE_FORMATS:
            raise CommandError("文件扩展名应为 .pdf、.xlsx 或 .docx。")
        rnd = InspectionRound.objects.select_related("office").filter(pk=round_id).first()
        if rnd is None:
            raise CommandError(f"没有编号为 {round_id} 的轮次。")
        if not rnd.is_published and not rnd.issued_summaries.exists():
            raise CommandError(f"{quoted(rnd.title)}尚未发布,不能导出通报。")
        return OFFICE_FORMATS[suffix](rnd, data_as_of(rnd))

    def _zone(self, zone, suffix, today):
        year, quarter = zone
        if suffix != ".pdf":
            raise CommandError("全区通报只能导出为 .pdf。")
        if quarter not in Quarter.values:
            raise CommandError("季度应为 1 到 4。")
        offices = Office.objects.order_by("sort_order", "name")
        return services.zone_pdf(offices, year, quarter, today, settings.ZONE_NAME)
