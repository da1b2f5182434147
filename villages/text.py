"""Text typed or imported by people, cleaned once at the way in, so every output can carry it.

- Free text (reasons, remarks, commentary, captions…): line breaks made plain, control characters
  (C0 and C1, other than newline and tab) and what XML cannot hold removed, a length every output
  can carry (an Excel cell holds 32,767 characters; history reasons 100), and, where required,
  at least one visible character: spaces, U+3000 or zero-width characters alone are not a reason.
- Names (villages, offices, rounds, criteria, people): NFKC-normalised (full-width letters and
  digits, compatibility ideographs), spaces squeezed, and refused when they hold invisible
  characters (zero-width, bidi controls), so a look-alike of an existing name cannot be created.

`CleanTextMixin` applies this to every text field of a form; imports call the functions directly.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

TEXT_MAX = 2000  # a remark, a reason for a bonus, a commentary: well inside an Excel cell
REASON_MAX = 90  # a correction reason lands in a history record (100 characters) after a prefix
EXCEL_CELL_MAX = 32767

LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls but tab and newline; DEL; lone surrogates and the two non-characters XML refuses.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Blank-looking letters and symbols: a name or reason made of them looks empty.
BLANK_LOOKING = set("\u115f\u1160\u3164\uffa0\u2800\u180e")
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
SPACES = re.compile(r"\s+")


def clean_text(value):
    """Free text with plain line breaks and no control characters, stripped."""
    if value is None:
        return ""
    value = LINE_BREAKS.sub("\n", str(value))
    return CONTROLS.sub("", value).strip()


def is_visible(char):
    category = unicodedata.category(char)
    return not (
        category in INVISIBLE_CATEGORIES
        or category.startswith("Z")
        or category == "Mn"
        or char in BLANK_LOOKING
    )


def has_visible_text(value):
    return any(is_visible(char) for char in value or "")


def clean_name(value, *, label=None):
    """A name as stored: NFKC, single spaces, trimmed; ValidationError for invisible characters."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFKC", str(value))
    hidden = sorted(
        {
            char
            for char in value
            if unicodedata.category(char) in INVISIBLE_CATEGORIES - {"Cc"} or char in BLANK_LOOKING
        }
    )
    if hidden:
        codes = "、".join(f"U+{ord(char):04X}" for char in hidden)
        raise ValidationError(
            _("{label}含有看不见的字符({codes}),请删除后重新输入。").format(
                label=label or _("名称"), codes=codes
            )
        )
    value = CONTROLS.sub(" ", value)  # a tab or a line break inside a name is a space
    return SPACES.sub(" ", value).strip()


def repaired(value):
    """Stored text as the cleaning would have let it in: plain line breaks, no control characters.
    Nothing else changes (no trimming, no cutting): for text stored before it was cleaned."""
    return CONTROLS.sub("", LINE_BREAKS.sub("\n", value))


def for_excel(value):
    """A stored string as an Excel cell can hold it (text stored before cleaning existed, too)."""
    value = repaired(value)
    if len(value) > EXCEL_CELL_MAX:
        value = value[: EXCEL_CELL_MAX - 1] + "…"
    return value


class CleanTextMixin:
    """Cleans every plain text field of a form (forms.CharField, not e-mail, number or choice fields).

    `name_fields` are names (clean_name); `reason_fields` are correction reasons (REASON_MAX);
    the others are free text, limited to their own max_length or TEXT_MAX. A required field
    holding no visible character counts as empty. Fields added after __init__ (score inputs)
    are left alone.
    """

    name_fields = ()
    reason_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field) is forms.CharField:
                if name in self.name_fields:
                    _clean_as_name(field)
                else:
                    _clean_as_text(field, REASON_MAX if name in self.reason_fields else TEXT_MAX)


def _limit(field, limit):
    if field.max_length is None or field.max_length > limit:
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(field.max_length)


def _clean_as_text(field, limit):
    _limit(field, limit)
    to_python = field.to_python

    def clean(value):
        value = clean_text(to_python(value))
        return value if has_visible_text(value) else field.empty_value

    field.to_python = clean


def _clean_as_name(field):
    _limit(field, field.max_length or 100)
    to_python = field.to_python

    def clean(value):
        value = clean_name(to_python(value), label=field.label)
        return value if has_visible_text(value) else field.empty_value

    field.to_python = clean


class CleanTextModelForm(CleanTextMixin, forms.ModelForm):
    """For the admin: a model's text fields cleaned as the pages clean them."""


def quoted(value):
    """Text in Chinese quotation marks; quotes inside it become 『』, so “…“…”…” never appears."""
    inner = str(value).replace("“", "『").replace("”", "』")
    return f"“{inner}”"


def padded(value, width):
    """`value` followed by spaces to fill `width` terminal columns, a CJK character taking two:
    so the demo's printed logins line up."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)
    return value + " " * max(width - used, 1)
