from smmdesk.cli import main

raise SystemExit(main())
