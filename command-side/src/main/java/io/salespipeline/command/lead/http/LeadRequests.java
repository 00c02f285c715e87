package io.salespipeline.command.lead.http;

import io.salespipeline.events.*;
import io.salespipeline.platform.web.BadRequestException;
import io.salespipeline.platform.web.bounds.SupportedAmount;
import io.salespipeline.platform.web.bounds.SupportedTime;
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

import static io.salespipeline.events.Limits.*;

/**
 * HTTP request bodies of the command side, validated with Bean Validation; the controller maps them to
 * the published commands. {@code occurredAt} is optional everywhere (business time; default now). Every
 * value is bounded by {@link Limits} (times 1970..9999, amounts that {@code numeric(19, 4)} stores,
 * texts and lists as long as the read models keep them); the Lead aggregate checks the same bounds.
 */
public final class LeadRequests {

    private LeadRequests() {
    }

    public record MoneyBody(@NotNull @PositiveOrZero @SupportedAmount BigDecimal amount,
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

    public record CompanyBody(@NotBlank @Size(max = COMPANY_NAME) String name, @Size(max = TAX_ID) String taxId,
                              @Size(max = ADDRESS) String address) {
        Company toCompany() {
            return new Company(name, taxId, address);
        }
    }

    public record ContactBody(@NotBlank @Size(max = PERSON_NAME) String name, @Email @Size(max = EMAIL) String email,
                              @Size(max = PHONE) String phone) {
        Contact toContact() {
            return new Contact(name, email, phone);
        }
    }

    public record RegisterLeadBody(UUID leadId, @NotNull @Valid CompanyBody company, @NotNull @Valid ContactBody contact,
                                   @NotNull LeadSource source, Boolean priorContact, @Size(max = USER_NAME) String owner,
                                   @Size(max = LONG_TEXT) String notes, @Size(max = PIPELINE_KEY) String pipeline,
                                   @SupportedTime Instant occurredAt) {
    }

    public record FirstContactBody(@NotNull ContactChannel channel,
                                   @Size(max = LIST_ITEMS) List<@NotBlank @Size(max = PERSON_NAME) String> decisionMakers,
                                   @Size(max = LONG_TEXT) String needs,
                                   @Size(max = LIST_ITEMS) List<@NotBlank @Size(max = COMPANY_NAME) String> competitors,
                                   @SupportedTime LocalDate decisionExpectedBy, @Valid MoneyBody estimatedBudget,
                                   @NotNull @SupportedTime Instant nextContactAt, @SupportedTime Instant occurredAt) {
    }

    public record QualificationBody(@NotNull @Valid MoneyBody estimatedValue,
                                    @NotBlank @Size(max = MEDIUM_TEXT) String proposedService,
                                    @SupportedTime Instant offerPromisedBy, @SupportedTime Instant occurredAt) {
    }

    public record DisqualificationBody(@NotNull DisqualificationReason reason, @Size(max = LONG_TEXT) String details,
                                       @SupportedTime Instant occurredAt) {
    }

    public record OfferPreparationBody(@SupportedTime Instant promisedBy, @SupportedTime Instant occurredAt) {
    }

    public record OfferBody(@NotNull @Valid MoneyBody value, @NotBlank @Size(max = LONG_TEXT) String description,
                            @SupportedTime Instant followUpDueAt, @Size(max = MEDIUM_TEXT) String followUpDelayReason,
                            @SupportedTime Instant occurredAt) {
    }

    public record OfferRevisionBody(@NotNull @Valid MoneyBody value, @Size(max = LONG_TEXT) String description,
                                    @SupportedTime Instant occurredAt) {
    }

    public record NextStepBody(@NotBlank @Size(max = SHORT_TEXT) String action, @NotNull @SupportedTime Instant dueAt) {
    }

    public record FollowUpBody(@NotNull ContactChannel channel, @NotNull FollowUpOutcome outcome,
                               @Size(max = LONG_TEXT) String notes, @Valid NextStepBody nextStep,
                               @SupportedTime Instant nextFollowUpDueAt, @Size(max = MEDIUM_TEXT) String followUpDelayReason,
                               @SupportedTime Instant occurredAt) {
    }

    public record AfterSalesContactBody(@NotNull ContactChannel channel, @Size(max = LONG_TEXT) String notes,
                                        @NotNull @SupportedTime Instant nextContactAt,
                                        @NotBlank @Size(max = MEDIUM_TEXT) String purpose, @SupportedTime Instant occurredAt) {
    }

    public record WonBody(@Valid MoneyBody finalValue, @Size(max = LONG_TEXT) String notes, @SupportedTime Instant occurredAt) {
    }

    public record LostBody(@NotNull LostReason reason, @Size(max = LONG_TEXT) String details,
                           @Size(max = COMPANY_NAME) String competitor, @SupportedTime Instant occurredAt) {
    }

    public record AfterSalesBody(@NotBlank @Size(max = USER_NAME) String accountManager,
                                 @NotNull @SupportedTime Instant nextContactAt,
                                 @NotBlank @Size(max = MEDIUM_TEXT) String purpose, @SupportedTime Instant occurredAt) {
    }

    public record ReopeningBody(@NotBlank @Size(max = MEDIUM_TEXT) String reason, Stage stage,
                                @SupportedTime Instant occurredAt) {
    }

    public record ScheduleNextStepBody(@NotBlank @Size(max = SHORT_TEXT) String action,
                                       @NotNull @SupportedTime Instant dueAt, @SupportedTime Instant occurredAt) {
    }

    public record ReassignmentBody(@NotBlank @Size(max = USER_NAME) String owner, @SupportedTime Instant occurredAt) {
    }

    /** Only the fields present change. */
    public record ContactPatchBody(@Valid ContactPatch contact, @Valid CompanyPatch company,
                                   @SupportedTime Instant occurredAt) {
    }

    public record ContactPatch(@Size(min = 1, max = PERSON_NAME) String name, @Email @Size(max = EMAIL) String email,
                               @Size(max = PHONE) String phone) {
    }

    public record CompanyPatch(@Size(min = 1, max = COMPANY_NAME) String name, @Size(max = TAX_ID) String taxId,
                               @Size(max = ADDRESS) String address) {
    }
}
