"""The learned event-type layer: a small classifier over parse features and word vectors, trained on a
corpus the team wrote (``data/training/``), that types event candidates the lexicon misses and checks
the ones it finds.

* :mod:`.corpus` reads the training files (sentences with ``[trigger|TYPE|mode]`` marks);
* :mod:`.features` turns a candidate token of a parsed sentence into features;
* :mod:`.softmax` is the classifier (multinomial logistic regression in NumPy, deterministic);
* :mod:`.train` builds the model from the corpus and cross-validates it (``nestor train``);
* :mod:`.typer` loads the shipped model and types candidates at coding time.
"""
