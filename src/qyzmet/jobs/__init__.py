"""Background jobs: notifications, daily jobs and whatever else must not run inside a web
request. Jobs are rows in the database (django-tasks with its database backend), run by
``qyzmet worker``; several workers share them, and a job whose worker died is run again
(``leases``): at least once, with effects that happen once.

Each domain app keeps its jobs in its own ``tasks.py``, thin, each calling one domain function.
This app holds only the glue: the schedule of daily jobs and the worker. Like ``core`` it
imports no other app of qyzmet.
"""
