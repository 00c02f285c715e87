package io.salespipeline.query.calendar;

import io.salespipeline.query.readyourwrites.ReadsFrom;
import io.salespipeline.query.visits.StageVisitProjection;
import io.salespipeline.platform.web.ApiAnswers;
import io.salespipeline.platform.web.Problems;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.salespipeline.query.web.Callers;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.FluentCalendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;

/**
 * Rule 9, "set a reminder and put it in the calendar": every due item of the leads a user owns as an RFC 5545
 * calendar (written with ical4j). Each item is one {@code VEVENT} whose {@code UID} is the lead and the kind
 * of item, so a new due time moves the event in a subscribed calendar instead of adding another;
 * {@code SEQUENCE} is the lead's version. A secret URL serves calendar apps that cannot send credentials.
 */
@RestController
@ReadsFrom(StageVisitProjection.PROCESSING_GROUP)
public class CalendarController {

    static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final DueItems dueItems;
    private final FeedTokens tokens;

    public CalendarController(DueItems dueItems, FeedTokens tokens) {
        this.dueItems = dueItems;
        this.tokens = tokens;
    }

    /**
     * @param url   the secret feed's path, {@code /api/calendar/{token}.ics}
     * @param token the secret in it
     */
    public record FeedToken(String url, String token) {
    }

    private static final String ICS = "text/calendar";

    /** The caller's items; managers, analysts and admins may ask for any {@code user}'s. */
    @ApiResponse(responseCode = "200", content = @Content(mediaType = ICS, schema = @Schema(type = "string",
            description = "an RFC 5545 calendar, one VEVENT per due item")))
    @GetMapping("/api/calendar.ics")
    public ResponseEntity<String> calendar(@RequestParam(required = false) String user, Authentication caller) {
        String restricted = Callers.restrictedOwner(caller);
        String whose = user == null || user.isBlank() ? caller.getName() : user.trim();
        if (restricted != null && !restricted.equals(whose)) {
            throw new OthersCalendar();
        }
        return feed(whose);
    }

    @ExceptionHandler(OthersCalendar.class)
    ResponseEntity<ProblemDetail> othersCalendar() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "a sales rep reads their own calendar only"));
    }

    @ExceptionHandler(UnknownFeed.class)
    ResponseEntity<ProblemDetail> unknownFeed() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(notFound());
    }

    static class OthersCalendar extends RuntimeException {
    }

    static class UnknownFeed extends RuntimeException {
    }

    @ApiAnswers(status = 201, headers = "Location")
    @PostMapping("/api/calendar/feed-token")
    public ResponseEntity<FeedToken> issue(Authentication caller) {
        String token = tokens.issue(caller.getName());
        String url = "/api/calendar/" + token + ".ics";
        return ResponseEntity.created(URI.create(url)).body(new FeedToken(url, token));
    }

    @ApiAnswers(status = 204)
    @DeleteMapping("/api/calendar/feed-token")
    public ResponseEntity<Void> revoke(Authentication caller) {
        tokens.revoke(caller.getName());
        return ResponseEntity.noContent().build();
    }

    /** The calendar of the user the token was issued to; a revoked or unknown token is 404. */
    @ApiAnswers(problems = 404)
    @ApiResponse(responseCode = "200", content = @Content(mediaType = ICS, schema = @Schema(type = "string",
            description = "an RFC 5545 calendar, one VEVENT per due item")))
    @GetMapping("/api/calendar/{token}.ics")
    public ResponseEntity<String> byToken(@PathVariable String token) {
        return feed(tokens.user(token).orElseThrow(UnknownFeed::new));
    }

    private static ProblemDetail notFound() {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-feed", "Unknown feed", "no calendar feed at this URL (revoked?)");
    }

    private ResponseEntity<String> feed(String user) {
        FluentCalendar calendar = new Calendar().withProdId("-//sales-pipeline//due items//EN").withDefaults();
        for (DueItems.DueItem item : dueItems.of(user)) {
            VEvent event = new VEvent(item.dueAt(), Duration.ofMinutes(30), item.company() + ": " + item.what());
            event.add(new Uid(item.kind().uid + "-" + item.leadId() + "@sales-pipeline"));
            event.add(new Sequence((int) Math.min(Integer.MAX_VALUE, item.version())));
            event.add(new Description("Lead " + item.leadId() + " (" + item.company() + ", " + item.stage() + "): "
                    + item.what()));
            calendar = calendar.withComponent(event);
        }
        StringWriter out = new StringWriter();
        try {
            // no validation: an empty calendar (nothing due) is still a useful answer
            new CalendarOutputter(false).output(calendar.getFluentTarget(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).body(out.toString());
    }
}
