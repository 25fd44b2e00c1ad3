-- Deletes every target (before reloading the demo with --replace).
delete from target
