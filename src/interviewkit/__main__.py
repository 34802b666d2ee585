from interviewkit.cli import main

raise SystemExit(main())
