"""The Olivia training pack: content, exercises and handout build for a trauma-informed
practice workshop on the Olivia Child Safeguarding Practice Review learning briefing."""

__version__ = "0.1.0"
