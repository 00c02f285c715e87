-- Stands for the query side's migrations (3.x) in SharedSchemaHistoryTest: a version the command side
-- does not have and that is newer than all of its own.
create table query_side_stand_in (id integer primary key);
