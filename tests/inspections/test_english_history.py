"""The system's own notes in a round's and a sheet's history read in the reader's language; what a
person wrote stays as written."""

from django.urls import reverse

from tests.test_i18n import switch_to_english, visible_text


def test_round_history_notes_in_english(round_setup, login):
    s = round_setup
    s.open()
    s.sheet(s.judge_a, s.cihang, 8, 9, submit=False)  # a draft left behind
    s.sheet(s.judge_b, s.cihang, 8, 9)
    s.close()
    s.publish()
    client = login(s.staff)
    client.post(
        reverse("inspections:round-status", args=[s.round.pk, "withdraw"]), {"reason": "谷庄村分数录错"}
    )
    url = reverse("inspections:round-detail", args=[s.round.pk])
    chinese = visible_text(client.get(url))
    for note in ("结束评分(有草稿未提交)", "发布结果", "撤回发布:谷庄村分数录错"):
        assert note in chinese
    switch_to_english(client)
    english = visible_text(client.get(url))
    assert "Scoring closed (drafts not submitted)" in english
    assert "Results published" in english
    assert "Publication withdrawn: 谷庄村分数录错" in english  # the reason stays as written
    for note in ("结束评分", "发布结果", "撤回发布"):
        assert note not in english


def test_a_reviewed_sheet_history_in_english(round_setup, login):
    from inspections import services

    s = round_setup
    s.open()
    sheet = services.sheet_save(
        rnd=s.round,
        village=s.cihang,
        judge=s.judge_a,
        values={s.c1.pk: 8, s.c2.pk: 9},
        submit=True,
        actor=s.staff,
        as_staff=True,
    )
    services.sheet_review(sheet=sheet, reviewer=s.staff2)
    client = login(s.staff)
    switch_to_english(client)
    text = visible_text(client.get(reverse("inspections:sheet-detail", args=[sheet.pk])))
    assert "Reason: Checked against the paper sheet" in text
    assert "复核确认" not in text
