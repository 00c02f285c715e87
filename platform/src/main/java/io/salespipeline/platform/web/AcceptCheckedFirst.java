package io.salespipeline.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * A request that changes something ({@code POST}, {@code PUT}, {@code PATCH}) and whose {@code Accept}
 * rules out JSON is refused with {@code 406} before it acts. Spring MVC would otherwise carry out the
 * command and only then find it cannot write the answer: a {@code 406} for a command that was recorded.
 */
@Component
public class AcceptCheckedFirst implements HandlerInterceptor, WebMvcConfigurer {

    private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON);

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        String method = request.getMethod();
        String accept = request.getHeader("Accept");
        if (!(handler instanceof HandlerMethod) || accept == null || accept.isBlank()
                || !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            return true;
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("the Accept header is not valid: " + e.getMessage());
        }
        if (acceptable.stream().anyMatch(type -> type.getQualityValue() > 0 && type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
            return true;
        }
        throw new HttpMediaTypeNotAcceptableException(ANSWERS);
    }
}
