"""Run a benchmark tool with the site's settings: `python -m bench catalogue|run [options]`."""

import importlib
import os
import sys

import django

TOOLS = {"catalogue": "bench.catalogue", "run": "bench.run"}

if len(sys.argv) < 2 or sys.argv[1] not in TOOLS:
    sys.exit(f"usage: python -m bench {{{'|'.join(TOOLS)}}} [options]")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
django.setup()
name = sys.argv[1]
importlib.import_module(TOOLS[name]).Command().run_from_argv(["bench", name, *sys.argv[2:]])
