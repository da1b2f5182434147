from django.core.management.base import BaseCommand, CommandError

from config import backup, security


class Command(BaseCommand):
    help = "备份全部数据(含修改记录)和上传的照片到一个 .tar.gz 文件;用 restore 恢复到空数据库。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径,例如 lsb-2026-11-26.tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = backup.backup(options["file"])
        except backup.BackupError as error:
            raise CommandError(str(error))
        except OSError as error:
            raise CommandError(f"备份失败:{error}")
        rows = sum(manifest["rows"].values())
        security.log_event("backup", file=options["file"], rows=rows, files=len(manifest["files"]))
        self.stdout.write(
            self.style.SUCCESS(f"备份完成:{options['file']},{rows} 行数据,{len(manifest['files'])} 个文件。")
        )
