from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspections.models import InspectionRound
from inspections.workbook import export_round
from villages.text import quoted


class Command(BaseCommand):
    help = "导出一轮观摩的工作簿(轮次、评分细则、评分表、加减分、排名)。"

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="轮次编号")
        parser.add_argument("-o", "--output", required=True, help="输出的 .xlsx 文件路径")

    def handle(self, *args, round_id, output, **options):
        rnd = InspectionRound.objects.select_related("office").filter(pk=round_id).first()
        if rnd is None:
            raise CommandError(f"找不到编号为 {round_id} 的轮次。")
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件应以 .xlsx 结尾。")
        path.write_bytes(export_round(rnd))
        self.stdout.write(self.style.SUCCESS(f"已导出{quoted(rnd.title)}到 {path}"))
