-- Ofsted recommendations, one row per version (the latest upload's row is current).
create table if not exists plan_recommendation (
    recommendation_id varchar not null,
    upload_id integer not null,
    theme_id varchar not null,
    source varchar not null check (source in ('Inspection', 'Monitoring visit')),
    source_date date,
    text varchar not null,
    primary key (recommendation_id, upload_id)
)
