"""What the providers' template application forms ask for, template by template: whether the
gateway needs it before a salon can send, the attribute each variable is registered with
(Alibaba Cloud's 变量属性, Tencent Cloud's variable type), and the use-case sentence
(申请说明 / 模板备注) with a complete example, values filled in, as the reviewers ask.

Pure: the rules and wording are tables here; ``templates export`` prints them (docs/china.md,
"What the application forms ask for", says where each attribute comes from).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from gateway.domain import sms_values
from gateway.domain.provider_templates import MARKETING_TEMPLATES
from gateway.domain.texts import TemplateName


class ValueKind(StrEnum):
    """What a variable's values look like, which decides the attribute it is registered with."""

    TIME = "time"  # a date and a time of day: 5月3日 14:00
    REF = "ref"  # letters and digits: K7P3
    PHONE = "phone"  # a salon's telephone number
    TEXT = "text"  # words mixed with times and names: 5月3日 14:00 剪发，由Lily为您服务


@dataclass(frozen=True, slots=True)
class Attribute:
    """How a form names a kind of value: the label it shows and, for Alibaba Cloud, the code
    its CreateSmsTemplate API takes in ``TemplateRule`` (Tencent Cloud's API takes none)."""

    label: str
    code: str | None = None


@dataclass(frozen=True, slots=True)
class TemplateType:
    """The type a template is submitted as: the form's label and the API's number for it."""

    label: str
    code: int


#: Alibaba Cloud: CreateSmsTemplate's ``TemplateType`` — 0 verification code, 1 notification,
#: 2 promotional (推广短信), 3 international (``CreateSmsTemplateRequest`` in
#: alibabacloud-dysmsapi20170525 4.6.0; help.aliyun.com document 108088: promotional templates
#: must end with 拒收请回复R, only enterprise-verified accounts may apply for them, and their
#: ``MoreData`` must show the customers' consent, document 312341). By marketing or not.
ALIYUN_TEMPLATE_TYPES: Final[Mapping[bool, TemplateType]] = {
    False: TemplateType("短信通知", 1),
    True: TemplateType("推广短信", 2),
}
#: Tencent Cloud: AddSmsTemplate's ``SmsType`` — 1 marketing (营销短信), 2 notification, 3
#: verification code since 16 May 2024 (``AddSmsTemplateRequest`` in tencentcloud-sdk-python-sms
#: 3.1.153; cloud.tencent.com/document/product/382/106171). Accounts opened before then may
#: still see 0 for 普通短信 (the ``sms_type`` of Tencent's Terraform provider): marketing is 1
#: in both. Its FAQ (382/13301, 2025-04-18) requires 拒收请回复R in marketing templates.
TENCENT_TEMPLATE_TYPES: Final[Mapping[bool, TemplateType]] = {
    False: TemplateType("通知短信", 2),
    True: TemplateType("营销短信", 1),
}


def template_type(provider: str, name: str) -> TemplateType:
    """The type ``provider``'s form (and API) takes for template ``name``."""
    table = ALIYUN_TEMPLATE_TYPES if provider == "aliyun" else TENCENT_TEMPLATE_TYPES
    return table[name in MARKETING_TEMPLATES]


#: Alibaba Cloud: the 变量属性 of a notification template's variable (help.aliyun.com document
#: 2806243, "TemplateRule&TemplateContent参数填写示例").
ALIYUN_ATTRIBUTES: Final[Mapping[ValueKind, Attribute]] = {
    ValueKind.TIME: Attribute("时间", "time"),
    ValueKind.REF: Attribute("其他号码", "other_number2"),
    ValueKind.PHONE: Attribute("电话号码", "phone_number2"),
    ValueKind.TEXT: Attribute("其他", "others"),
}
#: Tencent Cloud: the variable type its console's template form offers (its documents leave the
#: list to the form itself, cloud.tencent.com document 382/39023); the closest by meaning.
TENCENT_TYPES: Final[Mapping[ValueKind, Attribute]] = {
    ValueKind.TIME: Attribute("时间"),
    ValueKind.REF: Attribute("其他号码"),
    ValueKind.PHONE: Attribute("电话号码"),
    ValueKind.TEXT: Attribute("其他"),
}

#: Every variable the templates use. English date and time words ("Sun 3 May", "2:00 pm") are
#: in none of the date forms the providers list, so they are registered as text.
VALUE_KINDS: Final[Mapping[str, ValueKind]] = {
    "when": ValueKind.TIME,
    "ref": ValueKind.REF,
    "confirm_ref": ValueKind.REF,
    "change_ref": ValueKind.REF,
    "cancel_ref": ValueKind.REF,
    "phone": ValueKind.PHONE,
    "appointment": ValueKind.TEXT,
    "visit": ValueKind.TEXT,
    "rated": ValueKind.TEXT,
    "appointments": ValueKind.TEXT,
    "slot_a": ValueKind.TEXT,
    "slot_b": ValueKind.TEXT,
    "slot_c": ValueKind.TEXT,
    "date": ValueKind.TEXT,
    "time": ValueKind.TEXT,
    "address": ValueKind.TEXT,
    # A campaign's values, as the salon writes them: valid_until is free words (3月31日,
    # 月底前) that the time attribute's forms do not cover.
    "offer": ValueKind.TEXT,
    "valid_until": ValueKind.TEXT,
}

#: The facts of a sample appointment per locale, from which the complete example the forms ask
#: for is built the way every text is (``sms_values``).
SAMPLE_FACTS: Final[Mapping[str, Mapping[str, object]]] = {
    "zh-CN": {
        "date": "5月3日",
        "time": "14:00",
        "service": "剪发",
        "stylist": "Lily",
        "ref": "K7P3",
        "appointments": [
            {"date": "5月3日", "time": "14:00", "service": "剪发", "ref": "K7P3"},
            {"date": "5月9日", "time": "10:30", "service": "", "ref": "M9XA"},
        ],
        "slot_a": "A 5月4日 14:00",
        "slot_b": "B 16:30",
        "slot_c": "C 5月5日 11:00（Mia）",
        "phone": "0571-88886666",
        "address": "文三路100号2楼",
        "offer": "生日当月烫染8折",
        "valid_until": "5月31日",
    },
    "zh-TW": {
        "date": "5月3日",
        "time": "14:00",
        "service": "剪髮",
        "stylist": "Lily",
        "ref": "K7P3",
        "appointments": [
            {"date": "5月3日", "time": "14:00", "service": "剪髮", "ref": "K7P3"},
            {"date": "5月9日", "time": "10:30", "service": "", "ref": "M9XA"},
        ],
        "slot_a": "A 5月4日 14:00",
        "slot_b": "B 16:30",
        "slot_c": "C 5月5日 11:00（Mia）",
        "phone": "2345 6789",
        "address": "彌敦道100號2樓",
        "offer": "生日當月燙染8折",
        "valid_until": "5月31日",
    },
    "en": {
        "date": "Sun 3 May",
        "time": "2:00 pm",
        "service": "Haircut",
        "stylist": "Lily",
        "ref": "K7P3",
        "appointments": [
            {"date": "Sun 3 May", "time": "2:00 pm", "service": "Haircut", "ref": "K7P3"},
            {"date": "Sat 9 May", "time": "10:30 am", "service": "", "ref": "M9XA"},
        ],
        "slot_a": "A Mon 4 May 2:00 pm",
        "slot_b": "B 4:30 pm",
        "slot_c": "C Tue 5 May 11:00 am (Mia)",
        "phone": "+852 2345 6789",
        "address": "100 Nathan Rd, 2/F",
        "offer": "20% off colour in May",
        "valid_until": "31 May",
    },
}

#: When each template is sent, as the reviewer reads it (in Chinese: both consoles are).
PURPOSES: Final[Mapping[TemplateName, str]] = {
    TemplateName.CONFIRMATION_REQUEST: "顾客在美发店预约后发送，请顾客确认、改期或取消本次预约",
    TemplateName.CONFIRMED: "顾客回复确认预约后发送的确认回执",
    TemplateName.CHANGE_RECEIVED: "顾客回复要求改期后发送，告知门店将联系顾客",
    TemplateName.CANCELLED: "顾客回复取消预约后发送的取消回执",
    TemplateName.ALREADY_CANCELLED: "顾客对已取消的预约再次回复时发送的说明",
    TemplateName.CANCELLED_BY_SALON: "门店取消顾客预约时发送的通知",
    TemplateName.REMINDER: "已确认的预约开始前发送的到店提醒",
    TemplateName.REMINDER_UNCONFIRMED: "尚未确认的预约开始前发送的提醒，请顾客确认",
    TemplateName.HELP: "顾客回复“帮助”时发送的回复说明",
    TemplateName.AMBIGUOUS: "顾客有多个预约而回复未注明预约号时发送，请顾客注明预约号",
    TemplateName.NO_APPOINTMENT: "顾客回复时没有可操作的预约时发送的说明",
    TemplateName.OPTED_OUT: "顾客回复退订后发送的退订确认",
    TemplateName.OPTED_IN: "已退订的顾客回复重新订阅后发送的确认",
    TemplateName.OFFER_1: "顾客要求改期后，发送门店可改约的一个时间供顾客回复选择",
    TemplateName.OFFER_2: "顾客要求改期后，发送门店可改约的两个时间供顾客回复选择",
    TemplateName.OFFER_3: "顾客要求改期后，发送门店可改约的三个时间供顾客回复选择",
    TemplateName.OFFER_GONE: "顾客选择的改约时间已被约满时发送的说明",
    TemplateName.ANSWER_CALL_SOON: "门店工作人员回复顾客：将尽快致电顾客",
    TemplateName.ANSWER_CALL_US: "门店工作人员回复顾客：请顾客致电门店",
    TemplateName.ANSWER_TIME: "顾客回复询问预约时间时发送，告知其预约的日期、时间和发型师",
    TemplateName.ANSWER_PLACE: "顾客回复询问门店地址时发送，告知门店地址及其预约时间",
    TemplateName.SURVEY: "顾客到店完成服务后发送一次，请顾客回复1-5为本次服务打分或回复建议",
    TemplateName.SURVEY_THANKS: "顾客回复满意度评分后发送的感谢回执",
    TemplateName.CAMPAIGN_OFFER: "门店向会员发送生日、节日或回店优惠，每位会员30天内最多4条，"
    "仅在8:00-21:00发送",
}

#: What every use-case sentence adds: who receives the texts and why they are notifications.
_WHO: Final = "接收人为在门店预约服务的顾客本人，仅发送与其预约相关的通知，不含营销内容"


#: The same for a marketing template: only members who agreed, with their consent on record.
_WHO_MARKETING: Final = (
    "接收人为书面或线上同意接收门店营销短信的会员，同意的方式与凭证均有记录，回复R或退订即不再发送"
)


def value_kind(variable: str) -> ValueKind:
    """The kind of ``variable``'s values (text for any the table does not know)."""
    return VALUE_KINDS.get(variable, ValueKind.TEXT)


def attribute(provider: str, variable: str) -> Attribute:
    """The attribute ``provider``'s form asks for ``variable`` (``aliyun`` or ``tencent``)."""
    table = ALIYUN_ATTRIBUTES if provider == "aliyun" else TENCENT_TYPES
    return table[value_kind(variable)]


def example_values(
    locale: str, variables: tuple[str, ...], limit: int | None = None
) -> dict[str, str]:
    """Each of ``variables`` as the gateway would fill it for the sample appointment, within
    ``limit`` characters."""
    facts = SAMPLE_FACTS[locale]
    return {name: sms_values.value(name, locale, facts, limit) for name in variables}


def use_case(name: TemplateName, example: str) -> str:
    """The 申请说明 for template ``name``: when it is sent, to whom, and the whole text as a
    customer reads it (``example``, its variables filled in)."""
    who = _WHO_MARKETING if name in MARKETING_TEMPLATES else _WHO
    return f"{PURPOSES[name]}；{who}。示例：{example}"
