package dev.verity.api.v2;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.verity.onboarding.OnboardingException;
import dev.verity.onboarding.Validation;
import dev.verity.verification.DestinationRefusedException;
import dev.verity.verification.BudgetSpentException;
import dev.verity.shared.RequestBodyTooLargeException;
import dev.verity.token.InvalidTokenException;

/** The single place where v2 turns outcomes into Verifik's error bodies. */
@RestControllerAdvice(basePackageClasses = V2ErrorHandler.class)
class V2ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(V2ErrorHandler.class);

    @ExceptionHandler(MissingParameterException.class)
    ResponseEntity<V2Error> missing(MissingParameterException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new V2Error("MissingParameter", e.message()));
    }

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<V2Error> invalidToken() {
        return V2Error.of(HttpStatus.UNAUTHORIZED, "invalid_token");
    }

    @ExceptionHandler(OnboardingException.class)
    ResponseEntity<V2Error> onboarding(OnboardingException e) {
        String kind = e.kind() == Validation.Kind.PHONE ? "phone" : "email";
        return switch (e.reason()) {
            case PROJECT_NOT_FOUND -> V2Error.of(HttpStatus.NOT_FOUND, "project_not_found");
            case FLOW_NOT_FOUND -> V2Error.of(HttpStatus.NOT_FOUND, "projectFlow_not_found");
            case REGISTRATION_NOT_FOUND -> V2Error.of(HttpStatus.NOT_FOUND, "AppRegistration_not_found");
            case VALIDATION_NOT_FOUND -> V2Error.of(HttpStatus.NOT_FOUND, kind + "_validation_not_found");
            case VALIDATION_EXPIRED -> V2Error.of(HttpStatus.PRECONDITION_FAILED, kind + "Validation_has_expired");
            case OTP_MISMATCH -> V2Error.of(HttpStatus.FORBIDDEN, "otp_does_not_match");
            case TOO_MANY_ATTEMPTS -> V2Error.of(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts");
            case SIGN_UP_NOT_PASSED -> V2Error.of(HttpStatus.CONFLICT, "Conflict", "signUpForm_validation_not_passed");
            case AUTHENTICATION_REQUIRED -> V2Error.of(HttpStatus.UNAUTHORIZED, "authentication_required");
            case COUNTRY_NOT_ALLOWED -> V2Error.of(HttpStatus.FORBIDDEN, "country_not_allowed");
            case GATEWAY_DISABLED -> V2Error.of(HttpStatus.CONFLICT, "Conflict", kind + "Gateway_disabled");
            case INVALID_STEP -> V2Error.of(HttpStatus.CONFLICT, "Conflict", "invalid_step");
            case INVALID_STATUS -> V2Error.of(HttpStatus.CONFLICT, "Conflict", "invalid_status");
            case REGISTRATION_FINISHED -> V2Error.of(HttpStatus.CONFLICT, "Conflict", "AppRegistration_already_finished");
        };
    }

    @ExceptionHandler(BudgetSpentException.class)
    ResponseEntity<V2Error> rateLimited(BudgetSpentException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(new V2Error("too_many_requests", "429:too_many_requests"));
    }

    @ExceptionHandler(DestinationRefusedException.class)
    ResponseEntity<V2Error> destinationNotAllowed() {
        return V2Error.of(HttpStatus.FORBIDDEN, "destination_not_allowed");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<V2Error> unreadable(HttpMessageNotReadableException e) {
        if (RequestBodyTooLargeException.isCauseOf(e)) {
            return V2Error.of(HttpStatus.CONTENT_TOO_LARGE);
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new V2Error("MissingParameter", "invalid body"));
    }

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class})
    ResponseEntity<V2Error> databaseUnavailable(Exception e) {
        log.warn("Database unavailable: {}", e.getClass().getSimpleName());
        return V2Error.of(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<V2Error> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            return V2Error.of(HttpStatus.valueOf(known.getStatusCode().value()));
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return V2Error.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error");
    }
}
