package org.cdnbilling.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says which environment variable to set when a required secret is missing. */
class MissingSettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSettingException cause) {
        return switch (cause.setting()) {
            case OPERATOR -> new FailureAnalysis(
                    "No operator account is configured: Cockpit, the admin API and the engine REST API need one.",
                    "Set the environment variables CDN_ADMIN_USER and CDN_ADMIN_PASSWORD (for example "
                            + "CDN_ADMIN_USER=operator CDN_ADMIN_PASSWORD='a long secret' java -jar ...), "
                            + "or run the demo profile (--spring.profiles.active=demo, operator demo/demo).",
                    cause);
            case SECRET_KEY -> new FailureAnalysis(
                    "No key to encrypt AccessKeySecrets at rest is configured (at least "
                            + RequiredSecrets.MIN_SECRET_KEY_LENGTH + " characters needed).",
                    "Set the environment variable CDN_SECRET_KEY to a random value of 32 characters or more, "
                            + "for example CDN_SECRET_KEY=$(openssl rand -base64 32); keep it: the stored "
                            + "secrets can only be read with the same key.",
                    cause);
        };
    }
}
