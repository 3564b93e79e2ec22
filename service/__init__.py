"""newskg: news articles in, a knowledge graph of who said what, about whom, where and when out.

The package is called ``service`` (the design card's name); it *is* newskg. The pipeline:

    reader → nlp (spaCy components) → ir (frozen dataclasses) → mapping (RDF + owlrl)
           → linker (Wikidata) → store (pyoxigraph) → web (Flask) and cli (click)

Stages import only the bottom layer (``ir``, ``vocab``, ``config``, ``errors``, ``formats``);
``pipeline`` composes them, and ``web``/``cli`` sit on top.
"""

__version__ = "0.1.0"
