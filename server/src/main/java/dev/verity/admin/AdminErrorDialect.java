package dev.verity.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import dev.verity.shared.ApiErrorDialect;

/** RFC 9457 problem details for everything under {@code /admin/api} that no admin controller answered. */
@Component
class AdminErrorDialect implements ApiErrorDialect {

    @Override
    public String pathPrefix() {
        return "/admin/api";
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpStatus status) {
        ProblemDetail problem = AdminErrorHandler.problemDetail(status, AdminErrorHandler.type(status),
                AdminErrorHandler.detail(status));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
