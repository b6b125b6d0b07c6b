"""WSGI entry point: ``gunicorn wsgi:app`` and ``flask --app wsgi``."""

from gateway import create_app, freeze_start_up

app = create_app()
freeze_start_up()
