"""negobot's fronts on the knowledge library: the `negobot` command line and the Telegram bot."""
