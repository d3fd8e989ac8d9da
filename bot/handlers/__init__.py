"""Telegram update handlers, one module per audience: public, groups and channels, inline, buttons, admins."""
