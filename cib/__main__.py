import sys

from cib.cli import main

sys.exit(main())
