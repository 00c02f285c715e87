package io.salespipeline.platform.web.bounds;

import io.salespipeline.events.Limits;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * A money amount every read model stores exactly ({@code numeric(19, 4)}): at most 15 digits before the
 * decimal point and 4 after it. Unlike {@code @Digits}, safe for any exponent a client can write
 * ({@code 1E+2147483647}). Null is valid.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, TYPE_USE})
@Constraint(validatedBy = SupportedAmount.Validator.class)
public @interface SupportedAmount {

    String message() default "must have " + Limits.AMOUNT_RANGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SupportedAmount, BigDecimal> {
        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            return value == null || Limits.isSupported(value);
        }
    }
}
