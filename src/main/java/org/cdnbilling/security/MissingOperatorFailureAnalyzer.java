package org.cdnbilling.security;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to set when the operator account is missing, instead of a bare binding failure. */
class MissingOperatorFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (!cause.getName().toString().startsWith("cdn.operator")) {
            return null;
        }
        return new FailureAnalysis(
                "No operator account is configured: Cockpit, the admin API and the engine REST API need one.",
                "Set the environment variables CDN_ADMIN_USER and CDN_ADMIN_PASSWORD (for example "
                        + "CDN_ADMIN_USER=operator CDN_ADMIN_PASSWORD='a long secret' java -jar ...), "
                        + "or run the demo profile (--spring.profiles.active=demo, operator demo/demo).",
                cause);
    }
}
