package io.salespipeline.command.lead;

import io.salespipeline.events.Limits;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

import static java.util.Map.entry;

/**
 * Checks every value a command carries against {@link Limits} before the aggregate decides on it:
 * instants and dates within 1970..9999, amounts that {@code numeric(19, 4)} stores exactly, texts and
 * lists no longer than the read models keep. It walks the command record (and the records inside it),
 * so a command added later is covered without a line here; the narrower text columns are named below by
 * the field's path. Whatever way a command comes in (HTTP, an import), nothing accepted can make a
 * projection fail.
 */
final class CommandLimits {

    /** Texts stored in narrower columns than {@link Limits#LONG_TEXT}, by path ({@code []}: any element). */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            entry("owner", Limits.USER_NAME),
            entry("accountManager", Limits.USER_NAME),
            entry("company.name", Limits.COMPANY_NAME),
            entry("company.taxId", Limits.TAX_ID),
            entry("company.address", Limits.ADDRESS),
            entry("contact.name", Limits.PERSON_NAME),
            entry("contact.email", Limits.EMAIL),
            entry("contact.phone", Limits.PHONE),
            entry("decisionMakers[]", Limits.PERSON_NAME),
            entry("competitors[]", Limits.COMPANY_NAME),
            entry("competitor", Limits.COMPANY_NAME),
            entry("proposedService", Limits.MEDIUM_TEXT),
            entry("followUpDelayReason", Limits.MEDIUM_TEXT),
            entry("purpose", Limits.MEDIUM_TEXT),
            entry("reason", Limits.MEDIUM_TEXT),
            entry("action", Limits.SHORT_TEXT),
            entry("nextStep.action", Limits.SHORT_TEXT));

    private static final int MAX_DEPTH = 8;

    private CommandLimits() {
    }

    /** @throws InvalidCommandException naming the first value out of bounds */
    static void check(Object command) {
        if (command != null && command.getClass().isRecord()) {
            components(command, "", 0);
        }
    }

    /** Who sent a command is stored with its events, in a column as wide as a user name. */
    static void checkActor(Actor actor) {
        if (actor != null && actor.user().length() > Limits.USER_NAME) {
            throw new InvalidCommandException("user", "a user name longer than " + Limits.USER_NAME
                    + " characters cannot send commands");
        }
    }

    /** Each record type's components, read once (the reflective call copies them on every call). */
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("\\[\\d+]");

    private static void components(Object record, String prefix, int depth) {
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            value(read(component, record), prefix + component.getName(), depth);
        }
    }

    private static void value(Object value, String path, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return;
        }
        if (value instanceof String text) {
            int max = LENGTHS.getOrDefault(path.indexOf('[') < 0 ? path : INDEX.matcher(path).replaceAll("[]"), Limits.LONG_TEXT);
            require(text.length() <= max, path, "must be at most " + max + " characters");
        } else if (value instanceof Instant instant) {
            require(Limits.isSupported(instant), path, "must be " + Limits.TIME_RANGE);
        } else if (value instanceof LocalDate date) {
            require(Limits.isSupported(date), path, "must be " + Limits.DATE_RANGE);
        } else if (value instanceof BigDecimal amount) {
            require(Limits.isSupported(amount), path, "must have " + Limits.AMOUNT_RANGE);
        } else if (value instanceof Collection<?> items) {
            require(items.size() <= Limits.LIST_ITEMS, path, "must have at most " + Limits.LIST_ITEMS + " entries");
            int i = 0;
            for (Object item : items) {
                value(item, path + "[" + i++ + "]", depth + 1);
            }
        } else if (value.getClass().isRecord()) {
            components(value, path + ".", depth + 1);
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidCommandException(field, field + " " + message);
        }
    }
}
