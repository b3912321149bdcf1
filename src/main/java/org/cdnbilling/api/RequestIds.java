package org.cdnbilling.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.UUID;

/** The RequestId every response carries, in Alibaba's upper-case UUID form. */
public final class RequestIds {

    static final String ATTRIBUTE = RequestIds.class.getName();
    public static final String MDC_REQUEST_ID = "RequestId";
    public static final String MDC_OWNER_ID = "OwnerId";
    public static final String HEADER = "x-acs-request-id";

    private RequestIds() {
    }

    static String newRequestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    /** The RequestId of this request (assigned by {@link RequestIdFilter}). */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id == null) {
            id = newRequestId();
            request.setAttribute(ATTRIBUTE, id);
        }
        return (String) id;
    }
}
