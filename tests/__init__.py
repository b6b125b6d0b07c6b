"""The test suite. Imported before any test module, so before ``gateway``: the Prometheus
multiprocess directory is set here to one of this run's own, which prometheus_client reads when
first imported; runs never add up each other's (or ``make run``'s) counts."""

import atexit
import os
import shutil
import tempfile

os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="gateway-metrics-")
atexit.register(shutil.rmtree, os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
