"""Forms of the moderation pages. They only shape what people type; the services check the rules (reasons, states,
who may act), and their refusals come back on the form or as a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin

from .models import REASON_MAX_LENGTH, AbuseReason

MAX_ID = 2**31 - 1
# The form accepts a little more than the service so that the service's clear message answers a long reason.
FORM_REASON_LENGTH = REASON_MAX_LENGTH * 2


class ModerateForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=[("approve", _("Approve")), ("hide", _("Hide")),
                                                           ("restore", _("Restore"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=FORM_REASON_LENGTH,
                             widget=forms.TextInput())


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=FORM_REASON_LENGTH,
                             widget=forms.TextInput())


class RequiredReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=FORM_REASON_LENGTH, widget=forms.TextInput())


class AbuseReportForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Why do you report it?"), choices=AbuseReason.choices)
    detail = forms.CharField(label=_("Details (optional)"), required=False, max_length=FORM_REASON_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))


class BlockForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("Username of the person"), max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=FORM_REASON_LENGTH, widget=forms.TextInput())


class MergeForm(StyledFormMixin, forms.Form):
    target = forms.IntegerField(label=_("Merge into the idea"), min_value=1, max_value=MAX_ID)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=FORM_REASON_LENGTH,
                             widget=forms.TextInput())


class FollowForm(forms.Form):
    kind = forms.ChoiceField(choices=[("process", "process"), ("idea", "idea"), ("neighbourhood", "neighbourhood")])
    target = forms.IntegerField(min_value=1, max_value=MAX_ID)
    email = forms.BooleanField(required=False, initial=True)


class FollowEmailForm(forms.Form):
    follow = forms.IntegerField(min_value=1, max_value=MAX_ID)
    email = forms.BooleanField(required=False)
