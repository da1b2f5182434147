from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from villages.roster import LIMITS, RosterError, roster_import_file
from villages.spreadsheets import SpreadsheetError, read_path


class Command(BaseCommand):
    help = "导入村(社区)与党支部书记名单(.xlsx 或 .csv,表头:办事处,单位,类型,党支部书记,联系电话)。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名单文件路径")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件:{path}")
        try:
            try:
                data = read_path(path, LIMITS.max_bytes)
            except SpreadsheetError as error:
                raise RosterError([str(error)])
            result = roster_import_file(path.name, data)
        except RosterError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError("导入失败,没有写入任何数据。")
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成:新建办事处 {len(result.offices_created)} 个,新建村(社区){len(result.villages_created)} 个,类型变更 {len(result.villages_updated)} 个,新任书记 {len(result.tenures_started)} 位,"
                f"更新电话 {len(result.phones_updated)} 条,无变化 {result.unchanged} 行。"
            )
        )
