"""A local HTTP emulator of Capillary's target group API: the app's default, account-free target.

Import :class:`~app.sandbox.server.SandboxServer` from ``app.sandbox.server``; this package
imports nothing itself so that the app's start-up never pays for it.
"""
