package org.cdnbilling.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-encoding as Alibaba's signatures use it: only A-Z a-z 0-9 - _ . ~ stay literal. */
public final class PercentEncoding {

    private PercentEncoding() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
