import datetime

from django.core.management.base import BaseCommand, CommandError

from audit import chain


class Command(BaseCommand):
    help = f"删除某日期之前的审计记录（至少保留 {chain.RETENTION_DAYS} 天）；清理本身记为一条审计记录，链仍可核对。"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args, **options):
        try:
            deleted = chain.prune(options["before"])
        except chain.PruneRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"已删除 {options['before'].isoformat()} 之前的 {deleted} 条审计记录。")
        )
