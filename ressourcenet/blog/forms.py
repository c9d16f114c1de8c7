"""The comment form (a guest gives name and e-mail; a member only the text), with the two
traps for simple bots: a field people never see (`website`) and a minimum time between
showing the form and sending it (`started`, signed)."""

import re
import time

from django import forms
from django.core import signing
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ressourcenet.blog.models import COMMENT_MAX_LENGTH, BloggerProfile, BlogTag, Post
from ressourcenet.blog.services import EMAIL_MAX, NAME_MAX
from ressourcenet.lib.bounds import BoundedModelMultipleChoiceField, BoundsMixin, with_grouped
from ressourcenet.lib.forms import DateTimeInput
from ressourcenet.lib.names import ascii_slug

# A Markdown image: ![text](address) or ![text][reference].
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")

# A person needs more than this many seconds to read a post and write a comment.
MIN_FORM_SECONDS = 3
# A stamp older than this is refused, so one fetched stamp cannot be sent again and again.
MAX_FORM_SECONDS = 24 * 60 * 60
STARTED_SALT = "ressourcenet.blog.comment-form"


def started_stamp() -> str:
    return signing.dumps(time.time(), salt=STARTED_SALT)


def _body_help() -> str:
    return with_grouped(
        gettext("Plain text, at most %(max)d characters. Links are made clickable."),
        max=COMMENT_MAX_LENGTH,
    )


class CommentForm(forms.Form):
    errors_as_alert = True  # the bot traps and the limit: one alert above the form
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=EMAIL_MAX,
        help_text=_("Never shown. We write to you when your comment has been read."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # No max_length: a text that is too long is refused with its length, and kept.
    body = forms.CharField(
        label=_("Comment"),
        strip=False,
        help_text=lazy(_body_help, str)(),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    parent = forms.IntegerField(
        label=_("Reply to"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("You can only reply to a published comment that is not a reply.")
        },
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, member: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if member:
            del self.fields["name"]
            del self.fields["email"]
        if not self.is_bound:
            self.initial["started"] = started_stamp()

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        if value is not None and not (1 <= value <= 2**63 - 1):
            raise forms.ValidationError(
                _("You can only reply to a published comment that is not a reply.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if "parent" in self.errors:  # a hidden field: its error shows above the form
            self.add_error(None, self.errors.pop("parent"))
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your comment could not be sent. Try again."))
        try:
            started = signing.loads(
                cleaned.get("started") or "", salt=STARTED_SALT, max_age=MAX_FORM_SECONDS
            )
        except signing.SignatureExpired:
            # An old stamp is not replayed by a bot: the form again, with a new one.
            self.data = self.data.copy()
            self.data["started"] = started_stamp()
            raise forms.ValidationError(
                _("The form was opened more than a day ago. Send your comment again.")
            ) from None
        except signing.BadSignature:
            started = None
        if not isinstance(started, int | float) or time.time() - started < MIN_FORM_SECONDS:
            # Sent too fast for a person (or without the form): show the form again.
            self.data = self.data.copy()
            self.data["started"] = started_stamp()
            raise forms.ValidationError(
                _("That was quick. Read your comment through once more and send it again.")
            )
        return cleaned


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the writer when you reject)"),
        required=False,  # its length is checked in services.moderate, with a Danish message
        widget=forms.Textarea(attrs={"rows": 2}),
    )


TAG_NAME_MAX = BlogTag._meta.get_field("name").max_length
NEW_TAGS_MAX = 10


class PostForm(BoundsMixin, forms.ModelForm):
    """An editor writes or changes a post; the model's `clean` holds the rules (an image
    needs its text, a scheduled post its time, the blog's own addresses are not slugs)."""

    class Meta:
        model = Post
        fields = [
            "title", "slug", "teaser", "body", "author", "cover_image", "cover_alt", "tags",
            "state", "publish_at",
        ]  # fmt: skip
        field_classes = {"tags": BoundedModelMultipleChoiceField}
        widgets = {
            "teaser": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "tags": forms.CheckboxSelectMultiple,
            "state": forms.RadioSelect,
            "publish_at": DateTimeInput(),
        }

    field_order = [
        "title", "slug", "teaser", "body", "author", "cover_image", "cover_alt", "tags",
        "new_tags", "state", "publish_at",
    ]  # fmt: skip
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        help_text=_("Tags not in the list above, separated by commas: “Frivillige, Skole”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = BloggerProfile.objects.all()
        self.fields["author"].empty_label = None

    def clean_slug(self) -> str:
        """Addresses in small letters: "Lektiecafe" is "lektiecafe", not a second post."""
        return (self.cleaned_data.get("slug") or "").lower()

    def clean_new_tags(self) -> list[str]:
        """The names of the new tags, each once; one that exists already is the existing
        tag (services.save_post)."""
        names, slugs = [], set()
        for name in (self.cleaned_data.get("new_tags") or "").split(","):
            name = " ".join(name.split())
            if not name:
                continue
            if len(name) > TAG_NAME_MAX:
                raise forms.ValidationError(
                    _("“%(name)s” is too long for a tag: at most %(max)d characters.")
                    % {"name": name[:60], "max": TAG_NAME_MAX}
                )
            slug = ascii_slug(name)
            if not slug:
                raise forms.ValidationError(
                    _("“%(name)s” needs letters or digits to be a tag.") % {"name": name}
                )
            if slug not in slugs:
                slugs.add(slug)
                names.append(name)
        if len(names) > NEW_TAGS_MAX:
            raise forms.ValidationError(
                _("Add at most %(max)d new tags at a time.") % {"max": NEW_TAGS_MAX}
            )
        return names

    def clean_body(self) -> str:
        """The cleaned Markdown drops images (no third-party requests, and an image needs
        its text where it is shown): say so, rather than publish a post that lost one."""
        body = self.cleaned_data.get("body") or ""
        if MARKDOWN_IMAGE.search(body):
            raise forms.ValidationError(
                _(
                    "Pictures in the text are not shown. Remove “![…](…)” and use the cover "
                    "image, with its text, instead."
                ),
                code="image_in_body",
            )
        return body


class BloggerForm(BoundsMixin, forms.ModelForm):
    class Meta:
        model = BloggerProfile
        fields = ["name", "presentation", "photo"]
