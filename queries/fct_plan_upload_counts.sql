-- One row: how many plan rows one upload added, by table (for the upload's summary).
-- Params: $upload_id (integer)
select
    (select count(*) from plan_theme where upload_id = $upload_id) as themes,
    (select count(*) from plan_recommendation where upload_id = $upload_id) as recommendations,
    (select count(*) from plan_action where upload_id = $upload_id) as actions,
    (select count(*) from plan_action_measure where upload_id = $upload_id) as measure_links,
    (select count(*) from plan_action_update where upload_id = $upload_id) as updates
