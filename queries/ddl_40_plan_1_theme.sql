-- Improvement-plan themes, one row per version: a theme's current row is its latest upload's.
-- Kept by version (never updated in place) so undoing an upload brings back what was there.
create table if not exists plan_theme (
    theme_id varchar not null,
    upload_id integer not null,
    title varchar not null,
    primary key (theme_id, upload_id)
)
