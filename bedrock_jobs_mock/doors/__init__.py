"""The front doors: each turns its own kind of request into an ``HttpRequest`` for
the dispatch, and the ``HttpResponse`` back; none knows an operation."""
