-- Deletes every case audit (before reloading the demo afresh).
delete from case_audit
