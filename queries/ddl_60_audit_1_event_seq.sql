-- Numbers audit events so the trail keeps the order things happened in.
create sequence if not exists audit_event_seq start 1
