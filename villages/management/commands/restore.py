from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup, security


class Command(BaseCommand):
    help = "从 backup 生成的文件恢复全部数据和照片。目标数据库和上传文件目录必须是空的;恢复后逐表核对行数、逐个核对文件。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到备份文件:{path}")
        try:
            manifest = backup.restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error))
        rows = sum(manifest["rows"].values())
        security.log_event("restore", file=str(path), rows=rows, files=len(manifest["files"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并已核对:{rows} 行数据,{len(manifest['files'])} 个文件(备份时间 {manifest['created']})。"
            )
        )
