from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: the backup and restore commands. No models, no pages."""

    name = "ressourcenet.ops"
    label = "ops"
