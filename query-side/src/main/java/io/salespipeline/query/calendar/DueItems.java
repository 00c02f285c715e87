package io.salespipeline.query.calendar;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What is due on the leads a user owns now, from the stage visits, the leads' states and the latest after-sales
 * facts: the next step (the lead's state, {@code visit_lead}), the
 * promised offer time (in OFFER_PREPARATION), the follow-up due time (in OFFER_SENT, and the rhythm's in
 * FOLLOW_UP), the next after-sales contact (in AFTER_SALES). A next step due at the same time as one of the
 * others is that item (the board's "deliver the offer" is the promise), so it is listed once.
 */
@Repository
public class DueItems {

    /** What kind of item; part of its calendar UID, so that a new due time moves the event. */
    public enum Kind {
        NEXT_STEP("next-step"), OFFER_PROMISE("offer-promise"), FOLLOW_UP("follow-up"), AFTER_SALES_CONTACT("after-sales");

        final String uid;

        Kind(String uid) {
            this.uid = uid;
        }
    }

    public record DueItem(String leadId, String company, String stage, Kind kind, String what, Instant dueAt, long version) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public DueItems(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<DueItem> of(String user) {
        List<DueItem> items = new ArrayList<>();
        jdbc.query("""
                select v.lead_id, v.stage, v.deadline_at, l.company_name, l.version, l.next_action, l.next_due_at as next_due,
                       (select f.action from lead_fact f where f.lead_id = v.lead_id and f.kind = 'AFTER_SALES'
                        order by f.occurred_ms desc, f.sequence desc fetch first 1 rows only) as after_sales_purpose,
                       (select f.due_at from lead_fact f where f.lead_id = v.lead_id and f.kind = 'AFTER_SALES'
                        order by f.occurred_ms desc, f.sequence desc fetch first 1 rows only) as after_sales_due,
                       (select r.due_at from follow_up_due r where r.lead_id = v.lead_id and r.visit_no = v.visit_no
                        and r.next_ms is null) as rhythm_due
                from stage_visit v join visit_lead l on l.lead_id = v.lead_id and l.visit_no = v.visit_no
                where v.stage not in ('LOST', 'DISQUALIFIED')
                  and l.owner = :user
                order by v.entered_ms, v.lead_id""", new MapSqlParameterSource("user", user), rs -> {
            String lead = rs.getString("lead_id");
            String company = rs.getString("company_name");
            String stage = rs.getString("stage");
            long version = rs.getLong("version");
            List<DueItem> mine = new ArrayList<>();
            Instant deadline = instant(rs.getObject("deadline_at", OffsetDateTime.class));
            if (deadline != null && stage.equals("OFFER_PREPARATION")) {
                mine.add(new DueItem(lead, company, stage, Kind.OFFER_PROMISE, "deliver the offer", deadline, version));
            }
            if (deadline != null && stage.equals("OFFER_SENT")) {
                mine.add(new DueItem(lead, company, stage, Kind.FOLLOW_UP, "follow up on the offer", deadline, version));
            }
            Instant rhythm = instant(rs.getObject("rhythm_due", OffsetDateTime.class));
            if (rhythm != null && stage.equals("FOLLOW_UP")) {
                mine.add(new DueItem(lead, company, stage, Kind.FOLLOW_UP, "next follow-up", rhythm, version));
            }
            Instant afterSales = instant(rs.getObject("after_sales_due", OffsetDateTime.class));
            if (afterSales != null && stage.equals("AFTER_SALES")) {
                mine.add(new DueItem(lead, company, stage, Kind.AFTER_SALES_CONTACT, rs.getString("after_sales_purpose"),
                        afterSales, version));
            }
            Instant next = instant(rs.getObject("next_due", OffsetDateTime.class));
            if (next != null && mine.stream().noneMatch(i -> i.dueAt().equals(next))) {
                mine.add(new DueItem(lead, company, stage, Kind.NEXT_STEP, rs.getString("next_action"), next, version));
            }
            items.addAll(mine);
        });
        return items;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
