package dev.verity.api.v1;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import dev.verity.profile.AddressAlreadyVerifiedException;
import dev.verity.profile.ContactKind;
import dev.verity.profile.ContactNotRemovableException;
import dev.verity.profile.IdentifierTakenException;
import dev.verity.profile.UserNotFoundException;
import dev.verity.shared.RequestBodyTooLargeException;
import dev.verity.token.InvalidTokenException;
import dev.verity.verification.BudgetSpentException;
import dev.verity.verification.CodeExpiredException;
import dev.verity.verification.DestinationRefusedException;
import dev.verity.verification.VerificationEngine;
import dev.verity.verification.NoPendingCodeException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The single place where v1 turns engine outcomes and request problems into Transmit's error bodies. No
 * exception text ever reaches a response; unexpected failures are logged and answered generically.
 */
@RestControllerAdvice(basePackageClasses = V1ErrorHandler.class)
class V1ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(V1ErrorHandler.class);

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<V1Error> invalidBody(MethodArgumentNotValidException e) {
        List<String> problems = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getDefaultMessage())
                .distinct()
                .collect(Collectors.toList());
        return badRequest(problems.isEmpty() ? List.of("Bad request") : problems);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<V1Error> invalidArguments(HandlerMethodValidationException e) {
        return badRequest(List.of("Bad request"));
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<V1Error> badRequest(BadRequestException e) {
        return badRequest(e.problems());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<V1Error> unreadable(HttpMessageNotReadableException e) {
        if (RequestBodyTooLargeException.isCauseOf(e)) {
            return error(HttpStatus.CONTENT_TOO_LARGE);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return badRequest(List.of(field + " must be " + expected(mismatch.getTargetType())));
        }
        if (e.getCause() instanceof JacksonException) {
            return badRequest(List.of("Request body must be valid JSON"));
        }
        return badRequest(List.of("Request body is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<V1Error> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<V1Error> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<V1Error> invalidToken(InvalidTokenException e) {
        return error(HttpStatus.UNAUTHORIZED, "Invalid token");
    }

    @ExceptionHandler(UserNotFoundException.class)
    ResponseEntity<V1Error> userNotFound(UserNotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "User not found");
    }

    @ExceptionHandler(NoPendingCodeException.class)
    ResponseEntity<V1Error> noPendingCode(NoPendingCodeException e) {
        return error(HttpStatus.NOT_FOUND, "No passcode was sent to this address");
    }

    @ExceptionHandler(AddressAlreadyVerifiedException.class)
    ResponseEntity<V1Error> alreadyVerified(AddressAlreadyVerifiedException e) {
        return error(HttpStatus.CONFLICT, e.kind() == ContactKind.EMAIL
                ? "Email is already verified in the tenant"
                : "Phone number is already verified in the tenant");
    }

    @ExceptionHandler(RedirectUriNotAllowedException.class)
    ResponseEntity<V1Error> redirectNotAllowed(RedirectUriNotAllowedException e) {
        return badRequest(List.of("redirect_uri must be one of the application's allowed redirect URIs"));
    }

    @ExceptionHandler(BudgetSpentException.class)
    ResponseEntity<V1Error> rateLimited(BudgetSpentException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(V1Error.of(429, "Too many requests"));
    }

    @ExceptionHandler(DestinationRefusedException.class)
    ResponseEntity<V1Error> destinationNotAllowed(DestinationRefusedException e) {
        return error(HttpStatus.FORBIDDEN, "Destination not allowed");
    }

    @ExceptionHandler(IdentifierTakenException.class)
    ResponseEntity<V1Error> identifierTaken(IdentifierTakenException e) {
        return error(HttpStatus.CONFLICT, "Identifier is taken");
    }

    @ExceptionHandler(ContactNotRemovableException.class)
    ResponseEntity<V1Error> notRemovable(ContactNotRemovableException e) {
        return badRequest(List.of("A primary address cannot be removed"));
    }

    @ExceptionHandler(CodeExpiredException.class)
    ResponseEntity<V1Error> expired(CodeExpiredException e) {
        return ResponseEntity.badRequest().body(new V1Error("Passcode expired", 400, "expired_otp"));
    }

    @ExceptionHandler(InvalidPasscodeException.class)
    ResponseEntity<V1Error> invalidCode(InvalidPasscodeException e) {
        String message = e.kind() == ContactKind.EMAIL ? "Invalid email or passcode" : "Invalid phone number or passcode";
        return ResponseEntity.badRequest().body(new V1Error(message, 400, "invalid_otp"));
    }

    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class})
    ResponseEntity<V1Error> databaseUnavailable(Exception e) {
        log.warn("Database unavailable: {}", e.getClass().getSimpleName());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "Service temporarily unavailable");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<V1Error> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            // Spring MVC's own request errors (missing parameter, bad path variable type, not acceptable…)
            return error(HttpStatus.valueOf(known.getStatusCode().value()));
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), withoutLinkToken(request.getRequestURI()), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
    }

    /** A magic link's path is a live secret: logs get the path without its token (SECURITY.md rule 3). */
    static String withoutLinkToken(String path) {
        int at = path.indexOf(VerificationEngine.LINK_PATH);
        return at < 0 ? path : path.substring(0, at + VerificationEngine.LINK_PATH.length()) + "***";
    }

    private static ResponseEntity<V1Error> badRequest(List<String> problems) {
        return ResponseEntity.badRequest().body(V1Error.of(400, problems));
    }

    private static ResponseEntity<V1Error> error(HttpStatus status) {
        return ResponseEntity.status(status).body(V1Error.of(status));
    }

    private static ResponseEntity<V1Error> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(V1Error.of(status.value(), message));
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the right type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
