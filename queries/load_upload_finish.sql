-- Records what a load did, just before it commits.
-- Params: $upload_id (integer), $rows_added, $rows_replaced, $rows_unchanged (integer),
-- $message (varchar)
update upload
set
    rows_added = $rows_added,
    rows_replaced = $rows_replaced,
    rows_unchanged = $rows_unchanged,
    message = $message
where upload_id = $upload_id
