"""The project's own conflict-domain dev set: articles we wrote, with hand-annotated gold.

``from tests.devset.gold import load_articles, score`` is the API; README.md in this
folder gives the annotation guidelines and the sources of every coordinate.
"""
