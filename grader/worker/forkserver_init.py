"""Imported only inside the multiprocessing fork server (``set_forkserver_preload``).

Importing it asks the kernel to kill the importing process when its parent
dies: the fork server then ends with the ``grade`` process that started it,
and its pool children end with it (``grader.worker.lifeline``). Never import
this module elsewhere: it would tie that process's life to its parent's.
"""

from grader.worker.lifeline import die_with_parent

die_with_parent()
