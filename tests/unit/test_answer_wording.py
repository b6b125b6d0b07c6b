"""The answers a worker's batch writes (``outbox.text_row`` → ``sms_text.Wording.compose``) are
joined from each template's wording compiled once, not rendered by Jinja2 per answer: the whole
text, the sender in front and each value as ``sms_values`` writes it (cut to a provider's limit),
is byte for byte what Jinja2 renders from the template's file with the same values."""

from __future__ import annotations

import jinja2
import pytest

from gateway.domain.provider_templates import MARKETING_TEMPLATES
from gateway.domain.wording import SUPPORTED_LOCALES
from gateway.sms_text import TEMPLATE_NAMES, TEMPLATE_ROOT, compose
from tests.unit.test_sms_text import ctx_for

#: Every template a reply may be answered with (a campaign's offer is never an answer).
ANSWERS = [name for name in TEMPLATE_NAMES if name not in MARKETING_TEMPLATES]
_JINJA = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_ROOT, encoding="utf-8"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)


@pytest.mark.parametrize("sign_name", [None, "丝绒发型"])
@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("name", ANSWERS)
def test_an_answer_from_compiled_wording_is_what_jinja_renders(
    name: str, locale: str, sign_name: str | None
) -> None:
    ctx = ctx_for(locale)
    composed = compose(
        name, locale, ctx, sign_name=sign_name, value_limit=None if sign_name is None else 12
    )
    rendered = _JINJA.get_template(f"{locale}/{name}.txt").render(**dict(composed.params))
    salon = str(ctx["salon_name"])
    sender = f"【{sign_name}】" if sign_name else f"{salon}: " if locale == "en" else f"【{salon}】"
    assert composed.body == sender + rendered.strip()
