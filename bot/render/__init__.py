"""Turn knowledge entries into what people read: plain text here, Block Kit in ``blocks``."""
