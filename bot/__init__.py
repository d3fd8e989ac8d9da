"""negobot's fronts: the `negobot` command line (and, next, the Telegram bot)."""
