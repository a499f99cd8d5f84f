package dev.verity.admin;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.verity.shared.RequestBodyTooLargeException;
import dev.verity.tenancy.IdTakenException;
import dev.verity.tenancy.WebhookUrlTakenException;
import dev.verity.token.InvalidTokenException;

/**
 * Verity's own APIs answer errors as RFC 9457 problem details with a stable {@code type}; Spring MVC's
 * own request errors (bad parameter types, unsupported media types…) come through the base class, which
 * would leave them {@code about:blank}, so they get a type here too.
 */
@RestControllerAdvice(basePackageClasses = AdminErrorHandler.class)
class AdminErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(AdminErrorHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(InvalidTokenException.class)
    ResponseEntity<ProblemDetail> invalidToken() {
        return problem(HttpStatus.UNAUTHORIZED, "invalid-token", "A valid client access token is required.");
    }

    @ExceptionHandler(AdminController.ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden() {
        return problem(HttpStatus.FORBIDDEN, "admin-role-required", "This client does not have the admin role.");
    }

    @ExceptionHandler(AdminController.NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound() {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource in this tenant.");
    }

    @ExceptionHandler(AdminController.InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(AdminController.InvalidInputException e) {
        // messages of InvalidInputException are written for callers (validation texts), never exception internals
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
    }

    @ExceptionHandler(WebhookUrlTakenException.class)
    ResponseEntity<ProblemDetail> webhookUrlTaken() {
        return problem(HttpStatus.CONFLICT, "webhook-exists", "The application already has a webhook at this url.");
    }

    @ExceptionHandler(IdTakenException.class)
    ResponseEntity<ProblemDetail> idTaken(IdTakenException e) {
        return problem(HttpStatus.CONFLICT, e.kind() + "-exists", "id: this " + e.kind() + " id is already taken.");
    }

    @ExceptionHandler(AdminController.ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(AdminController.ConflictException e) {
        return problem(HttpStatus.CONFLICT, e.type(), e.getMessage());
    }

    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The database is briefly unavailable; retry.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "The request could not be completed.");
    }

    /** A body over the limit is a 413, not the base class's 400 for any unreadable body. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyTooLargeException.isCauseOf(ex)) {
            HttpStatus tooLarge = HttpStatus.CONTENT_TOO_LARGE;
            return ResponseEntity.status(tooLarge).body(problemDetail(tooLarge, type(tooLarge), detail(tooLarge)));
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(typeUri(type(ex, statusCode)));
            // Spring's own details quote what the caller sent (a parameter's value, a Content-Type)
            if (ex instanceof TypeMismatchException mismatch && mismatch.getPropertyName() != null) {
                problem.setDetail("'" + mismatch.getPropertyName() + "' has the wrong type.");
            } else if (!(ex instanceof MethodArgumentNotValidException || ex instanceof HandlerMethodValidationException
                    || ex instanceof MissingServletRequestParameterException)) {
                problem.setDetail(detail(HttpStatus.valueOf(statusCode.value())));
            }
        }
        return response;
    }

    private static String type(Exception ex, HttpStatusCode status) {
        if (ex instanceof MethodArgumentNotValidException || ex instanceof HandlerMethodValidationException
                || ex instanceof TypeMismatchException || ex instanceof MissingServletRequestParameterException) {
            return "invalid-input";
        }
        if (ex instanceof HttpMessageNotReadableException) {
            return "malformed-body";
        }
        return type(status);
    }

    /** The stable type of an error that has nothing more specific to say than its status. */
    static String type(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 401 -> "invalid-token";
            case 403 -> "forbidden";
            case 404 -> "route-not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-requests";
            case 503 -> "unavailable";
            case 500 -> "internal";
            default -> "http-" + status.value();
        };
    }

    /** What an error that has nothing more specific to say than its status tells the caller. */
    static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No such route in the admin API.";
            case METHOD_NOT_ALLOWED -> "This route does not support the method.";
            case NOT_ACCEPTABLE -> "Responses are application/json.";
            case CONTENT_TOO_LARGE -> "The request body is too large.";
            case UNSUPPORTED_MEDIA_TYPE -> "The request body must be application/json.";
            case UNAUTHORIZED -> "A valid client access token is required.";
            case BAD_REQUEST -> "The request could not be read.";
            default -> status.getReasonPhrase() + ".";
        };
    }

    static ProblemDetail problemDetail(HttpStatus status, String type, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(typeUri(type));
        return body;
    }

    private static URI typeUri(String type) {
        return URI.create("https://verity.dev/problems/" + type);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        return ResponseEntity.status(status).body(problemDetail(status, type, detail));
    }
}
