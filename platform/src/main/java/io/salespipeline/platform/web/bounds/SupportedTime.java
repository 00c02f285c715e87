package io.salespipeline.platform.web.bounds;

import io.salespipeline.events.Limits;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.LocalDate;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * An instant or a date within {@link Limits}' range (1970 to 9999), which every read model stores and
 * every computation on it (epoch milliseconds, months) handles. Null is valid.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = {SupportedTime.InstantValidator.class, SupportedTime.DateValidator.class})
public @interface SupportedTime {

    String message() default "must be " + Limits.TIME_RANGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class InstantValidator implements ConstraintValidator<SupportedTime, Instant> {
        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || Limits.isSupported(value);
        }
    }

    class DateValidator implements ConstraintValidator<SupportedTime, LocalDate> {
        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            if (value == null || Limits.isSupported(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be " + Limits.DATE_RANGE).addConstraintViolation();
            return false;
        }
    }
}
