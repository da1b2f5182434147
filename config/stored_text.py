"""Stored text that an output cannot carry: found (the backup names it) and repaired (the data
migration reports 0002 and `manage.py repair_text` clean it as the forms would have).

Every text column of every table is looked at, history tables included: a control character saved
once is copied into the history row, and the history is backed up with everything else.
"""

import re

from django.db import models

from villages.text import CONTROLS, LINE_BREAKS, repaired

# What the cleaning removes or turns into a plain line break.
REPAIRABLE = re.compile(f"{CONTROLS.pattern}|{LINE_BREAKS.pattern}")
# What an XML 1.0 backup cannot hold as it is: Django refuses C0 controls, expat refuses the rest
# on restore, and a carriage return would come back as a line feed.
XML_UNSAFE = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]


def stored_models(registry, connection):
    """The models of `registry` (the app registry, or a migration's) whose tables exist."""
    tables = set(connection.introspection.table_names())
    return [
        m
        for m in registry.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables and text_fields(m)
    ]


def find(models_, pattern=REPAIRABLE):
    """(model, primary key, field, value) for every stored text value in which `pattern` matches."""
    for model in models_:
        fields = text_fields(model)
        names = [f.attname for f in fields]
        rows = model._base_manager.order_by("pk").values_list("pk", *names)
        for row in rows.iterator(chunk_size=2000):
            for field, value in zip(fields, row[1:], strict=True):
                if value and pattern.search(value):
                    yield model, row[0], field, value


def repair(models_):
    """Clean every stored value the cleaning would have changed; returns what was found, as find()."""
    found = list(find(models_))
    for model, pk, field, value in found:
        # update(): no history row, no auto_now time, no signal: the row is as it was, cleaned.
        model._base_manager.filter(pk=pk).update(**{field.attname: repaired(value)})
    return found


def describe(model, pk, field, value, pattern=REPAIRABLE):
    """One line naming where a bad value is: table, row, field and the characters."""
    codes = "、".join(f"U+{ord(c):04X}" for c in sorted(set("".join(pattern.findall(value)))))
    return (
        f"表 {model._meta.db_table}（{model._meta.verbose_name}）第 {model._meta.pk.attname}={pk} 行，"
        f"字段 {field.attname}（{field.verbose_name}）：{codes}"
    )
