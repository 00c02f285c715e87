-- Schedule ids of each lead's pending deadlines, so that a deadline is cancelled by id rather than by a
-- scan over every scheduled deadline. A row may outlive its deadline once it fired; cancelling a fired
-- deadline does nothing.
create table lead_deadline (
    lead_id       varchar(36)                 not null,
    deadline_name varchar(50)                 not null,
    schedule_id   varchar(100)                not null,
    due_at        timestamp(6) with time zone not null,
    constraint lead_deadline_pkey primary key (lead_id, deadline_name, schedule_id)
);
