"""policykg: a knowledge graph of who owns what in Chinese provincial policy documents."""

__version__ = "0.1.0"
