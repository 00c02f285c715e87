package io.salespipeline.command.lead.http;

import io.salespipeline.events.*;
import io.salespipeline.platform.web.BadRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * HTTP request bodies of the command side, validated with Bean Validation; the controller maps them to
 * the published commands. {@code occurredAt} is optional everywhere (business time; default now).
 */
public final class LeadRequests {

    private LeadRequests() {
    }

    public record MoneyBody(@NotNull @PositiveOrZero BigDecimal amount,
                            @NotBlank @Pattern(regexp = "[A-Za-z]{3}", message = "must be an ISO 4217 code") String currency) {
        Money toMoney(String field) {
            try {
                return new Money(amount, currency);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(field + ".currency", e.getMessage());
            }
        }

        static Money toMoney(MoneyBody body, String field) {
            return body == null ? null : body.toMoney(field);
        }
    }

    public record CompanyBody(@NotBlank @Size(max = 300) String name, @Size(max = 50) String taxId,
                              @Size(max = 500) String address) {
        Company toCompany() {
            return new Company(name, taxId, address);
        }
    }

    public record ContactBody(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email,
                              @Size(max = 50) String phone) {
        Contact toContact() {
            return new Contact(name, email, phone);
        }
    }

    public record RegisterLeadBody(UUID leadId, @NotNull @Valid CompanyBody company, @NotNull @Valid ContactBody contact,
                                   @NotNull LeadSource source, Boolean priorContact, @Size(max = 100) String owner,
                                   @Size(max = 4000) String notes, @Size(max = 50) String pipeline, Instant occurredAt) {
    }

    public record FirstContactBody(@NotNull ContactChannel channel, List<@NotBlank String> decisionMakers,
                                   @Size(max = 4000) String needs, List<@NotBlank String> competitors,
                                   LocalDate decisionExpectedBy, @Valid MoneyBody estimatedBudget,
                                   @NotNull Instant nextContactAt, Instant occurredAt) {
    }

    public record QualificationBody(@NotNull @Valid MoneyBody estimatedValue, @NotBlank String proposedService,
                                    Instant offerPromisedBy, Instant occurredAt) {
    }

    public record DisqualificationBody(@NotNull DisqualificationReason reason, @Size(max = 4000) String details,
                                       Instant occurredAt) {
    }

    public record OfferPreparationBody(Instant promisedBy, Instant occurredAt) {
    }

    public record OfferBody(@NotNull @Valid MoneyBody value, @NotBlank @Size(max = 4000) String description,
                            Instant followUpDueAt, @Size(max = 1000) String followUpDelayReason, Instant occurredAt) {
    }

    public record OfferRevisionBody(@NotNull @Valid MoneyBody value, @Size(max = 4000) String description,
                                    Instant occurredAt) {
    }

    public record NextStepBody(@NotBlank @Size(max = 500) String action, @NotNull Instant dueAt) {
    }

    public record FollowUpBody(@NotNull ContactChannel channel, @NotNull FollowUpOutcome outcome,
                               @Size(max = 4000) String notes, @Valid NextStepBody nextStep, Instant nextFollowUpDueAt,
                               @Size(max = 1000) String followUpDelayReason, Instant occurredAt) {
    }

    public record AfterSalesContactBody(@NotNull ContactChannel channel, @Size(max = 4000) String notes,
                                        @NotNull Instant nextContactAt, @NotBlank @Size(max = 1000) String purpose,
                                        Instant occurredAt) {
    }

    public record WonBody(@Valid MoneyBody finalValue, @Size(max = 4000) String notes, Instant occurredAt) {
    }

    public record LostBody(@NotNull LostReason reason, @Size(max = 4000) String details,
                           @Size(max = 300) String competitor, Instant occurredAt) {
    }

    public record AfterSalesBody(@NotBlank @Size(max = 100) String accountManager, @NotNull Instant nextContactAt,
                                 @NotBlank @Size(max = 1000) String purpose, Instant occurredAt) {
    }

    public record ReopeningBody(@NotBlank @Size(max = 1000) String reason, Stage stage, Instant occurredAt) {
    }

    public record ScheduleNextStepBody(@NotBlank @Size(max = 500) String action, @NotNull Instant dueAt,
                                       Instant occurredAt) {
    }

    public record ReassignmentBody(@NotBlank @Size(max = 100) String owner, Instant occurredAt) {
    }

    /** Only the fields present change. */
    public record ContactPatchBody(@Valid ContactPatch contact, @Valid CompanyPatch company, Instant occurredAt) {
    }

    public record ContactPatch(@Size(min = 1, max = 200) String name, @Email @Size(max = 320) String email,
                               @Size(max = 50) String phone) {
    }

    public record CompanyPatch(@Size(min = 1, max = 300) String name, @Size(max = 50) String taxId,
                               @Size(max = 500) String address) {
    }
}
