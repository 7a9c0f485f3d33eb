// Starts and stops real test peers; see README in this folder.
