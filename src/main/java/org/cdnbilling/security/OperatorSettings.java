package org.cdnbilling.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operator account, from {@code CDN_ADMIN_USER} and {@code CDN_ADMIN_PASSWORD}. It logs in to Cockpit,
 * the admin API and the engine REST API. Without it the service does not start.
 */
@Validated
@ConfigurationProperties("cdn.operator")
public record OperatorSettings(@NotBlank String user, @NotBlank String password) {

    @Override
    public String toString() {
        return "OperatorSettings[user=" + user + "]";
    }
}
