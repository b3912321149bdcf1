package org.cdnbilling.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What every request of the admin API and the RPC API may carry, and what a caller is told when the database is
 * unavailable.
 *
 * @param maxBodySize the largest request body taken (binary units: {@code 2MB} is 2,097,152 bytes); a larger one is
 *     refused with 413 in the API's dialect, at once if its {@code Content-Length} says so, else when the body
 *     passes the limit as it streams. Tomcat's {@code server.tomcat.max-swallow-size} and
 *     {@code max-http-form-post-size} and nginx's {@code client_max_body_size} (deploy/nginx.conf) are the same
 * @param retryAfter the {@code Retry-After} of a 503 answered while the database is unavailable (whole seconds)
 */
@ConfigurationProperties("cdn.http")
public record HttpSettings(@DefaultValue("2MB") DataSize maxBodySize, @DefaultValue("10s") Duration retryAfter) {

    long maxBodyBytes() {
        return maxBodySize.toBytes();
    }

    String retryAfterSeconds() {
        return Long.toString(Math.max(1, retryAfter.toSeconds()));
    }
}
