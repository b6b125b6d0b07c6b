"""The words of every SMS the gateway sends, from ``templates_sms/<locale>/<name>.txt``.

Each file is the text a provider approves: plain words with flat ``{{ variable }}`` placeholders
(no conditions or loops — ``gateway.domain.sms_values`` builds each value, optional parts
included) and no sender prefix. ``compose`` puts the sender in front as the customer will read it:
【sign name】 when Alibaba Cloud or Tencent Cloud sends (they add it themselves), otherwise the
salon's name (【丝绒发型】 in Chinese, ``Lotus Nails: `` in English). So the stored body is exactly
what the customer reads, and its segments and cost are right.

Rendering is strict: a fact the caller forgot (even an optional one, which is passed as None or
"") raises jinja2.UndefinedError instead of sending a customer a blank. Each template is read
and compiled once (``wording``): a text is then its words joined with its values.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import jinja2
from jinja2 import nodes

from gateway.domain import sms_values
from gateway.domain.campaigns import with_opt_out
from gateway.domain.provider_templates import MARKETING_TEMPLATES
from gateway.domain.provider_templates import variables as variables_in
from gateway.domain.texts import TemplateName
from gateway.domain.wording import SUPPORTED_LOCALES

TEMPLATE_ROOT: Final = Path(__file__).resolve().parent.parent / "templates_sms"

#: Every message name; each locale has one ``<name>.txt`` for each.
TEMPLATE_NAMES: Final[tuple[TemplateName, ...]] = tuple(TemplateName)

#: Texts whose words staff write: a provider that sends only approved templates cannot carry
#: them, so no code is asked for them; such salons' staff choose an answer template instead.
FREE_TEXT_NAMES: Final = frozenset({TemplateName.STAFF_ANSWER})
#: Answers staff may choose where only approved templates go: optional, each usable once its
#: code is recorded (``gateway.domain.answers`` says what staff fill in each).
#: The machine's answers to a customer asking when or where: optional, a salon without their
#: codes leaves such a question to the inbox as before.
QUESTION_ANSWER_NAMES: Final = frozenset({TemplateName.ANSWER_TIME, TemplateName.ANSWER_PLACE})
ANSWER_TEMPLATE_NAMES: Final = (TemplateName.ANSWER_CALL_SOON, TemplateName.ANSWER_CALL_US)
#: Messages no longer sent: their files stay so what was sent with them still reads.
RETIRED_NAMES: Final = frozenset({TemplateName.ANSWER_NEW_TIME})
#: Every message submitted to a China provider for approval.
SUBMITTED_TEMPLATE_NAMES: Final = tuple(
    n for n in TEMPLATE_NAMES if n not in FREE_TEXT_NAMES and n not in RETIRED_NAMES
)
#: Offers of new times: a salon may send without them (its customers' changes then wait for a
#: call, as before offers), so their codes are not required before a salon can send.
OFFER_TEMPLATE_NAMES: Final = frozenset(
    {TemplateName.OFFER_1, TemplateName.OFFER_2, TemplateName.OFFER_3, TemplateName.OFFER_GONE}
)
#: The survey after a visit and its thanks: a salon that has not had them approved simply
#: sends no surveys (the survey is skipped, saying why).
SURVEY_TEMPLATE_NAMES: Final = frozenset({TemplateName.SURVEY, TemplateName.SURVEY_THANKS})
#: The messages a China provider must have approved before a salon can send at all: all but
#: the optional offers, staff's answers, answers to questions, surveys and the marketing
#: templates (a salon without campaign_offer's code simply cannot start a campaign).
REQUIRED_TEMPLATE_NAMES: Final = tuple(
    n
    for n in SUBMITTED_TEMPLATE_NAMES
    if n not in OFFER_TEMPLATE_NAMES
    and n not in ANSWER_TEMPLATE_NAMES
    and n not in QUESTION_ANSWER_NAMES
    and n not in SURVEY_TEMPLATE_NAMES
    and n not in MARKETING_TEMPLATES
)

#: How a text names its sender when the gateway writes the name itself (Twilio, console).
_SALON_PREFIX: Final = {"zh-CN": "【{}】", "zh-TW": "【{}】", "en": "{}: "}
#: The one value that differs between every text of a batch (each appointment has its own).
_REF: Final = "ref"


@dataclass(frozen=True, slots=True)
class Composed:
    """A text as the customer reads it, and its template's values in the template's order."""

    body: str
    params: tuple[tuple[str, str], ...]


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_ROOT, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        auto_reload=False,
    )


def _check(name: str, locale: str) -> None:
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(
            f"no SMS templates for locale {locale!r}; expected one of {SUPPORTED_LOCALES}"
        )
    if name not in TEMPLATE_NAMES:
        raise LookupError(f"no SMS template named {name!r}; known: {', '.join(TEMPLATE_NAMES)}")


@functools.cache
def template_text(name: str, locale: str) -> str:
    """The template as submitted for approval: ``{{ name }}`` placeholders, no sender prefix."""
    _check(name, locale)
    return (TEMPLATE_ROOT / locale / f"{name}.txt").read_text(encoding="utf-8").strip()


def submitted_text(name: str, locale: str) -> str:
    """The template as a China provider approves it: a marketing template closes with the
    opt-out line the providers require (拒收请回复R), the others are the file as it is."""
    text = template_text(name, locale)
    if name in MARKETING_TEMPLATES:
        return with_opt_out(text, locale, china_provider=True)
    return text


def variables(name: str, locale: str) -> tuple[str, ...]:
    """The template's variables in order of appearance (the order Tencent Cloud takes them)."""
    return tuple(dict.fromkeys(variables_in(template_text(name, locale))))


@dataclass(frozen=True, slots=True)
class Wording:
    """One template in one locale, read and compiled once: its words, and between them the
    variables to fill in. Writing a text is then joining strings, with none of a template
    engine's per-call context (the sweep writes a thousand texts at a time, bench/sweep.py)."""

    name: str
    locale: str
    #: The template's variables in order of first appearance (the order Tencent Cloud takes).
    variables: tuple[str, ...]
    #: The words before each variable's place, in order.
    words: tuple[str, ...]
    #: The variable at each place (a variable may appear twice); one fewer than ``words``.
    places: tuple[str, ...]

    def compose(
        self,
        ctx: Mapping[str, object],
        *,
        sign_name: str | None = None,
        value_limit: int | None = None,
        memo: dict[tuple[object, ...], str] | None = None,
    ) -> Composed:
        """The text from the facts in ``ctx`` (see ``compose``); with ``memo``, each value is
        worked out once for all the texts written with it (``sms_values.remembered``)."""
        return self.shape(ctx, sign_name=sign_name, value_limit=value_limit, memo=memo).write(ctx)

    def shape(
        self,
        ctx: Mapping[str, object],
        *,
        sign_name: str | None = None,
        value_limit: int | None = None,
        memo: dict[tuple[object, ...], str] | None = None,
    ) -> Shape:
        """The text from the facts in ``ctx`` with every value filled in but the ref, which
        ``Shape.write`` adds: the texts a sweep writes about one slot, service and stylist
        differ only there. ``ctx`` need not hold the ref."""
        locale = self.locale
        try:
            values = {
                variable: (
                    ""  # its place stays open (``Shape.parts``)
                    if variable == _REF
                    else sms_values.value(variable, locale, ctx, value_limit)
                    if memo is None
                    else sms_values.remembered(memo, variable, locale, ctx, value_limit)
                )
                for variable in self.variables
            }
            prefix = (
                f"【{sign_name}】"
                if sign_name is not None
                else _SALON_PREFIX[locale].format(str(ctx["salon_name"]).strip())
            )
        except KeyError as exc:
            raise jinja2.UndefinedError(f"{exc.args[0]!r} is undefined") from None
        words, parts = self.words, [self.words[0]]
        for place, variable in enumerate(self.places, start=1):
            if variable == _REF:
                parts.append(words[place])
            else:
                parts[-1] += values[variable] + words[place]
        return Shape(
            locale=locale,
            prefix=prefix,
            parts=tuple(parts),
            params=tuple(values.items()),
            ref_at=self.variables.index(_REF) if _REF in values else None,
            value_limit=value_limit,
            opt_out=None if self.name not in MARKETING_TEMPLATES else sign_name is not None,
        )

    def fill(self, values: Mapping[str, str]) -> str:
        """The template with each variable replaced by its value, exactly as Jinja2 renders
        it (words as written, values as given)."""
        words = self.words
        parts = [words[0]]
        for place, variable in enumerate(self.places, start=1):
            parts.append(values[variable])
            parts.append(words[place])
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class Shape:
    """A text with every value filled in but its ref (``Wording.shape``): writing one of the
    texts of that shape is then joining its words with the ref."""

    locale: str
    #: Who sends it, as the customer reads it: 【sign name】 or the salon's name.
    prefix: str
    #: The text's words, other values filled in, between the places of the ref.
    parts: tuple[str, ...]
    #: Every value in the template's order, the ref's empty.
    params: tuple[tuple[str, str], ...]
    #: Where the ref is among ``params``; None when the template has none.
    ref_at: int | None
    value_limit: int | None
    #: A marketing text's opt-out line: the China providers' one (True) or the locale's own
    #: (False); None for any other text.
    opt_out: bool | None

    def write(self, ctx: Mapping[str, object]) -> Composed:
        """The text with the ref from ``ctx`` (which need hold no other fact)."""
        params, body = self.params, self.parts[0]
        if self.ref_at is not None:
            try:
                ref = sms_values.value(_REF, self.locale, ctx, self.value_limit)
            except KeyError as exc:
                raise jinja2.UndefinedError(f"{exc.args[0]!r} is undefined") from None
            body = ref.join(self.parts)
            at = self.ref_at
            params = (*params[:at], (_REF, ref), *params[at + 1 :])
        body = body.strip()
        if self.opt_out is not None:
            body = with_opt_out(body, self.locale, china_provider=self.opt_out)
        return Composed(self.prefix + body, params)


@functools.cache
def wording(name: str, locale: str) -> Wording:
    """``name`` in ``locale``, compiled once per process from the file Jinja2 reads: its parse
    tree must hold only words and ``{{ variable }}`` (the flat templates providers approve)."""
    _check(name, locale)
    environment = _environment()
    source, _, _ = environment.loader.get_source(  # type: ignore[union-attr]
        environment, f"{locale}/{name}.txt"
    )
    words, places = [""], []
    for node in environment.parse(source).body:
        if not isinstance(node, nodes.Output):
            raise TypeError(f"{locale}/{name}.txt holds more than words and variables")
        for part in node.nodes:
            if isinstance(part, nodes.TemplateData):
                words[-1] += part.data
            elif isinstance(part, nodes.Name):
                places.append(part.name)
                words.append("")
            else:
                raise TypeError(f"{locale}/{name}.txt holds more than words and variables")
    return Wording(name, locale, variables(name, locale), tuple(words), tuple(places))


def compose(
    name: str,
    locale: str,
    ctx: Mapping[str, object],
    *,
    sign_name: str | None = None,
    value_limit: int | None = None,
) -> Composed:
    """The SMS ``name`` in ``locale`` from the facts in ``ctx`` (salon_name, date, time, service,
    stylist, ref, appointments — each template uses some).

    With ``sign_name`` the text is as a China provider delivers it (【sign name】 in front, values
    cut to ``value_limit``); without, the salon's name from ``ctx`` goes in front. A marketing
    text ends with its sender's opt-out line: the one in the approved template (拒收请回复R)
    with ``sign_name``, else the locale's own (回复退订, Reply STOP to opt out).
    Raises ValueError for an unsupported locale, LookupError for an unknown message name, and
    jinja2.UndefinedError when ``ctx`` lacks a fact the template needs.
    """
    return wording(name, locale).compose(ctx, sign_name=sign_name, value_limit=value_limit)


def render(name: str, locale: str, **ctx: object) -> str:
    """The SMS ``name`` in ``locale`` with the salon's name in front (Twilio, console)."""
    return compose(name, locale, ctx).body
