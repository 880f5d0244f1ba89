"""The comment box: a thread's first comment, a reply, an edit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models.comments import COMMENT_MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "dir": "auto",
                "data-mentions": "",
                "autocomplete": "off",
            }
        ),
        help_text=_(
            "**bold**, *emphasis*, [links](https://…), lists, `code`; @name mentions a member."
        ),
        error_messages={"required": _("Write something first.")},
    )
