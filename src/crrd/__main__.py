from crrd.cli import main

raise SystemExit(main())
