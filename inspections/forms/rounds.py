"""A round's set-up (facts, criteria and their templates, sites, judges) and its status steps."""

from crispy_forms.layout import Column, Row
from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from villages.text import CleanTextMixin

from ..models import Criterion, CriterionTemplate, InspectionRound, Stage
from ..services.common import MAX_POSSIBLE_TOTAL, possible_total, possible_total_message
from .common import form_helper


class RoundForm(CleanTextMixin, forms.ModelForm):
    name_fields = ("title",)

    stages = forms.MultipleChoiceField(
        label=_("环节"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = InspectionRound
        fields = ["year", "quarter", "date", "title", "host", "participants", "stages", "drop_extremes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office or self.instance.office
        self.helper = form_helper(
            Row(
                Column("year", css_class="col-6 col-md-3"),
                Column("quarter", css_class="col-6 col-md-3"),
                Column("date", css_class="col-12 col-md-6"),
            ),
            "title",
            Row(Column("host", css_class="col-12 col-md-6")),
            "participants",
            "stages",
            "drop_extremes",
            *(["copy_templates"] if "copy_templates" in self.fields else []),
        )

    def clean(self):
        data = super().clean()
        year, quarter, date = data.get("year"), data.get("quarter"), data.get("date")
        if year and quarter:
            clash = InspectionRound.objects.filter(office=self.office, year=year, quarter=quarter)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("quarter", _("本办事处{year}年该季度已经有一轮观摩。").format(year=year))
        if date and year and date.year != year:
            self.add_error("date", _("活动日期应在{year}年内。").format(year=year))
        return data


class RoundCreateForm(RoundForm):
    copy_templates = forms.BooleanField(
        label=_("从本办事处的评分细则模板复制评分项"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)
        self.initial.setdefault("date", today)
        self.initial.setdefault("stages", [Stage.FIELD_VISIT, Stage.REPORT, Stage.ARENA])
        self.fields["title"].required = False
        self.fields["title"].help_text = _(
            "留空则按年度和季度自动生成,例如:2022年第一季度“逐村观摩”暨党组织书记“亮赛比”活动"
        )

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip() and data.get("year") and data.get("quarter"):
            # A record in the office's language, whatever the page's.
            quarter = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}[data["quarter"]]
            data["title"] = f"{data['year']}年{quarter}“逐村观摩”暨党组织书记“亮赛比”活动"
        return data


class CriterionForm(CleanTextMixin, forms.ModelForm):
    name_fields = ("name",)

    class Meta:
        model = Criterion
        fields = ["sort_order", "stage", "name", "description", "maximum", "weight", "decimal_places"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "maximum": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
            "weight": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }


class CriterionTemplateForm(CriterionForm):
    class Meta(CriterionForm.Meta):
        model = CriterionTemplate
        fields = CriterionForm.Meta.fields + ["is_active"]

    def clean(self):
        data = super().clean()
        office = data.get("office")  # the admin edits one template at a time, with its office
        if office and data.get("maximum") and data.get("weight") and data.get("is_active"):
            others = CriterionTemplate.objects.filter(office=office, is_active=True).exclude(
                pk=self.instance.pk
            )
            total = possible_total(others) + data["maximum"] * data["weight"]
            if total > MAX_POSSIBLE_TOTAL:
                raise forms.ValidationError(possible_total_message(total))
        return data


class UniqueNameFormSet(BaseModelFormSet):
    """Criterion names are unique within a round (or an office's templates), and together the
    criteria allow a total the published results can store."""

    def clean(self):
        super().clean()
        seen = set()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            name = (form.cleaned_data.get("name") or "").strip()
            if name and name in seen:
                form.add_error("name", _("评分项“{name}”重复了。").format(name=name))
            seen.add(name)
            data = form.cleaned_data
            if data.get("maximum") and data.get("weight") and data.get("is_active", True):
                kept.append(form.instance)  # inactive templates are not copied into rounds
        if possible_total(kept) > MAX_POSSIBLE_TOTAL:
            raise forms.ValidationError(possible_total_message(possible_total(kept)))


CriterionFormSet = modelformset_factory(
    Criterion, form=CriterionForm, formset=UniqueNameFormSet, extra=1, can_delete=True
)
CriterionTemplateFormSet = modelformset_factory(
    CriterionTemplate, form=CriterionTemplateForm, formset=UniqueNameFormSet, extra=1, can_delete=True
)


class SitesForm(forms.Form):
    """A visiting-order number per village; blank means not visited."""

    def __init__(self, *args, own_villages, other_villages, current, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office_id = office.pk
        self.villages = {}
        for village in list(own_villages) + list(other_villages):
            name = f"order_{village.pk}"
            self.fields[name] = forms.IntegerField(
                label=village.name
                if village.office_id == self.office_id
                else f"{village.name}({village.office.name})",
                required=False,
                min_value=1,
                max_value=999,
                initial=current.get(village.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control order-input"}),
            )
            self.villages[name] = village
        self.own_fields = [self[f"order_{v.pk}"] for v in own_villages]
        self.other_fields = [self[f"order_{v.pk}"] for v in other_villages]

    def clean(self):
        data = super().clean()
        chosen = [(data[name], village) for name, village in self.villages.items() if data.get(name)]
        if not chosen:
            raise forms.ValidationError(_("请至少选择一个观摩点(填写观摩顺序)。"))
        orders = [o for o, _v in chosen]
        if len(set(orders)) != len(orders):
            raise forms.ValidationError(_("观摩顺序有重复的数字,请每个观摩点填写不同的顺序。"))
        self.ordered_villages = [v for _o, v in sorted(chosen, key=lambda pair: pair[0])]
        return data


class JudgesForm(forms.Form):
    """The round's judges, picked from the office's judge pool (评委库). Judges chosen earlier
    who are no longer in the pool stay choosable, marked as such, so saving never drops them
    unseen."""

    judges = forms.ModelMultipleChoiceField(
        label=_("评委"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={
            "required": _("请至少选择一位评委。"),
            "invalid_choice": _("所选的人不在本办事处的评委库中,请先把他(她)加入评委库。"),
        },
    )

    def __init__(self, *args, pool, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.user.pk: member for member in pool}
        self.outside = [user for user in current if user.pk not in self.members]
        ids = list(self.members) + [user.pk for user in self.outside]
        # Pool order (leaders, staff, secretaries, guests), then those outside it. The iterator is
        # set first: assigning the queryset hands the choices to the widget.
        self.fields["judges"].iterator = _ordered_iterator({pk: i for i, pk in enumerate(ids)})
        self.fields["judges"].queryset = get_user_model().objects.filter(pk__in=ids)

    def options(self):
        """Each choice as (checkbox, name, username, roles); roles empty for one outside the pool."""
        rows = []
        for checkbox in self["judges"]:
            pk = int(str(checkbox.data["value"]))
            member = self.members.get(pk)
            user = member.user if member else next(u for u in self.outside if u.pk == pk)
            name = user.get_full_name() or user.username
            rows.append((checkbox, name, user.username, member.roles if member else []))
        return rows


def _ordered_iterator(order):
    """A choice iterator that lists the queryset in the given order of primary keys."""

    class Ordered(forms.models.ModelChoiceIterator):
        def __iter__(self):
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for obj in sorted(self.queryset, key=lambda u: order.get(u.pk, len(order))):
                yield self.choice(obj)

    return Ordered


class CloseRoundForm(forms.Form):
    confirm_drafts = forms.BooleanField(label=_("草稿不计分,仍然结束"), required=False)


class ReasonForm(CleanTextMixin, forms.Form):
    reason_fields = ("reason",)

    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写理由。")},
    )
