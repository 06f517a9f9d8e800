"""The CLI: one thin module per subcommand (parse arguments, call a stage, print), and
``progress`` (progress bars on a terminal, silence in logs)."""

COMMANDS: dict[str, str] = {
    "init": "create a new club from zero: charter, founders, schemas, workflows, pages",
    "check": "check every data file against the schema and the charter's rules",
    "build": "build the static site (public or members edition) after checking the data",
    "serve": "live preview of the site, rebuilt whenever data, templates or pages change",
    "report": "list what needs an admin's action (dues, attendance, cap, intake, board, events)",
    "new": "create a member, event, media, client or board-post file (asks, or takes flags)",
    "codeowners": "write .github/CODEOWNERS from the data (--check: only report drift)",
    "from-issue": "turn a submitted issue form into a data file (used by the issue-form workflow)",
    "member": ("record a membership event: approve, dues, promote, suspend, reinstate, retire, "
               "expel; a sponsor, a GitHub login"),
    "event": ("record RSVPs or attendance for an event (or one occurrence of a series); its "
              "organisers, its capacity"),
    "post": "renew or close a board post, or declare it an ad with its red packet (R3)",
    "deploy": ("publish a built public (or encrypted members) site to an S3-compatible object "
               "store (COS, OSS …)"),
    "access-code": ("print a member's access code and secret calendar address (encrypted "
                    "members edition)"),
    "jielong": "record a pasted 群接龙 as RSVPs or attendance of one event occurrence",
    "roster": "patrol a WeChat group: a pasted member list against the registry (R1, R2)",
    "digest": "a WeChat-ready message: the weekly digest or an event announcement (plain text)",
    "apply": ("apply a request text from the site's form (sent in WeChat by a member without "
              "GitHub)"),
    "dues": "the dues ledger: who owes what, totals per dues year, cash received per year",
}
"""Every subcommand and its one-line help, in the order ``--help`` lists them: the parser is
built from this table, and only the chosen command's module is imported (start-up)."""
