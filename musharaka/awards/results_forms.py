"""Forms of the results pages (issue #13, results): deliberation notes and the winners of a category."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .certificates import place_name


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Deliberation note"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3, "dir": "auto", "class": "form-control"}))


class WinnersForm(forms.Form):
    """For each place (1 … the category's places) an application among the final round's ranked ones and its
    citation in both languages; a place left empty is not awarded."""

    def __init__(self, *args, category, entries, winners=(), **kwargs):
        initial = {}
        for winner in winners:
            initial.update({f"place{winner.place}": str(winner.application_id),
                            f"citation_ar{winner.place}": winner.citation_ar,
                            f"citation_en{winner.place}": winner.citation_en})
        super().__init__(*args, prefix=f"category{category.pk}", initial=initial, **kwargs)
        self.category = category
        choices = [("", "—")] + [
            (str(entry.application_id), f"{entry.rank}. {entry.application.title_ar}") for entry in entries]
        self.places = list(range(1, category.winner_places + 1))
        self.place_names: dict[int, str] = {}
        for place in self.places:
            # The place names the fieldset; its select says what is chosen.
            self.fields[f"place{place}"] = forms.ChoiceField(
                label=_("Application"), choices=choices, required=False,
                widget=forms.Select(attrs={"class": "form-select"}))
            self.place_names[place] = place_name(place)
            self.fields[f"citation_ar{place}"] = forms.CharField(
                label=_("Citation (Arabic)"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "rtl", "lang": "ar", "class": "form-control"}))
            self.fields[f"citation_en{place}"] = forms.CharField(
                label=_("Citation (English)"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr", "lang": "en", "class": "form-control"}))

    def rows(self):
        """(place name, its application field, its citations) for the template."""
        return [(self.place_names[place], self[f"place{place}"], self[f"citation_ar{place}"], self[f"citation_en{place}"])
                for place in self.places]

    def placements(self, applications: dict) -> list[tuple]:
        """(application, place, citation_ar, citation_en) of the places given, for services.winners_confirm."""
        chosen = []
        for place in self.places:
            value = self.cleaned_data.get(f"place{place}")
            if value:
                chosen.append((applications[int(value)], place, self.cleaned_data.get(f"citation_ar{place}", ""),
                               self.cleaned_data.get(f"citation_en{place}", "")))
        return chosen
