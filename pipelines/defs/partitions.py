"""Partitions: one per budget document, keyed by its PDF file name.

Dynamic, because the set of documents is whatever lies in the raw folder: the
``new_or_changed_documents`` sensor adds a partition when a file appears and deletes it when
the file goes.
"""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")
