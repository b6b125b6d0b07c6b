"""What the deployment's settings decide for every salon: given to the database's sessions once,
at start-up (``Database(url, deployment)``), and read by services with ``deployment_of``.

Each app builds its own ``Database``, so two apps in one process (the tests make many) never see
each other's deployment, as a module-level setting would let them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from gateway.config import Settings


@dataclass(frozen=True, slots=True)
class Deployment:
    """The settings services need, not the whole ``Settings`` (which holds secrets); the
    defaults are ``Settings``' own."""

    #: The provider a salon without its own sends through (``SMS_PROVIDER``).
    sms_provider: str = "console"
    #: The deployment's Tencent Cloud account is a personal one: 12 characters per template
    #: value instead of the enterprise's unlimited (``TENCENT_SMS_PERSONAL_ACCOUNT``).
    tencent_personal_account: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Deployment:
        return cls(
            sms_provider=settings.sms_provider,
            tencent_personal_account=settings.tencent_sms_personal_account,
        )


class DeploymentSession(Session):
    """A session that knows the deployment it serves."""

    def __init__(self, *args: Any, deployment: Deployment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deployment = deployment or Deployment()


def deployment_of(session: Session) -> Deployment:
    """The deployment ``session`` was made for; the defaults for a bare session (a script's)."""
    return session.deployment if isinstance(session, DeploymentSession) else Deployment()
