"""Write-side operations of a round, one module per concern: its set-up and status (rounds), score
sheets (sheets) and their workbook import (imports), what it records beside them (records).

Each raises `RoundError` with Chinese messages when a rule says no; nothing is half-written.
The operations are re-exported here and called as `services.X`, so a test that replaces one here
(the busy-database tests replace `services.sheet_save`) replaces it for every caller.
"""

from .common import MAX_POSSIBLE_TOTAL, RoundError, possible_total
from .imports import sheets_import
from .records import (
    adjustment_add,
    adjustment_delete,
    commentary_add,
    commentary_delete,
    photo_add,
    photo_delete,
)
from .rounds import (
    criteria_copy_from_templates,
    round_close,
    round_create,
    round_criteria_save,
    round_open,
    round_publish,
    round_set_judges,
    round_set_sites,
    round_withdraw,
    site_reveal,
)
from .sheets import StaleSheetError, judge_may_score, sheet_review, sheet_save

__all__ = [
    "MAX_POSSIBLE_TOTAL",
    "RoundError",
    "StaleSheetError",
    "adjustment_add",
    "adjustment_delete",
    "commentary_add",
    "commentary_delete",
    "criteria_copy_from_templates",
    "judge_may_score",
    "photo_add",
    "photo_delete",
    "possible_total",
    "round_close",
    "round_create",
    "round_criteria_save",
    "round_open",
    "round_publish",
    "round_set_judges",
    "round_set_sites",
    "round_withdraw",
    "sheet_review",
    "sheet_save",
    "sheets_import",
    "site_reveal",
]
