"""签发: an issued 通报 is fixed bytes with a 文号 from the office's register; 更正通报; the public
核验 page; issue_summary and export_summary."""

import datetime
import hashlib
import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from inspections import services as round_services
from inspections.models import Commentary, Rectification
from reports import issuing
from reports.models import IssuedSummary
from tests.boards.helpers import build_round, table
from villages.models import PledgeProgress

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_text(data, tmp_path):
    path = tmp_path / "issued.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def summary_url(rnd):
    return reverse("reports:office-summary", args=[rnd.pk])


def issue_via_page(client, rnd, **data):
    form = {"action": "issue", "number": "", "issuer": "", "issued_on": "2022-07-05"}
    form.update(data)
    return client.post(summary_url(rnd), form)


def files_of(client, rnd):
    return [
        client.get(reverse(name, args=[rnd.pk])).content
        for name in ("reports:office-summary-pdf", "reports:office-summary-xlsx", "reports:office-brief")
    ]


@pytest.fixture
def zg_pattern(summary_data, login):
    """郑港's register pattern set on its 办事处设置 page by its staff."""
    office = summary_data.office
    client = login(summary_data.staff)
    settings_page = client.get(reverse("villages:office-settings", args=[office.pk])).content.decode()
    assert 'name="document_number_pattern"' in settings_page
    response = client.post(
        reverse("villages:office-settings", args=[office.pk]),
        {
            "red_flag_threshold": office.red_flag_threshold,
            "honour_list_size": office.honour_list_size,
            "max_bonus": office.max_bonus,
            "max_deduction": office.max_deduction,
            "document_number_pattern": "郑港党工〔{year}〕{n}号",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    office.refresh_from_db()
    assert office.document_number_pattern == "郑港党工〔{year}〕{n}号"
    return summary_data


def test_the_office_settings_refuse_a_pattern_without_its_serial(summary_data, login):
    office = summary_data.office
    response = login(summary_data.staff).post(
        reverse("villages:office-settings", args=[office.pk]),
        {
            "red_flag_threshold": office.red_flag_threshold,
            "honour_list_size": office.honour_list_size,
            "max_bonus": office.max_bonus,
            "max_deduction": office.max_deduction,
            "document_number_pattern": "郑港党工〔{year}〕号",
        },
    )
    assert response.status_code == 200
    assert "发文字号格式须包含" in response.content.decode()


@needs_poppler
def test_issuing_freezes_every_file_and_the_page(zg_pattern, login, tmp_path):
    zg = zg_pattern
    leader = zg.zone.users["leader"]
    leader.first_name = "朱永立"
    leader.save()
    client = login(leader)
    page = client.get(summary_url(zg.q2)).content.decode()
    year = timezone.localdate().year
    assert f'value="郑港党工〔{year}〕1号"' in page  # the register's next number, prefilled
    assert 'value="朱永立"' in page  # a leader signs it themself
    # The prefilled number left as it is: numbered in the year of the issue date.
    response = issue_via_page(client, zg.q2, number=f"郑港党工〔{year}〕1号", issuer="朱永立")
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = IssuedSummary.objects.get(round=zg.q2)
    assert (issue.number, issue.serial, issue.issuer) == ("郑港党工〔2022〕1号", 1, "朱永立")
    assert issue.issued_on == datetime.date(2022, 7, 5)
    before = files_of(client, zg.q2)
    assert [hashlib.sha256(b).hexdigest() for b in before] == [
        issue.pdf_sha256,
        issue.xlsx_sha256,
        issue.docx_sha256,
    ]
    page = client.get(summary_url(zg.q2)).content.decode()
    assert "郑港党工〔2022〕1号" in page and issue.pdf_sha256 in page
    text = pdf_text(before[0], tmp_path)
    assert "郑港党工〔2022〕1号" in text
    assert issue.code in text and "数据截至" in text

    # Everything the document shows changes afterwards …
    PledgeProgress.objects.filter(pledge=zg.zone.pledges["谷庄村"]).update(status="done")
    type(zg.zone.private_pledge).objects.filter(pk=zg.zone.private_pledge.pk).update(status="public")
    for item in Rectification.objects.all():
        item.status = Rectification.Status.VERIFIED
        item.deadline = datetime.date(2030, 1, 1)
        item.save()
    Commentary.objects.filter(kind="highlight").update(text="改过的亮点")
    Commentary.objects.create(round=zg.q2, kind="problem", text="签发后补的问题")
    zg.housong.name = "后宋社区"
    zg.housong.save()
    heading_change = client.post(summary_url(zg.q2), {"action": "heading", "document_number": "X"})
    assert heading_change.status_code == 403  # the heading is fixed with the 通报

    # … and the issued files stay byte for byte the same.
    after = files_of(client, zg.q2)
    assert after == before
    assert [hashlib.sha256(b).hexdigest() for b in after][0] == issue.pdf_sha256
    later_page = client.get(summary_url(zg.q2)).content.decode()
    assert "后宋村" in later_page and "后宋社区" not in later_page.split("doc-toolbar")[-1]
    assert "改过的亮点" not in later_page and "签发后补的问题" not in later_page
    out = tmp_path / "out.pdf"
    call_command("export_summary", str(zg.q2.pk), "-o", str(out), stdout=io.StringIO())
    assert out.read_bytes() == before[0]
    xlsx = tmp_path / "out.xlsx"
    call_command("export_summary", str(zg.q2.pk), "-o", str(xlsx), stdout=io.StringIO())
    assert xlsx.read_bytes() == before[1]


def test_numbers_run_per_office_and_year(zg_pattern, login):
    zg = zg_pattern
    zone = zg.zone
    xg_round = build_round(
        zone.xg,
        2022,
        2,
        villages=[zone.tianwang, zone.shidong],
        judges=zg.judges,
        staff=zone.users["other_staff"],
        sheets={zone.tianwang: [(17, 17, 34), (17, 17, 34)], zone.shidong: [(16, 16, 30), (16, 16, 30)]},
    )[0]
    q1 = issuing.issue_summary(rnd=zg.q1, user=zg.staff, issuer="朱永立", issued_on=datetime.date(2022, 4, 2))
    q2 = issuing.issue_summary(rnd=zg.q2, user=zg.staff, issuer="朱永立", issued_on=datetime.date(2022, 7, 5))
    xg = issuing.issue_summary(
        rnd=xg_round, user=zone.users["other_staff"], issuer="刘新", issued_on=datetime.date(2022, 7, 6)
    )
    q2_fix = issuing.issue_summary(
        rnd=zg.q2,
        user=zg.staff,
        issuer="朱永立",
        issued_on=datetime.date(2023, 1, 4),
        corrects=q2,
        reason="谷庄村得分更正",
    )
    assert [q1.number, q2.number, q2_fix.number] == [
        "郑港党工〔2022〕1号",
        "郑港党工〔2022〕2号",
        "郑港党工〔2023〕1号",
    ]
    assert xg.number == "新港〔2022〕1号"  # no pattern set: the office's short name
    assert issuing.next_number(zg.office, 2022) == (3, "郑港党工〔2022〕3号")


def test_an_overridden_number_must_be_unused(zg_pattern, login):
    zg = zg_pattern
    client = login(zg.staff)
    issuing.issue_summary(rnd=zg.q1, user=zg.staff, issuer="朱永立", issued_on=datetime.date(2022, 4, 2))
    response = issue_via_page(client, zg.q2, number="郑港党工〔2022〕1号", issuer="朱永立")
    assert response.status_code == 200
    assert "文号“郑港党工〔2022〕1号”已被本办事处的其他通报使用，请换一个。" in response.content.decode()
    assert not IssuedSummary.objects.filter(round=zg.q2).exists()
    response = issue_via_page(client, zg.q2, issuer="")  # staff must name who signs
    assert "请填写签发人。" in response.content.decode()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = issue_via_page(client, zg.q2, issuer="朱永立", issued_on=tomorrow)
    assert "签发日期不能晚于今天。" in response.content.decode()
    assert 'value="朱永立"' in response.content.decode()  # what was typed stays
    response = issue_via_page(client, zg.q2, number="郑港党工〔2022〕5号", issuer="朱永立")
    assert response.status_code == 302
    assert IssuedSummary.objects.get(round=zg.q2).serial == 5
    assert issuing.next_number(zg.office, 2022)[1] == "郑港党工〔2022〕6号"


def test_the_form_offers_the_number_typed_in_the_heading(summary_data, login):
    client = login(summary_data.staff)
    client.post(
        summary_url(summary_data.q2),
        {"document_number": "郑港党工〔2022〕12号", "reviewer": "", "issuer": "朱永立"},
    )
    page = client.get(summary_url(summary_data.q2)).content.decode()
    assert 'value="郑港党工〔2022〕12号"' in page.split('data-testid="issue-form"')[1]
    assert issue_via_page(client, summary_data.q2, number="郑港党工〔2022〕12号").status_code == 302
    issue = IssuedSummary.objects.get()
    assert (issue.number, issue.serial, issue.issuer) == ("郑港党工〔2022〕12号", None, "朱永立")


@pytest.mark.parametrize("persona", ["other_staff", "zone_leader", "secretary", "nobody"])
def test_only_the_offices_staff_and_leaders_issue(summary_data, login, persona):
    client = login(summary_data.zone.users[persona])
    response = issue_via_page(client, summary_data.q2, issuer="某人")
    assert response.status_code == 403
    assert not IssuedSummary.objects.exists()


def test_a_correction_names_the_original_which_stays_and_is_marked(zg_pattern, login, tmp_path):
    zg = zg_pattern
    client = login(zg.staff)
    assert issue_via_page(client, zg.q2, issuer="朱永立").status_code == 302
    original = IssuedSummary.objects.get(round=zg.q2)
    original_pdf = client.get(reverse("reports:office-summary-pdf", args=[zg.q2.pk])).content
    Commentary.objects.create(round=zg.q2, kind="problem", text="签发后补记的问题")
    assert "签发后补记的问题" not in client.get(summary_url(zg.q2)).content.decode()
    draft = client.get(summary_url(zg.q2) + "?draft=1").content.decode()
    assert "签发后补记的问题" in draft and 'data-testid="draft-note"' in draft
    response = client.post(
        summary_url(zg.q2),
        {"action": "correct", "number": "", "issuer": "朱永立", "issued_on": "2022-07-20", "reason": ""},
    )
    assert "更正理由" in response.content.decode() and IssuedSummary.objects.count() == 1
    response = client.post(
        summary_url(zg.q2),
        {
            "action": "correct",
            "number": "",
            "issuer": "朱永立",
            "issued_on": "2022-07-20",
            "reason": "陶庄村整改时限写错",
        },
    )
    assert response.status_code == 302
    correction = IssuedSummary.objects.get(corrects=original)
    assert correction.number == "郑港党工〔2022〕2号"
    assert correction.title.endswith("（更正）")
    page = client.get(summary_url(zg.q2)).content.decode()
    assert "郑港党工〔2022〕2号" in page and "已更正" in page
    assert "本通报更正郑港党工〔2022〕1号" in page and "签发后补记的问题" in page
    new_pdf = client.get(reverse("reports:office-summary-pdf", args=[zg.q2.pk])).content
    assert hashlib.sha256(new_pdf).hexdigest() == correction.pdf_sha256 != original.pdf_sha256
    old = client.get(reverse("reports:issued-file", args=[original.pk, "pdf"]))
    assert old.status_code == 200 and old.content == original_pdf
    reasons = list(zg.q2.history.values_list("history_change_reason", flat=True)[:2])
    assert reasons[0].startswith("签发更正通报 郑港党工〔2022〕2号（更正 郑港党工〔2022〕1号）")
    assert reasons[1] == "签发通报 郑港党工〔2022〕1号"


def test_withdrawing_an_issued_round_says_the_issued_document_stays(summary_data, login):
    zg = summary_data
    issuing.issue_summary(rnd=zg.q2, user=zg.staff, issuer="朱永立")
    client = login(zg.staff)
    detail = client.get(reverse("inspections:round-detail", args=[zg.q2.pk])).content.decode()
    assert "本轮通报已签发" in detail
    response = client.post(
        reverse("inspections:round-status", args=[zg.q2.pk, "withdraw"]),
        {"reason": "更正谷庄村得分"},
        follow=True,
    )
    assert "撤回发布不会改变已签发的通报" in response.content.decode()


def test_the_verify_page_shows_only_the_issue_and_checks_an_upload(summary_data, client, settings):
    zg = summary_data
    issue = issuing.issue_summary(rnd=zg.q2, user=zg.staff, issuer="朱永立")
    pdf = issuing.issue_file(issue, "pdf")
    url = reverse("reports:verify", args=[issue.code])
    assert url == f"/verify/{issue.code}/"
    page = client.get(url).content.decode()  # no login
    for shown in (issue.number, issue.title, issue.pdf_sha256, "郑港办事处"):
        assert shown in page
    for hidden in ("后宋村", "92.50", "陶红梅", "坑塘清淤", "朱永立", "王建国"):
        assert hidden not in page
    assert client.get(reverse("reports:verify", args=["NOPE2345"])).status_code == 404

    same = client.post(url, {"document": SimpleUploadedFile("a.pdf", pdf, "application/pdf")})
    assert same.status_code == 200 and 'data-testid="verify-match"' in same.content.decode()
    altered = pdf[:-10] + b"0000000000"
    other = client.post(url, {"document": SimpleUploadedFile("b.pdf", altered, "application/pdf")})
    assert 'data-testid="verify-mismatch"' in other.content.decode()

    settings.VERIFY_MAX_UPLOAD = 1024 * 1024
    big = client.post(url, {"document": SimpleUploadedFile("c.pdf", b"%PDF" + b"0" * 1024 * 1024)})
    assert big.status_code == 413
    assert "文件太大：只能核验不超过 1 MB 的 PDF 文件。" in big.content.decode()
    settings.VERIFY_RATE_PER_MINUTE = 3
    statuses = [client.post(url, {}).status_code for _ in range(4)]
    assert statuses[-1] == 429


def test_the_commands_issue_and_export_the_issued_files(summary_data, tmp_path, settings):
    zg = summary_data
    settings.SITE_URL = "https://lsb.example.gov.cn"
    out = io.StringIO()
    call_command(
        "issue_summary", str(zg.q2.pk), "--by", "leader", "--number", "郑港党工〔2022〕12号", stdout=out
    )
    issue = IssuedSummary.objects.get(round=zg.q2)
    assert issue.issuer == "leader"  # the leader's name (no full name set)
    assert "郑港党工〔2022〕12号" in out.getvalue() and issue.pdf_sha256 in out.getvalue()
    assert f"https://lsb.example.gov.cn/verify/{issue.code}/" in issuing.issue_html(
        issue
    )  # under the QR code
    with pytest.raises(CommandError, match="已签发"):
        call_command("issue_summary", str(zg.q2.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="只有本办事处"):
        call_command(
            "issue_summary", str(zg.q1.pk), "--by", "other_staff", "--issuer", "某人", stdout=io.StringIO()
        )
    for suffix in ("pdf", "xlsx", "docx"):
        path = tmp_path / f"t.{suffix}"
        call_command("export_summary", str(zg.q2.pk), "-o", str(path), stdout=io.StringIO())
        assert hashlib.sha256(path.read_bytes()).hexdigest() == getattr(issue, f"{suffix}_sha256")
    # Withdrawn to correct the scores: the issued 通报 is still what it was.
    round_services.round_withdraw(rnd=zg.q2, user=zg.staff, reason="更正谷庄村得分")
    path = tmp_path / "withdrawn.pdf"
    call_command("export_summary", str(zg.q2.pk), "-o", str(path), stdout=io.StringIO())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == issue.pdf_sha256
    with pytest.raises(CommandError, match="只有已发布的轮次可以签发通报"):
        call_command("issue_summary", str(zg.q2.pk), "--issuer", "朱永立", stdout=io.StringIO())


def test_figures_are_stated_as_of_the_publication_date(summary_data, login):
    """Published on 30 June 2022 and read today: states, deadlines, overdue items and pledge
    fulfilment as they stood on 30 June (their history), not as they are now."""
    zg = summary_data
    published = datetime.datetime(2022, 6, 30, 15, 0, tzinfo=datetime.UTC)  # 23:00 in Zhengzhou
    before = published - datetime.timedelta(days=5)
    record = zg.q2.history.order_by("-history_date").first()
    assert record.status == "published"
    zg.q2.history.exclude(pk=record.pk).update(history_date=published - datetime.timedelta(days=1))
    zg.q2.history.filter(pk=record.pk).update(history_date=published)
    # 陶庄村's item: open and overdue on 30 June, closed since.
    overdue = zg.items["overdue"]
    overdue.history.update(history_date=before, deadline=datetime.date(2022, 6, 20))
    overdue.status = Rectification.Status.VERIFIED
    overdue.save()
    # 谷庄村's item from Q1: open then (due 20 July), closed since; closed items of Q1 are not listed.
    earlier = zg.items["earlier"]
    earlier.history.update(history_date=before, deadline=datetime.date(2022, 7, 20))
    earlier.status = Rectification.Status.VERIFIED
    earlier.save()
    # 慈航路社区's pledge was done by Q2 on 30 June; its progress was changed to 滞后 afterwards.
    cihang = zg.zone.pledges["慈航路社区"]
    cihang.history.update(history_date=before)
    progress = cihang.progress.get(quarter=2)
    progress.history.update(history_date=before)
    progress.status = PledgeProgress.Status.DELAYED
    progress.save()

    response = login(zg.staff).get(summary_url(zg.q2))
    page = response.content.decode()
    assert "数据截至2022年6月30日" in page
    assert "截至 2022-06-30 逾期 1 项" in page
    rows = {row[2].split()[0]: row for row in table(response, "rectifications")[1:]}
    assert set(rows) == {"坑塘清淤", "走访台账缺反馈"}  # 背街小巷杂物 was raised after the day
    assert rows["坑塘清淤"][4:] == ["2022-06-20", "整改中 已逾期"]
    assert rows["走访台账缺反馈"][4:] == ["2022-07-20", "整改中"]
    pledges = {row[0]: row for row in table(response, "pledges")[1:]}
    assert pledges["慈航路社区"][1:3] == ["1", "1"]  # done then
    assert pledges["谷庄村"][1] == "0"  # made public (its history) after the day


def test_the_admin_lists_issued_documents_read_only(summary_data, login):
    issue = issuing.issue_summary(rnd=summary_data.q2, user=summary_data.staff, issuer="朱永立")
    client = login(summary_data.zone.users["admin"])
    assert client.get(reverse("admin:reports_issuedsummary_changelist")).status_code == 200
    change = client.get(reverse("admin:reports_issuedsummary_change", args=[issue.pk]))
    assert change.status_code == 200 and issue.pdf_sha256 in change.content.decode()
    assert client.get(reverse("admin:reports_issuedsummary_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:reports_issuedsummary_delete", args=[issue.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert IssuedSummary.objects.filter(pk=issue.pk).exists()


def test_an_oversized_upload_is_refused_before_its_body_is_read(summary_data, client, settings, monkeypatch):
    from django.http import multipartparser

    issue = issuing.issue_summary(rnd=summary_data.q2, user=summary_data.staff, issuer="朱永立")
    settings.VERIFY_MAX_UPLOAD = 1024 * 1024

    def never(self):
        raise AssertionError("the upload was parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", never)
    response = client.post(
        reverse("reports:verify", args=[issue.code]),
        {"document": SimpleUploadedFile("c.pdf", b"%PDF" + b"0" * 2 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert "文件太大" in response.content.decode()


def test_issue_and_correction_go_to_the_security_log(
    summary_data, caplog, django_capture_on_commit_callbacks
):
    zg = summary_data
    with caplog.at_level("INFO", logger="liangsaibi.security"):
        with django_capture_on_commit_callbacks(execute=True):
            first = issuing.issue_summary(rnd=zg.q2, user=zg.staff, issuer="朱永立")
            issuing.issue_summary(
                rnd=zg.q2, user=zg.staff, issuer="朱永立", corrects=first, reason="整改时限写错"
            )
    lines = [r.getMessage() for r in caplog.records if r.name == "liangsaibi.security"]
    assert any('"event": "summary_issued"' in line and first.pdf_sha256 in line for line in lines)
    assert any('"event": "summary_corrected"' in line and first.number in line for line in lines)


def test_the_issued_workbook_names_its_document(summary_data):
    from openpyxl import load_workbook

    issue = issuing.issue_summary(rnd=summary_data.q2, user=summary_data.staff, issuer="朱永立")
    workbook = load_workbook(io.BytesIO(issuing.issue_file(issue, "xlsx")))
    assert workbook.sheetnames[0] == "通报信息"
    values = {row[0]: row[1] for row in workbook["通报信息"].iter_rows(values_only=True)}
    assert values["文号"] == issue.number and values["核验码"] == issue.code
    assert "排名" in workbook.sheetnames
    title = workbook["排名"]["A1"].value  # every sheet's title row names the 文号 and the issue date
    assert issue.number in title and title.startswith("郑港办事处 · ") and title.endswith("日")
    assert all(workbook[name]["A1"].value == title for name in workbook.sheetnames[1:])


def test_the_issued_brief_is_dated_the_issue_day_and_signed_by_the_office(summary_data):
    from docx import Document

    day = datetime.date(2022, 7, 1)
    issue = issuing.issue_summary(
        rnd=summary_data.q2, user=summary_data.staff, issuer="朱永立", issued_on=day
    )
    properties = Document(io.BytesIO(issuing.issue_file(issue, "docx"))).core_properties
    assert properties.created.date() == day and properties.author == "郑港办事处"
    assert properties.language == "zh-CN" and properties.subject == issue.number


def test_an_issued_row_is_never_changed_or_deleted(summary_data):
    issue = issuing.issue_summary(rnd=summary_data.q2, user=summary_data.staff, issuer="朱永立")
    issue.issuer = "别人"
    with pytest.raises(ValueError):
        issue.save()
    with pytest.raises(ValueError):
        issue.delete()
    assert IssuedSummary.objects.get(pk=issue.pk).issuer == "朱永立"
