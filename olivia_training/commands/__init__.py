"""One module per `olivia-training` subcommand, discovered by cli.py.

Each module defines NAME, HELP, add_arguments(parser) and run(args) -> exit code, and
imports its heavy dependencies inside run(), so `--help` stays fast.
"""
