import sys

from creagen_desktop.cli import main

sys.exit(main())
