"""`seed_demo` on a database that already has an imported roster keeps what the import wrote."""

import io

import pytest
from django.core.management import call_command

from villages.models import Secretary, Village

pytestmark = pytest.mark.django_db


def test_running_after_a_roster_import_keeps_the_imported_secretaries(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "r.csv"
    path.write_text(
        "办事处,单位,类型,党支部书记,联系电话\n郑港办事处,慈航路社区,社区,张现任,\n", encoding="utf-8"
    )
    call_command("import_roster", str(path), stdout=io.StringIO())

    call_command("seed_demo", stdout=io.StringIO())

    tenures = Secretary.objects.filter(village__office__name="郑港办事处", village__name="慈航路社区")
    assert list(tenures.values_list("name", flat=True)) == ["张现任"]
    assert Village.objects.filter(name="慈航路社区").count() == 1
    # The imported secretary answers for the demo's rectification items.
    cihang = Village.objects.get(name="慈航路社区")
    assert set(cihang.rectifications.values_list("responsible", flat=True)) == {"张现任"}
