from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from config import security, stored_text


class Command(BaseCommand):
    help = (
        "清除数据库中（含修改记录）文字里的控制字符，与页面录入时的清理相同；"
        "backup 因“控制字符”拒绝备份时运行。加 --dry-run 只列出，不修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出含控制字符的位置，不修改")

    def handle(self, *args, dry_run, **options):
        models = stored_text.stored_models(apps, connection)
        with transaction.atomic():
            found = list(stored_text.find(models)) if dry_run else stored_text.repair(models)
        for row in found:
            self.stdout.write(stored_text.describe(*row))
        if dry_run:
            self.stdout.write(f"共 {len(found)} 处含控制字符，未修改。")
            return
        if found:
            security.log_event(
                "repair_text", values=len(found), tables=sorted({m._meta.db_table for m, *_ in found})
            )
        self.stdout.write(self.style.SUCCESS(f"已清理 {len(found)} 处。"))
