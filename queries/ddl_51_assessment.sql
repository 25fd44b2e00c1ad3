-- Child-level assessment records (Annex A List 4): one row per child and assessment start date.
-- Only what the measures need: the council's own child id, the dates, the team, the outcome
-- (no names, no date of birth). authorised_date is null while the assessment is open.
create table if not exists assessment (
    child_id varchar not null,
    start_date date not null,
    authorised_date date,
    team varchar not null,
    outcome varchar,
    upload_id integer,
    primary key (child_id, start_date)
)
