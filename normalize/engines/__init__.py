"""Engines that run a batch elsewhere than in this process: see :mod:`normalize.engines.dask`."""
