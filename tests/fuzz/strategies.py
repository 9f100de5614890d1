"""Hostile values for form fields and query parameters, built from the fields themselves."""

from __future__ import annotations

from typing import Any

from django import forms
from hypothesis import strategies as st

# Characters that break naive code: invisible, bidi controls, NUL, line separators, combining
# marks, decomposed Vietnamese, odd spaces.
NASTY_CHARS = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u0085",
    "\u00a0",
    "\u00ad",
    "\u0301",
    "\u0309",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u202e",
    "\u2028",
    "\u2060",
    "\u2066",
    "\u3000",
    "\u3164",
    "\ufeff",
    "\ufffd",
    "\U0001f600",
    "'",
    '"',
    "<",
    ">",
    "&",
    "%",
    "\\",
    "=",
    "\n",
    "\r",
    "\t",
]

nasty_text = st.lists(
    st.one_of(st.sampled_from(NASTY_CHARS), st.characters(codec="utf-8")), max_size=30
).map("".join)
long_text = st.sampled_from([150, 151, 256, 301, 5001, 20_000]).flatmap(
    lambda n: st.sampled_from(["x" * n, "Ữ" * n, "9" * n])
)
vietnamese = st.sampled_from(
    ["Nguyễn Văn Ân", "Khu phố 1", "KP1-0002", "125/QĐ-UBND", "1.500.000", "Nguye\u0302\u0303n"]
)
text = st.one_of(nasty_text, long_text, vietnamese, st.just(""), st.text(max_size=40))

number_text = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1",
            "2147483648",
            "9223372036854775808",
            "1e5",
            "1.5",
            "1.500.000",
            "1,500,000",
            "١٢",
            "²",
            "NaN",
            "inf",
            "-0",
            "+5",
            "0x10",
            " 12 ",
            "9" * 5000,
        ]
    ),
    st.integers(min_value=19, max_value=6000).map(lambda n: "9" * n),
)
date_text = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31",
            "2026-02-30",
            "2026-13-01",
            "1900-01-01",
            "2100-01-01",
            "31/12/2025",
            "2025-12-31T10:00",
            "0000-00-00",
            "-2025-01-01",
            "99999-01-01",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
)
garbage = st.one_of(text, number_text, date_text)


def field_values(field: forms.Field) -> st.SearchStrategy[Any]:
    """Values to post for ``field``: mostly valid-looking, often hostile."""
    choices: list[str] = []
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choices = [str(v) for v, _label in field.choices if str(v) != ""]  # type: ignore[attr-defined]
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        one = st.sampled_from(choices) if choices else garbage
        return st.lists(st.one_of(one, garbage), max_size=6)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "true", "false", "x" * 300])
    if choices:
        return st.one_of(st.sampled_from(choices), st.sampled_from(choices), garbage)
    if isinstance(field, forms.DateField):
        return date_text
    if isinstance(field, forms.IntegerField):
        return st.one_of(number_text, text)
    return text


def form_data(
    form: forms.BaseForm, *, keep: dict[str, Any] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """A POST body for ``form`` (prefix included); ``keep`` fixes some values (e.g. version)."""
    keep = keep or {}
    parts = {
        form.add_prefix(name): st.one_of(st.just(None), field_values(field))
        for name, field in form.fields.items()
        if form.add_prefix(name) not in keep
    }
    return st.fixed_dictionaries(parts).map(
        lambda d: {**{k: v for k, v in d.items() if v is not None}, **keep}
    )


def edge_values(field: forms.Field) -> list[Any]:
    """The few values most likely to break a field's path, tried on every field in order."""
    if isinstance(field, forms.DateField):
        return ["0001-01-01", "9999-12-31"]
    if isinstance(field, forms.IntegerField):
        return ["9" * 5000, str(10**20)]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField):
        return ["9" * 30]
    if isinstance(field, forms.CharField):
        return ["Ữ\u200b\x00\u202e" * 2500]
    return []
