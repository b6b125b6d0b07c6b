"""Every SMS template: renders in every locale, reads well without optional values, stays within
its segment budget, and only ever asks the customer to send words we understand and carriers
do not treat as opt-out, opt-in or reserved keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jinja2
import pytest

from gateway.domain import sms_values
from gateway.domain.campaigns import with_opt_out
from gateway.domain.offer_picks import read_pick
from gateway.domain.offers import LETTERS, Slot
from gateway.domain.provider_templates import MARKETING_TEMPLATES
from gateway.domain.segments import count_segments, sms_encoding
from gateway.domain.wording import SUPPORTED_LOCALES, appointment_when
from gateway.sms_text import TEMPLATE_NAMES, TEMPLATE_ROOT, render, variables, wording

STARTS_AT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai
LATER = datetime(2026, 11, 30, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai

#: Ordinary values: salon name ~6 characters, service ~4, stylist ~5.
SAMPLE: dict[str, dict[str, str]] = {
    "zh-CN": {"salon_name": "美丽发艺沙龙", "service": "剪发烫发", "stylist": "Sunny"},
    "zh-TW": {"salon_name": "美麗髮藝沙龍", "service": "剪髮燙髮", "stylist": "Sunny"},
    "en": {"salon_name": "Lotus Hair Studio", "service": "Haircut", "stylist": "Sunny"},
}


#: The offer's slots as ``offer_values`` writes them, the third with another stylist.
SLOTS: dict[str, tuple[str, str, str]] = {
    "zh-CN": ("A 12月2日 14:00", "B 16:30", "C 12月3日 11:00（Mia）"),
    "zh-TW": ("A 12月2日 14:00", "B 16:30", "C 12月3日 11:00（Mia）"),
    "en": ("A Wed 2 Dec 2:00 pm", "B 4:30 pm", "C Thu 3 Dec 11:00 am with Mia"),
}


def ctx_for(locale: str, **overrides: object) -> dict[str, object]:
    """A full context for any template (each uses a subset), with ``overrides`` applied."""
    sample = SAMPLE[locale]
    date, time = appointment_when(STARTS_AT, "Asia/Shanghai", locale)
    later_date, later_time = appointment_when(LATER, "Asia/Shanghai", locale)
    ctx: dict[str, object] = {
        "salon_name": sample["salon_name"],
        "date": date,
        "time": time,
        "service": sample["service"],
        "stylist": sample["stylist"],
        "ref": "K7P3",
        # Staff's own words (staff_answer) and the number an answer template asks to call.
        "body": {"en": "Sure, see you at 3 pm."}.get(locale, "好的，周六下午三点见。"),
        "phone": "021-55551234",
        # The salon's address, in the answer to 在哪里 (answer_place).
        "address": {"en": "100 Nathan Rd, 2/F", "zh-TW": "彌敦道100號2樓"}.get(
            locale, "文三路100号2楼"
        ),
        "appointments": [
            {"date": date, "time": time, "service": sample["service"], "ref": "K7P3"},
            {"date": later_date, "time": later_time, "service": None, "ref": "M9XA"},
        ],
        # Offers of new times (offer_1, offer_2, offer_3), one slot a value.
        **dict(zip(("slot_a", "slot_b", "slot_c"), SLOTS[locale], strict=True)),
        # A campaign's offer (campaign_offer), as the salon writes it in the customer's script.
        "offer": {"en": "20% off colour", "zh-TW": "生日當月燙染8折"}.get(
            locale, "生日当月烫染8折"
        ),
        "valid_until": {"en": "31 May"}.get(locale, "5月31日"),
    }
    return ctx | overrides


# --- What a message asks the customer to send ---------------------------------------------------

_QUOTED = re.compile(r"“([^”]*)”|「([^」]*)」|『([^』]*)』|\"([^\"]*)\"|‘([^’]*)’")
_AFTER_REPLY = re.compile(r"(?:(?i:\breply\b)|回复|回覆)\s*([A-Za-z0-9]+|[\u3400-\u9fff]+)?")
# "Reply 1 to confirm, 2 to change the time, or 3 to cancel": the 2 and the 3.
_CONTINUATION = re.compile(r"\s*(?:or\s+)?([A-Za-z0-9]+)\s+to\b")
_SENTENCE_END = re.compile(r"[.!?。！？\n]")
_CLAUSE_END = re.compile(r"[,，;；、]")


@dataclass(frozen=True)
class Ask:
    """A word (or words, "确认 K7P3") the message asks the customer to send, and its clause."""

    word: str
    clause: str  # the clause it was asked in, with quoted text taken out


def asks_in(text: str) -> list[Ask]:
    """Everything ``text`` asks the customer to send: text in quotes (“…” 「…」 "…"), the word
    right after Reply/回复/回覆, and the bare items that continue an English "Reply X to …" list."""
    asks: list[Ask] = []
    for sentence in _SENTENCE_END.split(text):
        asking = False
        for clause in _CLAUSE_END.split(sentence):
            words = [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(clause)]
            unquoted = _QUOTED.sub(" ", clause)
            # Not in ``unquoted``: there, 回复“1”或“确认” would read as 回复 或.
            words += [m.group(1) for m in _AFTER_REPLY.finditer(clause) if m.group(1)]
            if not words and asking and (m := _CONTINUATION.match(clause)):
                words = [m.group(1)]
            asking = asking or bool(words)
            asks += [Ask(word.strip(), unquoted) for word in words]
    return asks


OPT_OUT_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE", "退订", "退訂"}
)
OPT_IN_WORDS = frozenset({"YES", "START", "UNSTOP"})
# Chinese carriers' unsubscribe codes (T, TD, R, N) and Twilio's help keywords.
RESERVED_WORDS = frozenset({"T", "TD", "R", "N", "HELP", "INFO"})
#: The only templates allowed to ask for a keyword: help explains how to stop, opted_out how to
#: come back.
ALLOWED_IN: dict[str, frozenset[str]] = {
    "help": OPT_OUT_WORDS,
    "opted_out": OPT_IN_WORDS,
    # A marketing text must end with its opt-out line (docs/campaigns.md).
    "campaign_offer": OPT_OUT_WORDS,
}


def forbidden_asks(text: str, template: str = "") -> list[str]:
    """The words ``text`` asks for that carriers or Twilio would act on themselves."""
    forbidden = (OPT_OUT_WORDS | OPT_IN_WORDS | RESERVED_WORDS) - ALLOWED_IN.get(template, set())
    chinese = {word for word in forbidden if not word.isascii()}
    found = []
    for ask in asks_in(text):
        for token in ask.word.split():
            # An unquoted Chinese run after 回复 runs on into the sentence: 回复退订即可.
            if token.upper() in forbidden or any(token.startswith(w) for w in chinese):
                found.append(token)
    return found


_MARKERS = {
    "confirm": ("confirm", "确认", "確認"),
    "change": ("change", "改期", "变更", "變更"),
    "cancel": ("cancel", "取消"),
}


def named_intent(text: str) -> str | None:
    """The one appointment action ``text`` names (confirm, change, cancel), if exactly one."""
    named = {intent for intent, markers in _MARKERS.items() if any(m in text for m in markers)}
    return named.pop() if len(named) == 1 else None


# --- The checker itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "template", "expected"),
    [
        ("Reply CANCEL to cancel", "", ["CANCEL"]),
        ("Reply cancel to cancel your appointment.", "", ["cancel"]),
        ("取消请回复“T”", "", ["T"]),
        ("回复“T”退订", "", ["T"]),
        ("如需取消请回复“TD”。", "", ["TD"]),
        ("不想再收到短信，请回复退订即可。", "", ["退订即可"]),
        ("不想再收到簡訊，請回覆「退訂」。", "", ["退訂"]),
        ("Reply 1 to confirm, YES to book again, or STOP to opt out.", "", ["YES", "STOP"]),
        ('Text "stop" or reply END.', "", ["stop", "END"]),
        ("Reply START to receive them again.", "", ["START"]),
        ("Reply START to receive them again.", "opted_out", []),
        ("Reply STOP to opt out.", "help", []),
        ("Reply STOP to opt out.", "opted_out", ["STOP"]),
        ("Reply 1 to confirm, 2 to change the time, 3 to cancel.", "", []),
        ("确认请回复“1”或“确认”，取消请回复“3”或“取消”。", "", []),
        ("The salon had to cancel; to stop worrying, call us.", "", []),  # mentioned, not asked
    ],
)
def test_forbidden_word_checker(text: str, template: str, expected: list[str]) -> None:
    assert forbidden_asks(text, template) == expected


def test_asks_in_reads_reply_lists_and_quotes() -> None:
    english = "Reply 1 to confirm, 2 to change the time, 3 to cancel. Reply STOP to opt out."
    assert [a.word for a in asks_in(english)] == ["1", "2", "3", "STOP"]
    chinese = "确认请回复“1”或“确认”，改期请回复「2」。如有疑问，请致电。"
    assert [a.word for a in asks_in(chinese)] == ["1", "确认", "2"]
    assert [named_intent(a.clause) for a in asks_in(chinese)] == ["confirm", "confirm", "change"]


# --- The template set ---------------------------------------------------------------------------


def test_every_locale_has_exactly_the_named_templates() -> None:
    expected = {f"{name}.txt" for name in TEMPLATE_NAMES}
    assert len(TEMPLATE_NAMES) == len(set(TEMPLATE_NAMES))
    for locale in SUPPORTED_LOCALES:
        assert {p.name for p in (TEMPLATE_ROOT / locale).iterdir()} == expected, locale
    assert {p.name for p in TEMPLATE_ROOT.iterdir()} == set(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
@pytest.mark.parametrize(
    ("blank_keys", "blank"),
    [((), None), (("service",), None), (("stylist",), ""), (("service", "stylist"), None)],
)
def test_renders_cleanly(
    name: str, locale: str, blank_keys: tuple[str, ...], blank: str | None
) -> None:
    body = render(name, locale, **ctx_for(locale, **dict.fromkeys(blank_keys, blank)))
    salon = SAMPLE[locale]["salon_name"]
    assert body.startswith(f"【{salon}】" if locale.startswith("zh") else f"{salon}: ")
    assert body == body.strip() and "\n" not in body
    assert "None" not in body and "{" not in body and "}" not in body
    assert "  " not in body and " ，" not in body and " （" not in body and " )" not in body
    if name == "campaign_offer":
        # A marketing text ends with its opt-out line, as the salon's locale writes it.
        assert body.endswith(("。回复退订", "。回覆退訂", ". Reply STOP to opt out")), body
    else:
        assert body[-1] in "。！.!", body
    if locale == "en":
        # Plain ASCII values must never be pushed into UCS-2 by the template's own characters.
        assert sms_encoding(body) == "GSM-7", body


def test_empty_service_and_stylist_read_well() -> None:
    bare = ctx_for("zh-CN", service=None, stylist=None)
    assert render("confirmation_request", "zh-CN", **bare).startswith(
        "【美丽发艺沙龙】您预约了 11月23日 14:00（预约号 K7P3）。"
    )
    assert render("confirmed", "zh-CN", **bare).startswith(
        "【美丽发艺沙龙】您 11月23日 14:00的预约已确认"
    )
    bare_en = ctx_for("en", service="", stylist="")
    assert render("confirmation_request", "en", **bare_en).startswith(
        "Lotus Hair Studio: Your appointment is on Mon 23 Nov at 2:00 pm (ref K7P3). Reply 1"
    )
    stylist_only = ctx_for("en", service=None)
    assert "Your appointment with Sunny is on" in render(
        "confirmation_request", "en", **stylist_only
    )
    service_only = ctx_for("zh-TW", stylist="")
    assert "14:00 剪髮燙髮（預約編號 K7P3）" in render("reminder", "zh-TW", **service_only)


def test_ambiguous_lists_every_appointment() -> None:
    zh = render("ambiguous", "zh-CN", **ctx_for("zh-CN"))
    assert "11月23日 14:00 剪发烫发 K7P3；11月30日 10:30 M9XA。" in zh
    assert "“确认 K7P3”" in zh
    en = render("ambiguous", "en", **ctx_for("en"))
    assert "Mon 23 Nov 2:00 pm Haircut (ref K7P3); Mon 30 Nov 10:30 am (ref M9XA)." in en


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_compiled_wording_writes_what_jinja_renders(name: str, locale: str) -> None:
    """A text is written by joining the template's words with its values (compiled once per
    template): the same characters Jinja2 renders from the file, values with spaces, braces,
    line breaks and characters outside the BMP included."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_ROOT, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    values = {
        variable: f" {variable} {{x}} <b>&amp;</b>\n😀 {index} "
        for index, variable in enumerate(variables(name, locale))
    }
    expected = environment.get_template(f"{locale}/{name}.txt").render(**values)
    assert wording(name, locale).fill(values) == expected
    assert wording(name, locale).variables == variables(name, locale)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_each_value_is_built_from_its_facts_alone(name: str, locale: str) -> None:
    """The sweep works a value out once for every text with the same facts
    (``sms_values.FACTS``): ``value`` must read no fact but those, at any limit."""
    ctx = ctx_for(locale)
    for variable in variables(name, locale):
        if variable == "appointments" or variable.endswith("_ref"):
            continue  # built from the list of appointments: never remembered
        facts = sms_values.FACTS.get(variable, (variable,))
        alone = {fact: ctx[fact] for fact in facts}
        for limit in (None, 20, 12, 6):
            assert sms_values.value(variable, locale, alone, limit) == sms_values.value(
                variable, locale, ctx, limit
            ), (variable, limit)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
@pytest.mark.parametrize(("sign_name", "limit"), [(None, None), ("丝绒", 20), ("丝绒", 6)])
def test_remembered_values_write_the_same_texts(
    name: str, locale: str, sign_name: str | None, limit: int | None
) -> None:
    """Texts written with values remembered across them (the sweep's thousand) are exactly the
    texts written one at a time, whatever facts they share or not."""
    memo: dict[tuple[object, ...], str] = {}
    compiled = wording(name, locale)
    for index in range(40):
        ctx = ctx_for(
            locale,
            service=(None, "", " 剪发 ", "Cut & colour", "烫发" * 9)[index % 5],
            stylist=(None, "Lily", " Amy", "")[index % 4],
            ref=f"R{index % 7}",
            date=("11月23日", "Mon 23 Nov", " 1月2日 ")[index % 3],
        )
        assert compiled.compose(ctx, sign_name=sign_name, value_limit=limit, memo=memo) == (
            compiled.compose(ctx, sign_name=sign_name, value_limit=limit)
        )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
@pytest.mark.parametrize(("sign_name", "limit"), [(None, None), ("丝绒", 20), ("丝绒", 4)])
def test_texts_of_one_shape_differ_only_by_their_refs(
    name: str, locale: str, sign_name: str | None, limit: int | None
) -> None:
    """The sweep fills a template's values once per slot, service and stylist and adds each
    text's ref (``Wording.shape``): each text is the template's words joined with all its
    values at once, sender in front, trimmed, as the customer reads it."""
    compiled = wording(name, locale)
    ctx = ctx_for(locale)
    del ctx["ref"]
    shape = compiled.shape(ctx, sign_name=sign_name, value_limit=limit)
    for ref in ("K7P3", " M9XA ", "REF-LONGER-THAN-LIMITS", "😀1"):
        values = {
            variable: sms_values.value(variable, locale, {**ctx, "ref": ref}, limit)
            for variable in compiled.variables
        }
        body = compiled.fill(values).strip()
        if name in MARKETING_TEMPLATES:
            body = with_opt_out(body, locale, china_provider=sign_name is not None)
        sender = f"【{sign_name}】" if sign_name else _sender(locale, ctx)
        written = shape.write({"ref": ref})
        assert written.body == sender + body
        assert written.params == tuple(values.items())


def _sender(locale: str, ctx: dict[str, object]) -> str:
    return ("{}: " if locale == "en" else "【{}】").format(str(ctx["salon_name"]).strip())


def test_a_missing_fact_raises_with_values_remembered() -> None:
    memo: dict[tuple[object, ...], str] = {}
    compiled = wording("reminder", "zh-CN")
    compiled.compose(ctx_for("zh-CN"), memo=memo)
    ctx = ctx_for("zh-CN")
    del ctx["stylist"]
    with pytest.raises(jinja2.UndefinedError, match="stylist"):
        compiled.compose(ctx, memo=memo)


_SIMPLIFIED_ONLY = set("约认变发师时请复为务号们联系这个短信订阅确预过还没将继续")
_TRADITIONAL_ONLY = set("約認變髮師時請覆為務號們聯這個簡訊訂閱確預過還沒將繼續")


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_chinese_scripts_are_not_mixed(name: str) -> None:
    traditional = render(name, "zh-TW", **ctx_for("zh-TW"))
    assert not _SIMPLIFIED_ONLY & set(traditional), traditional
    simplified = render(name, "zh-CN", **ctx_for("zh-CN"))
    assert not _TRADITIONAL_ONLY & set(simplified), simplified


# --- Errors -------------------------------------------------------------------------------------


def test_missing_variable_raises() -> None:
    with pytest.raises(jinja2.UndefinedError, match="ref"):
        render("confirmed", "en", salon_name="X", date="Mon 23 Nov", time="2:00 pm", service="")
    # Optional values must still be passed, as None or "": forgetting one is a bug, not a blank.
    ctx = ctx_for("zh-CN")
    del ctx["stylist"]
    with pytest.raises(jinja2.UndefinedError, match="stylist"):
        render("confirmation_request", "zh-CN", **ctx)


def test_unknown_locale_raises() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        render("confirmed", "fr", **ctx_for("en"))
    with pytest.raises(ValueError, match="'zh-cn'"):
        render("confirmed", "zh-cn", **ctx_for("zh-CN"))


def test_unknown_template_raises() -> None:
    with pytest.raises(LookupError, match="'reminder_tomorrow'"):
        render("reminder_tomorrow", "en", **ctx_for("en"))
    with pytest.raises(LookupError):
        render("../en/help", "en", **ctx_for("en"))


# --- What the customer is asked to send ---------------------------------------------------------


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_no_template_asks_for_a_carrier_keyword(name: str, locale: str) -> None:
    body = render(name, locale, **ctx_for(locale))
    assert forbidden_asks(body, name) == [], body


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_confirmation_request_fits_in_two_segments(locale: str) -> None:
    for blank in [{}, {"service": None, "stylist": ""}]:
        body = render("confirmation_request", locale, **ctx_for(locale, **blank))
        segments = count_segments(body)
        units = len(body.encode("utf-16-le")) // 2
        print(f"{locale} {sms_encoding(body)} {units} units, {segments} segment(s): {body}")
        assert segments <= 2, body
        if locale.startswith("zh"):
            assert units <= 134, body


EXPECTED_CONFIRMATION_WORDS = {
    "zh-CN": {
        "1": "confirm",
        "确认": "confirm",
        "2": "change",
        "变更": "change",
        "3": "cancel",
        "取消": "cancel",
    },
    "zh-TW": {
        "1": "confirm",
        "確認": "confirm",
        "2": "change",
        "變更": "change",
        "3": "cancel",
        "取消": "cancel",
    },
    "en": {"1": "confirm", "2": "change", "3": "cancel"},
}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_confirmation_request_words_mean_what_the_template_says(locale: str) -> None:
    from gateway.domain.replies import parse_reply  # written alongside; imported here on purpose

    body = render("confirmation_request", locale, **ctx_for(locale))
    asks = asks_in(body)
    attached = {ask.word: named_intent(ask.clause) for ask in asks}
    assert attached == EXPECTED_CONFIRMATION_WORDS[locale], body
    for word, intent in attached.items():
        assert parse_reply(word).intent == intent, (locale, word)


#: The templates that ask the customer to send something; the others only inform.
ASKING_TEMPLATES = frozenset(
    {"confirmation_request", "reminder", "reminder_unconfirmed", "help", "ambiguous", "opted_out"}
    | {"offer_1", "offer_2", "offer_3", "survey", "campaign_offer"}
)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_the_checker_sees_what_each_template_asks(name: str, locale: str) -> None:
    asks = asks_in(render(name, locale, **ctx_for(locale)))
    assert bool(asks) == (name in ASKING_TEMPLATES), asks


#: Asked words whose clause names no appointment action mean this in these templates.
_KEYWORD_INTENT = {"help": "opt_out", "opted_out": "opt_in", "campaign_offer": "opt_out"}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_asked_word_is_understood(name: str, locale: str) -> None:
    from gateway.domain.replies import parse_reply
    from gateway.domain.survey_scores import read_survey_answer

    body = render(name, locale, **ctx_for(locale))
    for ask in asks_in(body):
        if name == "survey":
            # A score (回复1-5) or words of advice: read by the survey's reader, not the parser.
            assert read_survey_answer(ask.word).score in (None, 1), (ask, body)
            assert read_survey_answer("5").score == 5
            continue
        if name.startswith("offer_") and ask.word in LETTERS:
            # A letter answers the offer: the pick reader takes it, before the reply parser.
            offered = [
                Slot(STARTS_AT + timedelta(hours=h), "Sunny", timedelta(hours=1)) for h in range(3)
            ]
            assert read_pick(ask.word, offered, tz="Asia/Shanghai").index == LETTERS.index(ask.word)
            continue
        expected = named_intent(ask.clause) or named_intent(ask.word) or _KEYWORD_INTENT.get(name)
        parsed = parse_reply(ask.word)
        assert parsed.intent == expected, (ask, body)
        assert parsed.ref == ("K7P3" if "K7P3" in ask.word else None), ask
