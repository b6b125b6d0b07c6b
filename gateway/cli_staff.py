"""Console accounts from the command line: ``flask --app wsgi staff create --salon ID …``."""

from __future__ import annotations

import json
import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from gateway import clock
from gateway.db import Database
from gateway.models import Salon, Staff
from gateway.services import ServiceError
from gateway.services.desk.accounts import create_staff, reset_password

staff_cli = AppGroup("staff", help="Staff accounts of the console (/staff/).")

DEMO_EMAIL = "demo@salon.example"


def register(app: Flask) -> None:
    app.cli.add_command(staff_cli)


@staff_cli.command("create")
@click.option("--salon", "salon_id", type=int, required=True, help="The salon's id.")
@click.option("--email", required=True)
@click.option("--phone", default=None, help="A mobile number that signs in as the email does.")
@click.option("--name", default=None)
@click.option("--owner", is_flag=True, help="May add, disable and reset the salon's staff.")
@click.option(
    "--password",
    default=None,
    help="Leave out to be asked (or, without a terminal, to get a generated one printed once).",
)
def staff_create(
    salon_id: int,
    email: str,
    phone: str | None,
    name: str | None,
    owner: bool,
    password: str | None,
) -> None:
    """Create a console account; prints it as JSON."""
    generated = None
    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = generated = secrets.token_urlsafe(12)
    db: Database = current_app.extensions["db"]
    try:
        with db.transaction() as session:
            salon = session.get(Salon, salon_id)
            if salon is None:
                raise click.BadParameter(f"no salon with id {salon_id}", param_hint="--salon")
            staff = create_staff(
                session,
                salon=salon,
                email=email,
                password=password,
                name=name,
                is_owner=owner,
                phone=phone,
                now=clock.now(),
            )
            out: dict[str, object] = {
                "id": staff.id,
                "salon_id": salon.id,
                "email": staff.email,
                "phone": staff.phone,
                "owner": staff.is_owner,
            }
    except ServiceError as exc:
        raise click.BadParameter(exc.message, param_hint=f"--{exc.field or 'email'}") from None
    if generated is not None:
        out["password"] = generated
    click.echo(json.dumps(out, ensure_ascii=False))


def demo_login(salon_id: int) -> tuple[str, str]:
    """The demo salon's owner login, created with a fresh password (printed by ``demo``)."""
    db: Database = current_app.extensions["db"]
    password = secrets.token_urlsafe(9)
    with db.transaction() as session:
        existing = session.scalar(select(Staff).where(Staff.email == DEMO_EMAIL))
        if existing is not None:
            reset_password(existing, password)
        else:
            create_staff(
                session,
                salon=session.get_one(Salon, salon_id),
                email=DEMO_EMAIL,
                password=password,
                name="Demo",
                is_owner=True,
                now=clock.now(),
            )
    return DEMO_EMAIL, password
