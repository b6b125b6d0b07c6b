"""The yardstick for ``bench/webhook.py``: Flask with nothing but the webhook's HTTP shape.

Its one endpoint, ``POST /sms/twilio/inbound``, parses the form as the real one does and answers
the same empty TwiML, with no signature check, database or queue. Run under the same gunicorn
settings as the service, it shows what Flask and gunicorn alone cost on this machine::

    gunicorn --workers 2 --bind 127.0.0.1:8001 bench.bare_app:app
"""

from __future__ import annotations

from flask import Flask, Response, request

from gateway.providers.twilio.webhooks import EMPTY_TWIML

app = Flask(__name__)


@app.post("/sms/twilio/inbound")
def inbound() -> Response:
    form = request.form
    if not form.get("MessageSid") or not form.get("From") or not form.get("To"):
        return Response("MessageSid, From and To are required", status=400)
    return Response(EMPTY_TWIML, status=200, mimetype="text/xml")
