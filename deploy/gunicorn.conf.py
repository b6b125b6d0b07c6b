"""gunicorn's settings for the web processes, behind the nginx front (deploy/nginx.conf):
``gunicorn -c deploy/gunicorn.conf.py wsgi:app`` (docs/operations.md has the unit).

Sync workers are right here only because nginx stands in front: it reads each request whole
before passing it on, so a worker never waits on a slow client. Without nginx, a few clients
sending their headers a byte at a time hold every worker (tests/e2e/test_front.py shows both).
"""

# Only nginx, on this machine, talks to gunicorn.
bind = "127.0.0.1:8000"
# Requests take milliseconds and wait on PostgreSQL and Redis, not the CPU: two per core.
workers = 4
worker_class = "sync"
# A request still running after this long is stuck (the app's own calls time out well
# before): its worker is replaced.
timeout = 30
graceful_timeout = 20
# nginx opens a connection per request; nothing to keep alive.
keepalive = 2
# gunicorn itself believes no X-Forwarded-Proto (by default it would, from any local
# process): the app reads nginx's forwarded headers itself, through TRUSTED_PROXIES=1.
forwarded_allow_ips = ""
# No access log: /api/v1/customers/<phone> paths would put numbers in it.
accesslog = None
