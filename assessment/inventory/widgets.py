"""Form widgets of the inventories."""

from django import forms


class SubcategorySelect(forms.Select):
    """A subcategory select whose options say their category (``data-category``), so a form
    offers only the chosen category's subcategories (static/js/app.js). The server still
    refuses a subcategory of another category (``ToolForm.clean``)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-category"] = instance.category_id
        return option
