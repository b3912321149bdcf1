package org.cdnbilling.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start, before anything touches the database, when a required secret is missing: the operator
 * account ({@code CDN_ADMIN_USER}, {@code CDN_ADMIN_PASSWORD}) or the key that encrypts AccessKeySecrets
 * ({@code CDN_SECRET_KEY}, at least 32 characters). {@link MissingSettingFailureAnalyzer} says what to set.
 */
class RequiredSecrets implements EnvironmentPostProcessor {

    static final int MIN_SECRET_KEY_LENGTH = 32;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (blank(environment.getProperty("cdn.operator.user"))
                || blank(environment.getProperty("cdn.operator.password"))) {
            throw new MissingSettingException(MissingSettingException.Setting.OPERATOR);
        }
        String secretKey = environment.getProperty("cdn.security.secret-key");
        if (blank(secretKey) || secretKey.length() < MIN_SECRET_KEY_LENGTH) {
            throw new MissingSettingException(MissingSettingException.Setting.SECRET_KEY);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
