"""The Playground: build a network, train it live in a background process, keep it, compare
it, and play with it.

    blueprint.py   what to build and how to train it, as data, checked before anything starts
    data.py        the images a run trains, validates and is tested on
    trainer.py     one training run: batches, checkpoints, the best kept, events as it goes
    saved.py       the networks a player keeps (their folder's networks/), export and import
    process.py     a run (or an estimate) in a child process, as the game's page drives it
    __main__.py    the command line: train, estimate, list, delete, rename, export, import

Nothing here imports pygame: the page (scenes/playground*.py) draws what it reports.
"""
