"""gunicorn settings for one app server (docs/deploy.md). Start with:

gunicorn -c deploy/gunicorn.conf.py config.wsgi
"""

import multiprocessing
import os

# nginx on the same machine is the only client; never listen on a public address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Requests are short and mostly Python work (pages, score sheets) with waits on the database;
# two processes per core keep the cores busy, a second thread per process takes a request while
# the other waits on the database. GUNICORN_WORKERS overrides for a small or shared machine.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 2))

# The longest request is the largest workbook import allowed (5,000 score rows, ~2.5 s on a 2-core
# server, bench/import.py) or a first PDF summary (~2.5 s for 400 rows); 60 s leaves room for a slow
# or busy machine and still ends a stuck worker within a minute. nginx waits a little longer.
timeout = 60
graceful_timeout = 30
keepalive = 5

# A worker that rendered many PDFs holds on to memory; replace it now and then, not all at once.
max_requests = 1000
max_requests_jitter = 200

# No control socket under the service user's home.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
# The client as nginx saw it in the access log (the app reads X-Forwarded-For itself).
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
