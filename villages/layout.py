from crispy_forms.layout import Submit


class PrimarySubmit(Submit):
    """The product's red main button (crispy's default is Bootstrap blue)."""

    field_classes = "btn btn-danger"
