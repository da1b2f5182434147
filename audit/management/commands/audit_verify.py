from django.core.management.base import BaseCommand, CommandError

from audit import chain


class Command(BaseCommand):
    help = "核对审计链：每条记录的哈希、序号和上一条哈希；有记录被改动或删除时以非零状态退出，并指出第一条。"

    def handle(self, *args, **options):
        checked, broken = chain.verify()
        if broken is not None:
            raise CommandError(f"审计链已被破坏：{broken}（此前 {checked} 条完好）。")
        self.stdout.write(self.style.SUCCESS(f"审计链完好：共 {checked} 条。"))
