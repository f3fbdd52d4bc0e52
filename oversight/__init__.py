"""The operator's view of the network and each cooperative's health, read from the other domains' services."""
