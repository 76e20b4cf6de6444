import sys

from clinverify.clients.cli import main

sys.exit(main())
