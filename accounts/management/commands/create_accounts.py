from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.slips import slips_pdf
from reports.documents.pdf import PdfUnavailable
from villages.models import Office


class Command(BaseCommand):
    help = (
        "为办事处的人员开通账号（与“人员与账号”页面同一套规则）。"
        "--from-roster：为每位还没有账号的现任书记开通一个账号；--slips 把开通单写成 A4 PDF。"
        "再次运行不会重复开通。"
    )

    def add_arguments(self, parser):
        parser.add_argument("office", help="办事处名称或编号")
        parser.add_argument("--from-roster", action="store_true", help="为名单上的现任书记开通账号")
        parser.add_argument("--slips", metavar="FILE.pdf", help="开通单 PDF 的保存路径")
        parser.add_argument("--reason", default="", help="理由（默认：按花名册为现任党支部书记开通账号。）")
        parser.add_argument(
            "--base-url",
            default="",
            help="开通单二维码指向的网址（默认取 SITE_URL，例如 https://lsb.example.org）",
        )

    def handle(self, *args, **options):
        office = self._office(options["office"])
        if not options["from_roster"]:
            raise CommandError(
                "请指定 --from-roster：为名单上的现任书记开通账号。其他人员请在“人员与账号”页面开通。"
            )
        base_url = options["base_url"] or settings.SITE_URL
        if options["slips"] and not base_url:
            raise CommandError("请用 --base-url 或环境变量 SITE_URL 指定开通单二维码指向的网址。")
        if options["slips"]:
            target = Path(options["slips"])
            if not target.parent.is_dir():
                raise CommandError(f"目录不存在：{target.parent}")
        try:
            slips = services.create_secretary_accounts(office, reason=options["reason"])
        except services.AccountError as error:
            raise CommandError(error.message)
        if not slips:
            self.stdout.write(f"{office.name}：每位现任书记都已有账号，没有新开通的账号。")
            return
        self.stdout.write(self.style.SUCCESS(f"{office.name}：已为 {len(slips)} 位书记开通账号。"))
        for slip in slips:
            line = f"{slip.name}\t{slip.username}"
            if not options["slips"]:
                line += f"\t{slip.code_shown}"
            self.stdout.write(line)
        if options["slips"]:
            try:
                target.write_bytes(slips_pdf(slips, office=office, base_url=base_url))
            except PdfUnavailable as error:
                raise CommandError(
                    f"无法生成 PDF（{error}）。账号已开通：请在“人员与账号”页面为待激活账号重新生成开通码并打印。"
                )
            self.stdout.write(f"开通单已写入 {target}（开通码只在开通单上，请妥善保管）。")
        else:
            self.stdout.write("开通码只显示这一次，请当面交给本人。")

    def _office(self, value):
        office = Office.objects.filter(name=value).first()
        if office is None and value.isdigit():
            office = Office.objects.filter(pk=int(value)).first()
        if office is None:
            raise CommandError(f"找不到办事处：{value}")
        return office
