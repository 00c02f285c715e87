package io.salespipeline.command.lead.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.salespipeline.command.lead.http.LeadRequests.*;
import io.salespipeline.events.*;
import io.salespipeline.events.commands.*;
import io.salespipeline.platform.web.BadRequestException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The commands of an imported history ({@code POST /api/imports}): each one named as in API.md, with the
 * fields of its HTTP body, read into the same request body records as over HTTP ({@link LeadRequests}),
 * validated with the same Bean Validation constraints (a violation is the {@code 400} it is over HTTP) and
 * mapped to the same commands as {@link LeadCommandController} does. {@code occurredAt} is required here.
 */
@Component
public class ImportedCommands {

    /** How one command's body becomes the command, for the lead of the line. */
    private record Mapping<B>(Class<B> body, BiFunction<UUID, B, LeadCommand> toCommand) {
    }

    private static final Map<String, Mapping<?>> MAPPINGS = Map.ofEntries(
            Map.entry("RegisterLead", new Mapping<>(RegisterLeadBody.class, (id, b) -> {
                if (b.leadId() != null && !b.leadId().equals(id)) {
                    throw new BadRequestException("leadId", "the RegisterLead's leadId differs from the line's leadId");
                }
                // an imported lead names its owner; without one it is the importing user's (set by the importer)
                return new RegisterLead(new LeadId(id), b.company().toCompany(), b.contact().toContact(), b.source(),
                        Boolean.TRUE.equals(b.priorContact()), b.owner() != null && !b.owner().isBlank() ? b.owner() : null,
                        b.notes(), b.pipeline(), b.occurredAt());
            })),
            Map.entry("RecordFirstContact", new Mapping<>(FirstContactBody.class, (id, b) -> new RecordFirstContact(new LeadId(id),
                    b.channel(), b.decisionMakers(), b.needs(), b.competitors(), b.decisionExpectedBy(),
                    MoneyBody.toMoney(b.estimatedBudget(), "estimatedBudget"), b.nextContactAt(), b.occurredAt()))),
            Map.entry("QualifyLead", new Mapping<>(QualificationBody.class, (id, b) -> new QualifyLead(new LeadId(id),
                    b.estimatedValue().toMoney("estimatedValue"), b.proposedService(), b.offerPromisedBy(), b.occurredAt()))),
            Map.entry("DisqualifyLead", new Mapping<>(DisqualificationBody.class, (id, b) -> new DisqualifyLead(new LeadId(id),
                    b.reason(), b.details(), b.occurredAt()))),
            Map.entry("StartOfferPreparation", new Mapping<>(OfferPreparationBody.class, (id, b) ->
                    new StartOfferPreparation(new LeadId(id), b.promisedBy(), b.occurredAt()))),
            Map.entry("SendOffer", new Mapping<>(OfferBody.class, (id, b) -> new SendOffer(new LeadId(id), b.value().toMoney("value"),
                    b.description(), b.followUpDueAt(), b.followUpDelayReason(), b.occurredAt()))),
            Map.entry("ReviseOffer", new Mapping<>(OfferRevisionBody.class, (id, b) -> new ReviseOffer(new LeadId(id),
                    b.value().toMoney("value"), b.description(), b.occurredAt()))),
            Map.entry("RecordFollowUp", new Mapping<>(FollowUpBody.class, (id, b) -> new RecordFollowUp(new LeadId(id),
                    b.channel(), b.outcome(), b.notes(),
                    b.nextStep() == null ? null : new NextStep(b.nextStep().action(), b.nextStep().dueAt()),
                    b.nextFollowUpDueAt(), b.followUpDelayReason(), b.occurredAt()))),
            Map.entry("MarkWon", new Mapping<>(WonBody.class, (id, b) -> new MarkWon(new LeadId(id),
                    MoneyBody.toMoney(b.finalValue(), "finalValue"), b.notes(), b.occurredAt()))),
            Map.entry("MarkLost", new Mapping<>(LostBody.class, (id, b) -> new MarkLost(new LeadId(id), b.reason(), b.details(),
                    b.competitor(), b.occurredAt()))),
            Map.entry("StartAfterSales", new Mapping<>(AfterSalesBody.class, (id, b) -> new StartAfterSales(new LeadId(id),
                    b.accountManager(), b.nextContactAt(), b.purpose(), b.occurredAt()))),
            Map.entry("RecordAfterSalesContact", new Mapping<>(AfterSalesContactBody.class, (id, b) ->
                    new RecordAfterSalesContact(new LeadId(id), b.channel(), b.notes(), b.nextContactAt(), b.purpose(),
                            b.occurredAt()))),
            Map.entry("ReopenLead", new Mapping<>(ReopeningBody.class, (id, b) -> new ReopenLead(new LeadId(id), b.reason(),
                    b.stage(), b.occurredAt()))),
            Map.entry("ScheduleNextStep", new Mapping<>(ScheduleNextStepBody.class, (id, b) -> new ScheduleNextStep(new LeadId(id),
                    b.action(), b.dueAt(), b.occurredAt()))),
            Map.entry("ReassignLead", new Mapping<>(ReassignmentBody.class, (id, b) -> new ReassignLead(new LeadId(id), b.owner(),
                    b.occurredAt()))),
            Map.entry("UpdateContactDetails", new Mapping<>(ContactPatchBody.class, (id, b) -> new UpdateContactDetails(new LeadId(id),
                    b.contact() == null ? null : new Contact(b.contact().name(), b.contact().email(), b.contact().phone()),
                    b.company() == null ? null : new Company(b.company().name(), b.company().taxId(), b.company().address()),
                    b.occurredAt()))));

    private final ObjectMapper objectMapper;
    private final Validator validator;

    public ImportedCommands(ObjectMapper objectMapper, Validator validator) {
        this.objectMapper = objectMapper;
        this.validator = validator;
    }

    /** Whether {@code name} is a command an import may carry. */
    public static boolean isKnown(String name) {
        return name != null && MAPPINGS.containsKey(name);
    }

    /**
     * The command {@code node} describes for lead {@code id}, sent by {@code importingUser} (the owner of a
     * registration that names none).
     *
     * @throws InvalidImportedCommandException what over HTTP would be a {@code 400}: a field of the wrong type,
     *                                          a constraint of the body broken, {@code occurredAt} missing
     */
    public LeadCommand toCommand(UUID id, String name, JsonNode node, String importingUser) {
        Mapping<?> mapping = MAPPINGS.get(name);
        if (mapping == null) {
            throw new InvalidImportedCommandException("command", "unknown command '" + name + "'; one of "
                    + MAPPINGS.keySet().stream().sorted().toList());
        }
        JsonNode occurredAt = node.get("occurredAt");
        if (occurredAt == null || occurredAt.isNull()) {
            throw new InvalidImportedCommandException("occurredAt", "occurredAt is required on every imported command");
        }
        LeadCommand command = map(mapping, id, node);
        if (command instanceof RegisterLead r && r.owner() == null) {
            // as over HTTP: the owner defaults to the caller
            return new RegisterLead(r.leadId(), r.company(), r.contact(), r.source(), r.priorContact(), importingUser,
                    r.notes(), r.pipeline(), r.occurredAt());
        }
        return command;
    }

    private <B> LeadCommand map(Mapping<B> mapping, UUID id, JsonNode node) {
        B body;
        try {
            // "command" is no field of any body: ignored like any unknown property, as over HTTP
            body = objectMapper.treeToValue(node, mapping.body());
        } catch (InvalidFormatException e) {
            throw new InvalidImportedCommandException(path(e), "invalid value " + e.getValue() + " for " + path(e));
        } catch (MismatchedInputException e) {
            throw new InvalidImportedCommandException(path(e), "malformed value for " + path(e));
        } catch (JsonProcessingException e) {
            throw new InvalidImportedCommandException("body", "malformed command: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidImportedCommandException("body", "malformed command: " + e.getMessage());
        }
        Set<ConstraintViolation<B>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            ConstraintViolation<B> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            throw new InvalidImportedCommandException(first.getPropertyPath().toString(), violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        try {
            return mapping.toCommand().apply(id, body);
        } catch (BadRequestException e) {
            throw new InvalidImportedCommandException("body", e.getMessage());
        }
    }

    private static String path(MismatchedInputException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path;
    }

    /** What over HTTP would be a 400 for this command's body. */
    public static class InvalidImportedCommandException extends RuntimeException {

        private final String field;

        public InvalidImportedCommandException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
