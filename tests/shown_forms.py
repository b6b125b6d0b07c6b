"""A console page's forms as a person meets them, read from the HTML a test client got: each
``<form>`` or ``<details>`` with an id (Today's ``new-booking`` and ``move-<id>``, the inbox
item's ``move-to``, the ``answer`` box, the ``consent-form`` …) with what its inputs hold, the
choice each ``<select>`` shows, its text areas as a browser holds them, the inputs marked wrong,
the one focused, why (the words of its ``<p id="<form id>-why">``), and its ``<fieldset>``s by
the words of their legends (the offer form's rows, lettered A, B, C)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class ShownForm:
    """One form as a person meets it; ``open`` is False for a ``<details>`` left shut."""

    open: bool = True
    values: dict[str, str] = field(default_factory=dict)
    #: The names of the boxes and choices shown ticked.
    ticked: set[str] = field(default_factory=set)
    #: The words of the option each choice shows.
    shown: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)
    focused: str | None = None
    described_by: set[str] = field(default_factory=set)
    why: str = ""
    #: Each ``<fieldset>``: the words of its legend and the names of the inputs in it, in order.
    fieldsets: list[tuple[str, list[str]]] = field(default_factory=list)

    def by_legend(self) -> dict[str, tuple[str, ...]]:
        """What each fieldset's inputs hold, by the words of its legend."""
        return {
            legend: tuple(self.values.get(name, "") for name in names)
            for legend, names in self.fieldsets
        }


class _Forms(HTMLParser):
    """Inputs belong to the innermost ``<form>`` or ``<details>`` with an id around them (a form
    right inside a details belongs with it: the details is what a person opens). A choice shows
    its option selected, else its first; a text area drops the line break after its tag (as
    HTML does) and holds a line break as one character."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, ShownForm] = {}
        self.texts: dict[str, str] = {}
        self._around: list[tuple[str, str | None]] = []
        self._area: str | None = None
        self._select: str | None = None
        self._option: tuple[str, str] | None = None
        self._shows_one = self._shows_selected = False
        self._why: str | None = None
        self._legend = self._fieldset = False
        #: The hidden fields of every form, with an id or not, by where it is sent (its action).
        self.sends: dict[str, dict[str, str]] = {}
        self._actions: list[str] = []
        #: The buttons that send another form elsewhere (a language switch taking the page's
        #: form along), by their language: that form's id and where they send it.
        self.switches: dict[str, tuple[str, str]] = {}

    def _here(self) -> ShownForm | None:
        found = next((name for _, name in reversed(self._around) if name), None)
        return self.forms[found] if found is not None else None

    def _marks(self, form: ShownForm, found: dict[str, str | None]) -> None:
        name = found.get("name") or ""
        if found.get("aria-invalid") == "true":
            form.invalid.append(name)
            form.described_by.add(found.get("aria-describedby") or "")
        if "autofocus" in found:
            form.focused = name

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "button" and found.get("formaction"):
            self.switches[found.get("lang") or ""] = (
                found.get("form") or "",
                found.get("formaction") or "",
            )
        if tag == "form":
            self._actions.append(found.get("action") or "")
        if tag == "input" and found.get("type") == "hidden" and self._actions:
            sends = self.sends.setdefault(self._actions[-1], {})
            sends[found.get("name") or ""] = found.get("value") or ""
        if tag == "form" and self._around and self._around[-1][0] == "details":
            # A form inside a <details> with an id is that details' (what a person opens); its
            # own id is for the buttons outside it that send it.
            found.pop("id", None)
        if tag in ("form", "details"):
            self._around.append((tag, found.get("id")))
            if found.get("id"):
                shut = tag == "details" and "open" not in found
                self.forms[found["id"] or ""] = ShownForm(open=not shut)
            return
        if tag == "p" and found.get("id"):  # why a form was refused is said in one
            self._why = found.get("id") or ""
            self.texts[self._why] = ""
        form, name = self._here(), found.get("name") or ""
        if form is None:
            return
        if tag == "fieldset":
            form.fieldsets.append(("", []))
            self._fieldset = True
            return
        if tag == "legend" and form.fieldsets:
            self._legend = True
            return
        if tag == "option" and self._select is not None:
            selected = "selected" in found
            if selected and not self._shows_selected or not self._shows_one:
                self._shows_one, self._shows_selected = True, self._shows_selected or selected
                form.values[self._select] = found.get("value") or ""
                self._option = (self._select, "")
            return
        if not name or tag not in ("input", "textarea", "select"):
            return
        if tag == "input" and found.get("type") == "hidden":
            form.hidden[name] = found.get("value") or ""
            return
        form.values[name] = (found.get("value") or "") if tag == "input" else ""
        if found.get("type") in ("checkbox", "radio") and "checked" in found:
            form.ticked.add(name)
        if self._fieldset:
            form.fieldsets[-1][1].append(name)
        if tag == "textarea":
            self._area = name
        elif tag == "select":
            self._select, self._shows_one, self._shows_selected = name, False, False
        self._marks(form, found)

    def handle_endtag(self, tag: str) -> None:
        form = self._here()
        if tag == "form" and self._actions:
            self._actions.pop()
        if tag in ("form", "details") and self._around:
            self._around.pop()
        elif tag == "textarea" and form is not None and self._area is not None:
            typed = form.values[self._area].removeprefix("\n").replace("\r\n", "\n")
            form.values[self._area], self._area = typed, None
        elif tag == "option" and form is not None and self._option is not None:
            name, words = self._option
            form.shown[name], self._option = " ".join(words.split()), None
        elif tag == "select":
            self._select = None
        elif tag == "p":
            self._why = None
        elif tag == "fieldset":
            self._fieldset = False
        elif tag == "legend" and form is not None and self._legend:
            self._legend = False
            words, names = form.fieldsets[-1]
            form.fieldsets[-1] = (" ".join(words.split()), names)

    def handle_data(self, data: str) -> None:
        form = self._here()
        if self._area is not None and form is not None:
            form.values[self._area] += data
        if self._option is not None:
            self._option = (self._option[0], self._option[1] + data)
        if self._why is not None:
            self.texts[self._why] += data
        if self._legend and form is not None:
            words, names = form.fieldsets[-1]
            form.fieldsets[-1] = (words + data, names)


def forms_of(answer: Any) -> dict[str, ShownForm]:
    """The page's forms by id, each with why it was refused in words (``why``) where it was."""
    parser = _Forms()
    parser.feed(answer.get_data(as_text=True))
    for name, form in parser.forms.items():
        form.why = " ".join(parser.texts.get(f"{name}-why", "").split())
        assert all(parser.texts.get(target) for target in form.described_by), "described by?"
    return parser.forms


def hidden_fields(answer: Any, action: str) -> dict[str, str]:
    """What a form sent to ``action`` holds besides what a person types (the footer's language
    switch has no id: its ``next``, where the console comes back to)."""
    parser = _Forms()
    parser.feed(answer.get_data(as_text=True))
    return parser.sends[action]


def language_switch(answer: Any, lang: str) -> tuple[str, str]:
    """The page's button for ``lang`` where it takes a form along: the id of the form it sends
    and the address it sends it to."""
    parser = _Forms()
    parser.feed(answer.get_data(as_text=True))
    return parser.switches[lang]
