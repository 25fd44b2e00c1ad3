-- Numbers each upload (and the demo load) so every row can say where it came from.
create sequence if not exists upload_id_seq start 1
