"""Reading one score typed by a person (a phone, the keying grid, a workbook cell)."""

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.utils.translation import gettext as _


class ScoreValueError(ValueError):
    pass


# A typed score: plain ASCII digits with at most one decimal point (after full-width forms and the
# IME's 。 are read as what was meant). Decimal() alone would also take 1_0, 1e1, "NaN" and the
# digits of other scripts (١٠, १०), which nobody types as a score on purpose.
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_score(criterion, raw):
    """Return the Decimal for `raw`, None when blank; raise ScoreValueError with a Chinese message
    that quotes what was typed.

    `raw` may be text ("8.5", "８．５" or "8。5" from a Chinese keyboard), a number from a spreadsheet
    or a Decimal.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ScoreValueError(_("“{name}”不是数字").format(name=criterion.name))
    if isinstance(raw, str):
        typed = raw.strip()
        text = typed.translate(FULL_WIDTH)
        if text == "":
            return None
        if not NUMBER.fullmatch(text):
            raise ScoreValueError(
                _("“{name}”填写的“{raw}”不是数字").format(name=criterion.name, raw=_quoted(typed))
            )
        value = Decimal(text)
        shown = _quoted(typed)
    else:
        text = repr(raw) if isinstance(raw, float) else str(raw)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ScoreValueError(_("“{name}”填写的“{raw}”不是数字").format(name=criterion.name, raw=raw))
        if not value.is_finite():
            raise ScoreValueError(_("“{name}”填写的“{raw}”不是数字").format(name=criterion.name, raw=raw))
        shown = _shown(value, text)
    if value < 0 or value > criterion.maximum:
        raise ScoreValueError(
            _("“{name}”的分值应在 0 到 {max} 之间,填写的是 {value}").format(
                name=criterion.name, max=_plain(criterion.maximum), value=shown
            )
        )
    places = criterion.decimal_places
    if value != value.quantize(Decimal(1).scaleb(-places)):
        if places:
            message = _("“{name}”最多保留 {n} 位小数,填写的是 {value}")
        else:
            message = _("“{name}”只能填整数,填写的是 {value}")
        raise ScoreValueError(message.format(name=criterion.name, n=places, value=shown))
    return _plain_decimal(value)


def _quoted(typed):
    """What the person typed, as typed; a very long entry keeps its start and its end (9.90000…0001),
    so the message is short and still shows what is wrong with it."""
    return typed if len(typed) <= 24 else f"{typed[:14]}…{typed[-6:]}"


def _plain_decimal(value):
    """8.50 -> 8.5, 10.0 -> 10, -0 -> 0; keeps the value exact."""
    normal = value.copy_abs().normalize() if value.is_zero() else value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def _shown(value, text):
    """The typed number in a message: plain when of a sane size; else as typed, shortened
    (1e999999999 or a 5000-digit number cannot be written out plainly)."""
    if value.is_zero() or -12 <= value.adjusted() <= 12:
        return _plain(value)
    return text if len(text) <= 20 else text[:20] + "…"


def _plain(value):
    return format(_plain_decimal(Decimal(value)), "f")


FULL_WIDTH = str.maketrans("０１２３４５６７８９．。－＋", "0123456789..-+")


def format_score(value):
    """How a stored score is shown: no trailing zeros (8.5, 10)."""
    return "" if value is None else _plain(value)


def format_exact(value, places=4):
    """An exact value (a Fraction) as written on a receipt: in full with at least two places when
    it ends within `places` decimals (0.005, 83.75), else cut after `places` with "…" (83.7333…),
    so what is printed never claims a rounding that did not happen."""
    value = Fraction(value)
    sign = "-" if value < 0 else ""  # as totals print
    value = abs(value)
    scaled = value * 10**places
    whole = scaled.numerator // scaled.denominator
    digits = f"{whole:0{places + 1}d}"
    text = f"{digits[:-places]}.{digits[-places:]}"
    if scaled != whole:
        return f"{sign}{text}…"
    keep = max(2, len(text.split(".")[1].rstrip("0")))
    return f"{sign}{text[: len(text) - places + keep]}"
