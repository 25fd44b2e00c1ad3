-- Deletes every assessment record (before reloading the demo afresh).
delete from assessment
