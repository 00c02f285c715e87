package io.salespipeline.command.lead.http;

import org.springframework.http.HttpStatus;

/**
 * How a command came over HTTP: the request body and path (what an {@code Idempotency-Key} binds to),
 * the key, the {@code If-Match} header and the status a success answers with.
 */
record SendOptions(Object requestBody, String requestPath, String idempotencyKey, String ifMatch,
                   HttpStatus successStatus) {
}
