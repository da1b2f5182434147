"""villages/text.py on its own: what free text, names and Excel cells become, and the limits the
form fields take. Every expected string is written out by hand."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from villages.text import (
    EXCEL_CELL_MAX,
    REASON_MAX,
    TEXT_MAX,
    CleanTextMixin,
    clean_name,
    clean_text,
    for_excel,
    has_visible_text,
    is_visible,
    quoted,
)

# --- free text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (None, ""),
        ("", ""),
        ("  整改到位  ", "整改到位"),
        ("\u3000整改到位\u3000", "整改到位"),  # full-width spaces are trimmed too
        ("\t\n整改\n到位\n\t", "整改\n到位"),
        ("整改\t到位", "整改\t到位"),  # a tab inside stays
        ("一\r\n二\r三\x0b四\x0c五\x85六\u2028七\u2029八", "一\n二\n三\n四\n五\n六\n七\n八"),
        ("a\x00b\x08c\x0ed\x1fe\x7ff\x80g\x9fh", "abcdefgh"),
        ("坏\ud800字\ufffe\uffff", "坏字"),
        ("\u200b零宽", "\u200b零宽"),  # not a space: kept, but not visible text either
        ("  \x00  ", ""),
        (12, "12"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "char",
    [
        " ",
        "\u3000",
        "\u00a0",
        "\u2003",
        "\u200b",  # zero-width space (Cf)
        "\u200d",
        "\u202e",  # bidi override
        "\u0301",  # a combining mark on its own
        "\n",
        "\t",
        "\u2028",
        "\u2029",
        "\ue000",  # private use
        "\u0378",  # unassigned
        "\u3164",  # Hangul filler: a letter that looks like nothing
        "\uffa0",
        "\u115f",
        "\u1160",
        "\u2800",  # braille blank
        "\u180e",
    ],
)
def test_blank_looking_characters_are_not_visible(char):
    assert is_visible(char) is False
    assert has_visible_text(char * 3) is False


@pytest.mark.parametrize("char", ["a", "谷", "1", "·", "。", "\u20dd", "\u3007"])
def test_visible_characters(char):
    assert is_visible(char) is True
    assert has_visible_text(" " + char + " ") is True


def test_text_made_only_of_combining_marks_holds_nothing_visible():
    assert has_visible_text("\u0301\u0302\u0308") is False
    assert has_visible_text("e\u0301") is True
    assert has_visible_text("") is False
    assert has_visible_text(None) is False


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (None, ""),
        ("  谷庄村  ", "谷庄村"),
        ("\u3000谷庄村\u3000", "谷庄村"),
        ("谷庄   村", "谷庄 村"),
        ("慈航路 \u3000 社区", "慈航路 社区"),
        ("慈航路\t社区", "慈航路 社区"),
        ("慈航路\n\n社区", "慈航路 社区"),
        ("慈航路\x00社区", "慈航路 社区"),  # a control character inside is a space
        ("慈航路\x1f\x1f社区", "慈航路 社区"),
        ("ＩＴ产业园", "IT产业园"),
        ("第１组", "第1组"),
        ("\uf900村", "\u8c48村"),  # a compatibility ideograph becomes the unified one
        ("\u00a0王\u00a0建国\u00a0", "王 建国"),
    ],
)
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("谷\u200b庄村", "U+200B"),
        ("谷庄村\u202e", "U+202E"),
        ("\u202e谷\u200b庄村", "U+200B、U+202E"),  # sorted, each once
        ("谷\u200b\u200b庄村", "U+200B"),
        ("\u3164谷庄村", "U+1160"),  # Hangul filler, as NFKC stores it
        ("谷庄\uffa0村", "U+1160"),
        ("谷庄\u115f村", "U+115F"),
        ("谷庄村\u2800", "U+2800"),
        ("谷庄\ue000村", "U+E000"),
        ("谷庄\u2028村", "U+2028"),
    ],
)
def test_names_with_invisible_characters_are_refused_naming_them(raw, codes):
    with pytest.raises(ValidationError) as info:
        clean_name(raw)
    assert info.value.messages == [f"名称含有看不见的字符({codes}),请删除后重新输入。"]


def test_the_refusal_names_the_field():
    with pytest.raises(ValidationError) as info:
        clean_name("田\u200b王村", label="村(社区)名称")
    assert info.value.messages == ["村(社区)名称含有看不见的字符(U+200B),请删除后重新输入。"]


# --- Excel --------------------------------------------------------------------------------


def test_a_cell_of_exactly_excels_limit_is_kept_and_a_longer_one_is_cut_with_an_ellipsis():
    assert EXCEL_CELL_MAX == 32767
    exact = "字" * EXCEL_CELL_MAX
    assert for_excel(exact) == exact
    cut = for_excel("字" * (EXCEL_CELL_MAX + 1))
    assert len(cut) == EXCEL_CELL_MAX
    assert cut == "字" * (EXCEL_CELL_MAX - 1) + "…"


def test_a_cell_loses_controls_and_gets_plain_line_breaks():
    assert for_excel("一\r\n二\x00\x85三\u2028四\t") == "一\n二\n三\n四\t"
    # the limit is measured after cleaning
    assert for_excel("\x00" + "字" * EXCEL_CELL_MAX) == "字" * EXCEL_CELL_MAX


def test_quoted_turns_inner_quotes_into_corner_brackets():
    assert quoted("谷庄村") == "“谷庄村”"
    assert quoted("学习“枫桥经验”做法") == "“学习『枫桥经验』做法”"
    assert quoted(3) == "“3”"


# --- form fields --------------------------------------------------------------------------


class SampleForm(CleanTextMixin, forms.Form):
    name_fields = ("name", "title")
    reason_fields = ("reason",)

    name = forms.CharField(max_length=50, label="村名")
    title = forms.CharField(required=False)
    reason = forms.CharField()
    remark = forms.CharField(required=False)
    wide = forms.CharField(max_length=5000, required=False)
    narrow = forms.CharField(max_length=10, required=False)
    exact = forms.CharField(max_length=TEXT_MAX, required=False)  # its own limit is the free-text one
    choice = forms.ChoiceField(choices=[("a", "a")], required=False)


def form(**data):
    values = {"name": "谷庄村", "reason": "抄错"} | data
    return SampleForm(values)


def test_form_fields_take_their_limits():
    f = SampleForm()
    assert f.fields["name"].widget.attrs["maxlength"] == "50"
    assert f.fields["title"].widget.attrs["maxlength"] == "100"  # a name without a limit
    assert f.fields["reason"].widget.attrs["maxlength"] == str(REASON_MAX) == "90"
    assert f.fields["remark"].widget.attrs["maxlength"] == str(TEXT_MAX) == "2000"
    assert f.fields["wide"].widget.attrs["maxlength"] == "2000"  # capped at TEXT_MAX
    assert f.fields["narrow"].widget.attrs["maxlength"] == "10"  # its own, smaller limit
    assert f.fields["wide"].max_length == 2000
    assert "maxlength" not in f.fields["choice"].widget.attrs


@pytest.mark.parametrize(
    ("field", "length", "valid"),
    [
        ("reason", 90, True),
        ("reason", 91, False),
        ("remark", 2000, True),
        ("remark", 2001, False),
        ("wide", 2000, True),
        ("wide", 2001, False),
        ("narrow", 10, True),
        ("narrow", 11, False),
        ("name", 50, True),
        ("name", 51, False),
        ("title", 100, True),
        ("title", 101, False),
    ],
)
def test_form_limits_at_and_one_past(field, length, valid):
    f = form(**{field: "字" * length})
    assert f.is_valid() is valid, f.errors
    if valid:
        assert f.cleaned_data[field] == "字" * length


def test_form_fields_are_cleaned():
    f = form(name="  谷庄   村 ", reason="\u3000抄错\x00 ", remark="第一行\r\n第二行", title="ＩＴ")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["name"] == "谷庄 村"
    assert f.cleaned_data["reason"] == "抄错"
    assert f.cleaned_data["remark"] == "第一行\n第二行"
    assert f.cleaned_data["title"] == "IT"


@pytest.mark.parametrize("blank", [" ", "\u3000", "\u200b", "\u0301\u0302", "\x00"])
def test_required_fields_holding_nothing_visible_are_empty(blank):
    f = form(reason=blank)
    assert not f.is_valid()
    assert f.errors["reason"] == ["这个字段是必填项。"]
    f = form(remark=blank)
    assert f.is_valid(), f.errors
    assert f.cleaned_data["remark"] == ""


@pytest.mark.parametrize("blank", [" ", "\u3000", "\u0301", "\x00"])
def test_a_required_name_holding_nothing_visible_is_empty(blank):
    f = form(name=blank)
    assert not f.is_valid()
    assert f.errors["name"] == ["这个字段是必填项。"]


def test_a_name_with_a_blank_looking_letter_is_refused_in_the_form():
    f = form(name="谷庄\u3164村")
    assert not f.is_valid()
    assert f.errors["name"] == ["村名含有看不见的字符(U+1160),请删除后重新输入。"]


def test_a_field_whose_own_limit_is_the_free_text_limit_says_so_once():
    f = form(exact="字" * (TEXT_MAX + 1))
    assert not f.is_valid()
    assert f.errors["exact"] == ["确保该变量包含不超过 2000 字符 (目前字符数 2001)。"]  # Django's, once
    assert f.fields["exact"].widget.attrs["maxlength"] == "2000"


def test_the_form_keeps_its_own_arguments():
    f = SampleForm({"p-name": "谷庄村", "p-reason": "抄错"}, prefix="p")
    assert f.is_valid(), f.errors
    assert f.cleaned_data["name"] == "谷庄村"
