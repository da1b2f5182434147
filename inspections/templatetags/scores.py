from decimal import Decimal

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from inspections.values import format_score

register = template.Library()


@register.filter
def score(value):
    """A score without trailing zeros (8.5, 76.2, 10); a dash when missing."""
    return format_score(value) or "—"


@register.filter
def signed(value):
    """A bonus or deduction with its sign: +1.5, −0.25."""
    if value is None:
        return "—"
    text = format_score(abs(value))
    return f"+{text}" if value >= 0 else f"−{text}"


@register.filter
def signed_total(value):
    """A change of total with its sign and two places, like the totals: +11.40, −3.00."""
    if value is None:
        return "—"
    text = format(abs(value).quantize(Decimal("0.01")), "f")
    return f"+{text}" if value >= 0 else f"−{text}"


@register.filter
def term(value):
    """A term of a written sum: "+ 1.25", "− 0.25"."""
    value = value or 0
    return f"{'+' if value >= 0 else '−'} {format_score(abs(value)) or '0'}"


@register.filter
def quarter_heading(label):
    """A quarter's name that a narrow header may break only before 季度: "第一 / 季度", never "第一季 / 度"."""
    return mark_safe(conditional_escape(label).replace("季度", "<wbr>季度"))
