"""`python -m builder.render.zensical [--config mkdocs.yml] [--site-dir site] [--strict]`"""

import sys

from builder.render.zensical.build import main

sys.exit(main())
