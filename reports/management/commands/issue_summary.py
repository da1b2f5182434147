"""签发 a published round's 通报: issue_summary ROUND_ID [--number 文号] [--by USERNAME] [--issuer 姓名]."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from inspections.models import InspectionRound
from reports import issuing
from reports.documents.pdf import PdfUnavailable


class Command(BaseCommand):
    help = (
        "签发通报：issue_summary 轮次编号 [--number 文号] [--by 用户名] [--issuer 签发人] [--date 年-月-日]；"
        "签发后打印文号和 PDF 的 SHA-256。"
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int, help="轮次编号（已发布）")
        parser.add_argument("--number", default="", help="文号（不填则取本办事处发文登记的下一个）")
        parser.add_argument("--by", default="", help="以此用户签发（须为本办事处的工作人员或领导）")
        parser.add_argument("--issuer", default="", help="签发人姓名（领导本人签发时可不填）")
        parser.add_argument("--date", default="", help="签发日期，年-月-日（默认今天）")

    def handle(self, *args, round_id, number, by, issuer, date, **options):
        rnd = InspectionRound.objects.select_related("office").filter(pk=round_id).first()
        if rnd is None:
            raise CommandError(f"没有编号为 {round_id} 的轮次。")
        user = None
        if by:
            user = get_user_model().objects.filter(username=by, is_active=True).first()
            if user is None:
                raise CommandError(f"没有用户名为 {by} 的有效用户。")
        issued_on = None
        if date:
            try:
                issued_on = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError("签发日期应写成 年-月-日，例如 2022-07-05。") from error
        try:
            issue = issuing.issue_summary(
                rnd=rnd, user=user, issuer=issuer, number=number, issued_on=issued_on
            )
        except issuing.IssueError as error:
            raise CommandError(str(error)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        except PdfUnavailable as error:
            raise CommandError(f"无法生成 PDF：缺少 WeasyPrint 所需的系统组件（{error}）。") from error
        self.stdout.write(f"已签发 {issue.number}")
        self.stdout.write(f"PDF SHA-256 {issue.pdf_sha256}")
        self.stdout.write(f"核验码 {issue.code}")
        if not settings.SITE_URL:
            self.stderr.write("注意：未设置 SITE_URL，通报上的核验二维码只含路径，不含网址。")
