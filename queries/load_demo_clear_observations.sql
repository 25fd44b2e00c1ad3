-- Deletes every monthly figure (before reloading the demo with --replace).
delete from observation
