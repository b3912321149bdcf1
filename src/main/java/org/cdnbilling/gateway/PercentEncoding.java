package org.cdnbilling.gateway;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding as Alibaba's signatures use it: only A-Z a-z 0-9 - _ . ~ stay literal, every
 * other byte of the UTF-8 form becomes %XX (upper-case hex). One pass, and no copy at all for a value that
 * needs no encoding (most of a signed query); it runs for every parameter of every call.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    public static String encode(String value) {
        int length = value.length();
        int first = 0;
        while (first < length && isUnreserved(value.charAt(first))) {
            first++;
        }
        if (first == length) {
            return value;
        }
        byte[] bytes = value.substring(first).getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(first + bytes.length * 3).append(value, 0, first);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (isUnreserved(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
