from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from inspections.models import InspectionRound
from inspections.services import RoundError
from inspections.workbook import MAX_BYTES, import_scores
from villages.spreadsheets import SpreadsheetError, read_path


class Command(BaseCommand):
    help = "把工作簿“评分表”工作表中的评分导入一轮观摩;全部成功或全部不导入。已结束的轮次须用 --reason 写明更正理由。"

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="轮次编号")
        parser.add_argument("file", help=".xlsx 文件路径")
        parser.add_argument("--reason", default="", help="更正理由(轮次已结束时必填)")
        parser.add_argument("--user", default="", help="记为录入人的用户名(默认不记录)")

    def handle(self, *args, round_id, file, reason, user, **options):
        rnd = InspectionRound.objects.select_related("office").filter(pk=round_id).first()
        if rnd is None:
            raise CommandError(f"找不到编号为 {round_id} 的轮次。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件:{path}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"找不到用户“{user}”。")
        try:
            try:
                data = read_path(path, MAX_BYTES)
            except SpreadsheetError as error:
                raise RoundError(str(error))
            result = import_scores(rnd, data, actor=actor, reason=reason)
        except RoundError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError("导入失败,没有写入任何评分。")
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成:新增 {result.created} 份,更新 {result.updated} 份,无变化 {result.unchanged} 份,"
                f"跳过草稿 {result.skipped_drafts} 行。"
            )
        )
