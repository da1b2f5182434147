"""What every write of a round shares: the error it refuses with, reasons and notes as history
keeps them, and the limits a published total must fit."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from villages.text import REASON_MAX, clean_text, has_visible_text

from ..values import format_score


class RoundError(Exception):
    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


PROGRESS_MAX = 30000  # a rectification's running record of notes

# Published totals are stored with 8 digits, 2 after the point (Standing.total, up to 999,999.99):
# the criteria may add up to at most MAX_POSSIBLE_TOTAL (Σ maximum × weight), and a village's
# bonuses and deductions to at most their office's bounds (Office.max_bonus / max_deduction, each at
# most 100), so any total fits, with room to spare.
MAX_POSSIBLE_TOTAL = Decimal("10000")


def possible_total(criteria):
    """The highest total the criteria allow: Σ maximum × weight."""
    return sum((c.maximum * c.weight for c in criteria), Decimal(0))


def possible_total_message(total):
    return _("各评分项“满分×权重”之和为 {total},超过上限 {limit}。请减小满分或权重。").format(
        total=format_score(total), limit=format_score(MAX_POSSIBLE_TOTAL)
    )


def clean_reason(reason):
    """A correction reason as history keeps it: clean text of at most REASON_MAX characters,
    or "" when it holds nothing visible (spaces, U+3000 or zero-width characters alone)."""
    reason = clean_text(reason)
    if not has_visible_text(reason):
        return ""
    if len(reason) > REASON_MAX:
        raise RoundError(
            _("理由最多 {n} 个字(现有 {count} 个字),请精简后重试。").format(n=REASON_MAX, count=len(reason))
        )
    return reason


def username(user):
    return user.get_username() if user is not None else None


# Notes the system writes into history, stored in the office's language (Chinese) like every record;
# `history_note` shows them in the reader's language. What a person typed stays as typed.
NOTE_CLOSED = "结束评分"
NOTE_CLOSED_WITH_DRAFTS = "结束评分(有草稿未提交)"
NOTE_PUBLISHED = "发布结果"
NOTE_REVIEWED = "复核确认"
NOTE_WITHDRAWN_PREFIX = "撤回发布:"


def history_note(note):
    """A history note in the reader's language: the system's own notes translated, the reason a
    person wrote after 撤回发布 kept as written."""
    # The same words as the buttons, but a record of what happened: a context of their own.
    translated = {
        NOTE_CLOSED: pgettext("history", "结束评分"),
        NOTE_CLOSED_WITH_DRAFTS: pgettext("history", "结束评分(有草稿未提交)"),
        NOTE_PUBLISHED: pgettext("history", "发布结果"),
        NOTE_REVIEWED: pgettext("history", "复核确认"),
    }
    if note in translated:
        return translated[note]
    if note.startswith(NOTE_WITHDRAWN_PREFIX):
        return pgettext("history", "撤回发布:{reason}").format(reason=note[len(NOTE_WITHDRAWN_PREFIX) :])
    return note
