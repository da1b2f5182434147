"""郑港's two published quarters from tests/boards (every figure known by hand), with commentary,
rectification items, pledge progress and photos for the summary."""

import datetime
import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from inspections import services
from inspections.models import Commentary, Rectification
from inspections.photos import process_photo
from tests.boards.conftest import make_quarters, make_zg
from villages.models import PledgeProgress


@pytest.fixture(autouse=True)
def empty_document_cache():
    caches["documents"].clear()
    yield
    caches["documents"].clear()


def jpeg(width=640, height=420, colour=(120, 160, 200)):
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def summary_data(zone, settings, tmp_path):
    """Q1 and Q2 of 郑港 (tests/boards/conftest.py) plus what a 通报 shows of Q2."""
    settings.MEDIA_ROOT = tmp_path / "media"
    zg = make_quarters(make_zg(zone))
    q2, staff = zg.q2, zg.staff
    Commentary.objects.create(round=q2, kind="highlight", text="各村台账规范", speaker="朱永立")
    Commentary.objects.create(round=q2, kind="requirement", text="要充分发挥党建引领作用。", speaker="朱永立")
    Commentary.objects.create(round=q2, kind="requirement", text="要扎实推进人居环境整治。", speaker="朱永立")
    Commentary.objects.create(round=q2, kind="requirement", text="要压实整改责任。", speaker="朱永立")
    Commentary.objects.create(round=q2, village=zg.housong, kind="highlight", text="后宋村集体经济稳步增长")
    Commentary.objects.create(round=q2, village=zg.taozhuang, kind="problem", text="陶庄村坑塘清淤不及时")
    today = timezone.localdate()
    items = {
        "overdue": Rectification.objects.create(
            round=q2,
            village=zg.taozhuang,
            problem="坑塘清淤",
            responsible="陶红梅",
            deadline=today - datetime.timedelta(days=3),
            status=Rectification.Status.OPEN,
        ),
        "done": Rectification.objects.create(
            round=q2,
            village=zg.cihang,
            problem="背街小巷杂物",
            responsible="王建国",
            deadline=today - datetime.timedelta(days=3),
            status=Rectification.Status.DONE,
        ),
        "earlier": Rectification.objects.create(
            round=zg.q1,
            village=zg.guzhuang,
            problem="走访台账缺反馈",
            responsible="李春生",
            deadline=today + datetime.timedelta(days=20),
            status=Rectification.Status.OPEN,
        ),
        "closed_earlier": Rectification.objects.create(
            round=zg.q1,
            village=zg.housong,
            problem="标识牌缺失",
            responsible="宋立新",
            deadline=today - datetime.timedelta(days=30),
            status=Rectification.Status.VERIFIED,
        ),
    }
    # 慈航路社区's pledge (from the zone fixture) done by Q2; 谷庄村's behind.
    zone.pledges["慈航路社区"].progress.all().delete()
    PledgeProgress.objects.create(pledge=zone.pledges["慈航路社区"], quarter=2, status="done")
    PledgeProgress.objects.create(pledge=zone.pledges["谷庄村"], quarter=2, status="delayed")
    for i in range(7):
        services.photo_add(
            rnd=q2,
            village=zg.housong,
            processed=process_photo(jpeg()),
            caption=f"现场照片{i + 1}",
            user=staff,
        )
    zg.items = items
    return zg
