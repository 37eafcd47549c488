"""The ``conciliazione`` command line: a thin shell over the Python API.

Every command calls one public function (:func:`conciliazione.api.load`,
:func:`conciliazione.api.check`, :func:`conciliazione.api.run_export`,
:func:`conciliazione.plugins.make_plugin_host`, :mod:`conciliazione.export.schemas`), so
anything the command line does can be done from Python. This package imports nothing heavy:
each command module is loaded only when its command runs (see :mod:`conciliazione.cli.main`).
"""
