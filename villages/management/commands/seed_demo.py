from django.core.management.base import BaseCommand

from config import security
from inspections import demo as inspections_demo
from reports import demo as reports_demo
from villages import demo


class Command(BaseCommand):
    help = "载入演示数据:五个办事处、村(社区)、虚构的书记、承诺事项和每个角色一个登录账号。重复运行不会改变数据。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, **options):
        with security.events_muted():  # invented rounds opened and published: not events to watch
            demo.seed()
            inspections_demo.seed()
            reports_demo.seed()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪(示例单位和书记姓名均为虚构)。"))
        if not options["quiet_logins"]:
            self.stdout.write("演示账号(角色 用户名 密码):")
            for line in demo.login_lines() + inspections_demo.login_lines():
                self.stdout.write(line)
