"""``python -m kg``: the command line."""
from .cli import main

raise SystemExit(main())
