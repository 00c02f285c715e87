package io.salespipeline.platform.web.bounds;

import io.salespipeline.events.Limits;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.format.datetime.standard.InstantFormatter;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Instants and dates in request parameters and paths ({@code at}, {@code from}, {@code to}) are parsed
 * as usual and must lie in {@link Limits}' range: a year far away would overflow the epoch
 * milliseconds the queries compute with. Out of range is a {@code 400} like any malformed value.
 */
@Component
public class BoundedParameters implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new BoundedInstants());
        registry.addFormatterForFieldType(LocalDate.class, new BoundedDates());
    }

    static final class BoundedInstants implements Formatter<Instant> {
        private final InstantFormatter iso = new InstantFormatter();

        @Override
        public Instant parse(String text, Locale locale) throws ParseException {
            Instant instant = iso.parse(text, locale);
            if (!Limits.isSupported(instant)) {
                throw new IllegalArgumentException("must be " + Limits.TIME_RANGE);
            }
            return instant;
        }

        @Override
        public String print(Instant object, Locale locale) {
            return iso.print(object, locale);
        }
    }

    static final class BoundedDates implements Formatter<LocalDate> {
        @Override
        public LocalDate parse(String text, Locale locale) throws ParseException {
            try {
                LocalDate date = LocalDate.parse(text.trim());
                if (!Limits.isSupported(date)) {
                    throw new IllegalArgumentException("must be " + Limits.DATE_RANGE);
                }
                return date;
            } catch (DateTimeParseException e) {
                throw new ParseException("not an ISO-8601 date", 0);
            }
        }

        @Override
        public String print(LocalDate object, Locale locale) {
            return object.toString();
        }
    }
}
