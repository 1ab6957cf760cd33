"""The sandbox suite shares the real-server fixture with the services suite."""

from tests.services.sending_support import sandbox  # noqa: F401
