"""socialtip: cited social-media practice for marketing teams, in Slack."""

__version__ = "0.1.0"
