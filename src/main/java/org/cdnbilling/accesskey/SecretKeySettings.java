package org.cdnbilling.accesskey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The key that encrypts AccessKeySecrets at rest, from {@code CDN_SECRET_KEY}: at least 32 characters. */
@Validated
@ConfigurationProperties("cdn.security")
public record SecretKeySettings(@NotBlank @Size(min = 32) String secretKey) {

    @Override
    public String toString() {
        return "SecretKeySettings[secretKey=(hidden)]";
    }
}
