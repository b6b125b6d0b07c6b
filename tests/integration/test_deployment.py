"""The deployment's settings reach the services through the sessions of the app that has them:
two apps in one process (as the tests, or a script beside a web app) never see each other's."""

from __future__ import annotations

from typing import Any

from gateway.models import Salon
from gateway.services.salons.providers import provider_of
from gateway.services.sending.template_codes import value_limit


def test_each_app_keeps_its_own_tencent_account_kind_and_provider(make_app: Any) -> None:
    personal = make_app(tencent_sms_personal_account=True, sms_provider="console")
    enterprise = make_app(tencent_sms_personal_account=False, sms_provider="aliyun")
    salon = Salon(name="丽丽美发", provider=None)
    with personal.extensions["db"].transaction() as session:
        # A personal Tencent Cloud account takes 12 characters per template value.
        assert value_limit(session, "tencent") == 12
        assert provider_of(session, salon) == "console"
    with enterprise.extensions["db"].transaction() as session:
        assert value_limit(session, "tencent") is None
        assert provider_of(session, salon) == "aliyun"
    salon.provider = "tencent"
    with personal.extensions["db"].transaction() as session:
        assert provider_of(session, salon) == "tencent"
