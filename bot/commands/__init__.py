"""One module per `jumys` subcommand, each with `add_arguments(parser)` and `run(args) -> int`."""
