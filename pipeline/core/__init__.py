"""The ground floor every stage stands on: the typed model, errors, the format sniffer, text
folding and shared settings. Nothing here imports anything else of the project."""
