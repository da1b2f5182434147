"""What the forms share: crispy's layout with the primary submit button."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.utils.translation import gettext_lazy as _

from villages.layout import PrimarySubmit


def form_helper(*layout, submit=None, submit_id=None):
    """`submit_id` tells the button apart where two forms share a page (ids are unique)."""
    helper = FormHelper()
    extra = {"css_id": submit_id} if submit_id else {}
    helper.layout = Layout(*layout, PrimarySubmit("save", submit or _("保存"), css_class="btn-lg", **extra))
    return helper


def choose_village(field, villages):
    """A village choice that starts empty, so nobody files an item under a village by default."""
    field.queryset = villages
    field.empty_label = _("请选择…")
    field.error_messages["required"] = _("请选择村(社区)。")
