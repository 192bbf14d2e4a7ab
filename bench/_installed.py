"""How the bench scripts start `finsam`: as a fresh process, the way a user's installed copy runs.

A pip install leaves bytecode (.pyc) files, so the measured processes may write and use them:
PYTHONDONTWRITEBYTECODE, which some sandboxes set, is unset for them (with it, every fresh process
compiles the toolkit again, about +100 ms, and a forked writer compiles the modules it imports once
more). Each script runs a command once untimed first, so the files exist before anything is timed.
"""

from __future__ import annotations

import os
import sys

FINSAM = [sys.executable, "-c", "from toolkit.cli import main; main()"]
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
