-- Small key/value settings kept with the data (e.g. whether the demo was loaded).
create table if not exists app_setting (
    key varchar primary key,
    value varchar
)
