"""socialtip's Slack app: ``create_app()`` and the HTTP / Socket Mode servers (``server``)."""

from .app import build_client, create_app
from .services import Services, get_services
from .tasks import BackgroundTasks

__all__ = ["BackgroundTasks", "Services", "build_client", "create_app", "get_services"]
