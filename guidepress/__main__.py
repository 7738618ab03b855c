import sys

from guidepress.commands.cli import main

sys.exit(main())
