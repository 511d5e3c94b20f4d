"""Framework-free recommendation engine: arrays in, arrays out.

No Django here: the shop feeds numpy/scipy arrays built from its database and stores what comes
back. Modules:

* ``interactions``: events -> weighted user x item (and session x item) sparse matrices;
* ``similarity``: collaborative item neighbours (neighbourhood ridge), computable in slices;
* ``content``: TF-IDF neighbours for cold items, and blending them in;
* ``pipeline``: the chunked build the Celery tasks run (``compute_chunk``, ``combine_chunks``);
* ``popularity``: popularity and trending fallbacks;
* ``recommender``: scoring a history through the neighbours (offline and batch);
* ``serving``: the same scoring over stored lists at request time, plain Python;
* ``evaluation``: the offline protocol.

Generated shop data for tests and benchmarks lives in ``benchmarks/synthetic``, not here.

Submodules are imported explicitly so that importing one does not pull scikit-learn into
processes that do not need it.
"""
