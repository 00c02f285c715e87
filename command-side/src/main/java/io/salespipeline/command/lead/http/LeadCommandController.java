package io.salespipeline.command.lead.http;

import io.salespipeline.command.lead.LeadCommandResult;
import io.salespipeline.command.lead.http.LeadRequests.*;
import io.salespipeline.events.*;
import io.salespipeline.events.commands.*;
import io.salespipeline.platform.web.ApiAnswers;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.*;

import java.util.UUID;

/** The commands of API.md over HTTP. It only maps requests to commands; {@link LeadCommandSender} sends them. */
@RestController
@RequestMapping("/api/leads")
public class LeadCommandController {

    private static final String KEY = "Idempotency-Key";
    private static final String IF_MATCH = "If-Match";

    private final LeadCommandSender sender;

    public LeadCommandController(LeadCommandSender sender) {
        this.sender = sender;
    }

    @ApiAnswers(status = 201, headers = {"ETag", "Location"}, problems = {406, 409, 413, 415, 422})
    @PostMapping
    public ResponseEntity<LeadCommandResult> register(@Valid @RequestBody RegisterLeadBody body,
                                                      @RequestHeader(value = KEY, required = false) String key,
                                                      Authentication caller) {
        LeadId id = body.leadId() != null ? new LeadId(body.leadId()) : LeadId.newId();
        String owner = body.owner() != null && !body.owner().isBlank() ? body.owner() : caller.getName();
        RegisterLead command = new RegisterLead(id, body.company().toCompany(), body.contact().toContact(), body.source(),
                Boolean.TRUE.equals(body.priorContact()), owner, body.notes(), body.pipeline(), body.occurredAt());
        return sender.send(command, new SendOptions(body, "POST /api/leads", key, null, HttpStatus.CREATED), caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/first-contact")
    public ResponseEntity<LeadCommandResult> firstContact(@PathVariable UUID id, @Valid @RequestBody FirstContactBody body,
                                                          @RequestHeader(value = KEY, required = false) String key,
                                                          @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                          Authentication caller) {
        return send(new RecordFirstContact(new LeadId(id), body.channel(), body.decisionMakers(), body.needs(),
                body.competitors(), body.decisionExpectedBy(), MoneyBody.toMoney(body.estimatedBudget(), "estimatedBudget"),
                body.nextContactAt(), body.occurredAt()), body, "first-contact", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/qualification")
    public ResponseEntity<LeadCommandResult> qualify(@PathVariable UUID id, @Valid @RequestBody QualificationBody body,
                                                     @RequestHeader(value = KEY, required = false) String key,
                                                     @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                     Authentication caller) {
        return send(new QualifyLead(new LeadId(id), body.estimatedValue().toMoney("estimatedValue"), body.proposedService(),
                body.offerPromisedBy(), body.occurredAt()), body, "qualification", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/disqualification")
    public ResponseEntity<LeadCommandResult> disqualify(@PathVariable UUID id, @Valid @RequestBody DisqualificationBody body,
                                                        @RequestHeader(value = KEY, required = false) String key,
                                                        @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                        Authentication caller) {
        return send(new DisqualifyLead(new LeadId(id), body.reason(), body.details(), body.occurredAt()),
                body, "disqualification", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/offer-preparation")
    public ResponseEntity<LeadCommandResult> startOfferPreparation(@PathVariable UUID id,
                                                                   @Valid @RequestBody(required = false) OfferPreparationBody body,
                                                                   @RequestHeader(value = KEY, required = false) String key,
                                                                   @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                                   Authentication caller) {
        OfferPreparationBody b = body != null ? body : new OfferPreparationBody(null, null);
        return send(new StartOfferPreparation(new LeadId(id), b.promisedBy(), b.occurredAt()),
                b, "offer-preparation", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/offer")
    public ResponseEntity<LeadCommandResult> sendOffer(@PathVariable UUID id, @Valid @RequestBody OfferBody body,
                                                       @RequestHeader(value = KEY, required = false) String key,
                                                       @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                       Authentication caller) {
        return send(new SendOffer(new LeadId(id), body.value().toMoney("value"), body.description(), body.followUpDueAt(),
                body.followUpDelayReason(), body.occurredAt()), body, "offer", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/offer-revisions")
    public ResponseEntity<LeadCommandResult> reviseOffer(@PathVariable UUID id, @Valid @RequestBody OfferRevisionBody body,
                                                         @RequestHeader(value = KEY, required = false) String key,
                                                         @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                         Authentication caller) {
        return send(new ReviseOffer(new LeadId(id), body.value().toMoney("value"), body.description(), body.occurredAt()),
                body, "offer-revisions", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/follow-ups")
    public ResponseEntity<LeadCommandResult> followUp(@PathVariable UUID id, @Valid @RequestBody FollowUpBody body,
                                                      @RequestHeader(value = KEY, required = false) String key,
                                                      @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                      Authentication caller) {
        NextStep next = body.nextStep() == null ? null : new NextStep(body.nextStep().action(), body.nextStep().dueAt());
        return send(new RecordFollowUp(new LeadId(id), body.channel(), body.outcome(), body.notes(), next,
                body.nextFollowUpDueAt(), body.followUpDelayReason(), body.occurredAt()), body, "follow-ups", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/won")
    public ResponseEntity<LeadCommandResult> won(@PathVariable UUID id, @Valid @RequestBody(required = false) WonBody body,
                                                 @RequestHeader(value = KEY, required = false) String key,
                                                 @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                 Authentication caller) {
        WonBody b = body != null ? body : new WonBody(null, null, null);
        return send(new MarkWon(new LeadId(id), MoneyBody.toMoney(b.finalValue(), "finalValue"), b.notes(), b.occurredAt()),
                b, "won", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/lost")
    public ResponseEntity<LeadCommandResult> lost(@PathVariable UUID id, @Valid @RequestBody LostBody body,
                                                  @RequestHeader(value = KEY, required = false) String key,
                                                  @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                  Authentication caller) {
        return send(new MarkLost(new LeadId(id), body.reason(), body.details(), body.competitor(), body.occurredAt()),
                body, "lost", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/after-sales")
    public ResponseEntity<LeadCommandResult> afterSales(@PathVariable UUID id, @Valid @RequestBody AfterSalesBody body,
                                                        @RequestHeader(value = KEY, required = false) String key,
                                                        @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                        Authentication caller) {
        return send(new StartAfterSales(new LeadId(id), body.accountManager(), body.nextContactAt(), body.purpose(),
                body.occurredAt()), body, "after-sales", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/after-sales/contacts")
    public ResponseEntity<LeadCommandResult> afterSalesContact(@PathVariable UUID id, @Valid @RequestBody AfterSalesContactBody body,
                                                               @RequestHeader(value = KEY, required = false) String key,
                                                               @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                               Authentication caller) {
        return send(new RecordAfterSalesContact(new LeadId(id), body.channel(), body.notes(), body.nextContactAt(),
                body.purpose(), body.occurredAt()), body, "after-sales/contacts", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/reopening")
    public ResponseEntity<LeadCommandResult> reopen(@PathVariable UUID id, @Valid @RequestBody ReopeningBody body,
                                                    @RequestHeader(value = KEY, required = false) String key,
                                                    @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                    Authentication caller) {
        return send(new ReopenLead(new LeadId(id), body.reason(), body.stage(), body.occurredAt()),
                body, "reopening", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/next-step")
    public ResponseEntity<LeadCommandResult> scheduleNextStep(@PathVariable UUID id, @Valid @RequestBody ScheduleNextStepBody body,
                                                              @RequestHeader(value = KEY, required = false) String key,
                                                              @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                              Authentication caller) {
        return send(new ScheduleNextStep(new LeadId(id), body.action(), body.dueAt(), body.occurredAt()),
                body, "next-step", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PostMapping("/{id}/owner")
    public ResponseEntity<LeadCommandResult> reassign(@PathVariable UUID id, @Valid @RequestBody ReassignmentBody body,
                                                      @RequestHeader(value = KEY, required = false) String key,
                                                      @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                      Authentication caller) {
        return send(new ReassignLead(new LeadId(id), body.owner(), body.occurredAt()), body, "owner", id, key, ifMatch, caller);
    }

    @ApiAnswers(headers = "ETag", problems = {404, 406, 409, 412, 413, 415, 422})
    @PatchMapping("/{id}/contact")
    public ResponseEntity<LeadCommandResult> updateContact(@PathVariable UUID id, @Valid @RequestBody ContactPatchBody body,
                                                           @RequestHeader(value = KEY, required = false) String key,
                                                           @RequestHeader(value = IF_MATCH, required = false) String ifMatch,
                                                           Authentication caller) {
        Contact contact = body.contact() == null ? null
                : new Contact(body.contact().name(), body.contact().email(), body.contact().phone());
        Company company = body.company() == null ? null
                : new Company(body.company().name(), body.company().taxId(), body.company().address());
        return send(new UpdateContactDetails(new LeadId(id), contact, company, body.occurredAt()),
                body, "contact", id, key, ifMatch, caller);
    }

    private ResponseEntity<LeadCommandResult> send(LeadCommand command, Object body, String action, UUID id, String key,
                                                   String ifMatch, Authentication caller) {
        return sender.send(command, new SendOptions(body, "/api/leads/" + id + "/" + action, key, ifMatch, HttpStatus.OK),
                caller);
    }
}
