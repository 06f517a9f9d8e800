"""The CLI: one thin module per subcommand (parse arguments, call a stage, print), and
``progress`` (progress bars on a terminal, silence in logs)."""
